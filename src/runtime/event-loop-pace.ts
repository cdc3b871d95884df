/** How long the engine may run before it lets the event loop turn. */
const SLICE_MS = 4;

/**
 * Shares the one event loop between the engine and everything else (API requests, S3, history flushes). Engine work
 * runs in slices of about SLICE_MS: the first state after the loop turned starts a slice, and once it is spent each
 * state about to start waits in one queue. A turn of the loop later, the queue is let go one waiter at a time — each
 * state that starts within the new slice lets the next waiter go — until that slice is spent too. Letting the whole
 * queue go at once would run every waiting state (hundreds, with a few wide Maps) in one turn.
 */
export function eventLoopPacer(now: () => number = () => performance.now()): () => Promise<void> | undefined {
  const waiting: (() => void)[] = [];
  let sliceStart: number | undefined;
  let turnScheduled = false;

  const scheduleTurn = (): void => {
    if (turnScheduled) return;
    turnScheduled = true;
    setImmediate(() => {
      turnScheduled = false;
      sliceStart = undefined;
      if (waiting.length === 0) return;
      sliceStart = now();
      waiting.shift()?.();
      // The next turn ends this slice even if no state asks again (the one let go may end its execution).
      scheduleTurn();
    });
  };

  return () => {
    const time = now();
    if (sliceStart === undefined) {
      sliceStart = time;
      scheduleTurn();
    }
    if (time - sliceStart < SLICE_MS) {
      waiting.shift()?.();
      return undefined;
    }
    scheduleTurn();
    return new Promise((resolve) => waiting.push(resolve));
  };
}
