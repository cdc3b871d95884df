/** Transfers in flight at once between the command and the endpoint: enough to hide a request's latency, few enough
 * not to take the cores from the OCR workers that share the machine. */
export const TRANSFERS_IN_FLIGHT = 8;

/** Runs `job` over `items` with at most `limit` at once; the first failure rejects once the jobs in flight end. */
export async function eachBounded<T>(
  items: readonly T[],
  job: (item: T) => Promise<void>,
  limit = TRANSFERS_IN_FLIGHT,
): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await job(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
