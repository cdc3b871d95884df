import { randomUUID } from 'node:crypto';
import type { Clock, IdGenerator } from '../engine';

/** setTimeout cannot wait longer than 2^31-1 ms; longer waits (Wait states of days) sleep in slices. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The wall clock, with sleeps that end early when aborted. They reject with the signal's reason as given (the
 * engine aborts with its own Halt errors and recognises them).
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason as Error);
        return;
      }
      const deadline = Date.now() + Math.max(0, ms);
      let timer: NodeJS.Timeout;
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(signal!.reason as Error);
      };
      const arm = (): void => {
        const left = deadline - Date.now();
        if (left <= 0) {
          signal?.removeEventListener('abort', onAbort);
          resolve();
          return;
        }
        timer = setTimeout(arm, Math.min(left, MAX_TIMER_MS));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      timer = setTimeout(arm, Math.min(Math.max(0, ms), MAX_TIMER_MS));
    });
  },
};

export const randomIds: IdGenerator = { uuid: () => randomUUID() };
