/**
 * Runs `count` jobs with at most `limit` in flight, in index order. Bounding every fan-out keeps a 10,000-item Map
 * from creating 10,000 promises (and their state) at once.
 */
export async function forEachBounded(
  count: number,
  limit: number,
  job: (index: number) => Promise<void>,
  shouldStop: () => boolean,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count && !shouldStop()) {
      const index = next++;
      await job(index);
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(limit, count)) }, () => worker());
  await Promise.all(workers);
}
