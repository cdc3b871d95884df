/** Jobs started between two turns of the event loop. */
export const JOBS_PER_TURN = 32;

/**
 * Runs `count` jobs with at most `limit` in flight, in index order. Bounding every fan-out keeps a 10,000-item Map
 * from creating 10,000 promises (and their state) at once. Every JOBS_PER_TURN jobs the workers let the event loop
 * turn: iterations of Pass states settle in microtasks only, and a Map of thousands of them would otherwise hold
 * the process — API reads included — until it ends.
 */
export async function forEachBounded(
  count: number,
  limit: number,
  job: (index: number) => Promise<void>,
  shouldStop: () => boolean = () => false,
): Promise<void> {
  let next = 0;
  // Every worker waits out the same turn, or the others would go on while one pauses.
  let pause: Promise<void> | undefined;
  const worker = async (): Promise<void> => {
    while (next < count && !shouldStop()) {
      const index = next++;
      if (index > 0 && index % JOBS_PER_TURN === 0) {
        pause = nextTurn().then(() => {
          pause = undefined;
        });
      }
      if (pause) await pause;
      await job(index);
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(limit, count)) }, () => worker());
  await Promise.all(workers);
}

/** forEachBounded over the items of a list; the first job that fails rejects it. */
export function eachBounded<T>(items: readonly T[], limit: number, job: (item: T) => Promise<void>): Promise<void> {
  return forEachBounded(items.length, limit, (index) => job(items[index]!));
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
