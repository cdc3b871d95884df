/** Pieces of the fake task runners that endpoint tests give the server instead of real ECS, Batch or Lambda. */
import type { TaskRequest } from '../../src/engine';

/** A task that runs until its execution is stopped (or for a minute): it ends by rejecting with the abort reason. */
export function runUntilStopped(req: TaskRequest): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, 60_000);
    req.signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(req.signal.reason as Error);
    });
  });
}
