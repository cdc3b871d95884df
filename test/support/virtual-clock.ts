import type { Clock } from '../../src/engine';

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

/**
 * A fake clock for tests: no test sleeps through a back-off or a Wait. With `autoAdvance` (the default), whenever
 * the program has nothing left to do but wait, time jumps to the earliest timer. Without it, tests move time with
 * `advance(ms)`.
 */
export class VirtualClock implements Clock {
  private time: number;
  private seq = 0;
  private readonly timers: Timer[] = [];
  private scheduled = false;
  /** Every sleep requested, in ms, in order: lets tests assert back-off sequences. */
  readonly sleeps: number[] = [];

  constructor(
    start = Date.UTC(2026, 10, 21, 12, 0, 0),
    private readonly autoAdvance = true,
  ) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
        return;
      }
      const timer: Timer = { at: this.time + ms, seq: this.seq++, resolve };
      this.timers.push(timer);
      signal?.addEventListener(
        'abort',
        () => {
          const i = this.timers.indexOf(timer);
          if (i >= 0) this.timers.splice(i, 1);
          reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
        },
        { once: true },
      );
      this.schedule();
    });
  }

  /** Moves time forward, firing the timers that fall due, in order. */
  async advance(ms: number): Promise<void> {
    const target = this.time + ms;
    for (;;) {
      const next = this.earliest();
      if (next === undefined || next.at > target) break;
      this.fire(next);
      await flush();
    }
    this.time = target;
  }

  get pendingTimers(): number {
    return this.timers.length;
  }

  private earliest(): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.timers) if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    return best;
  }

  private fire(timer: Timer): void {
    this.timers.splice(this.timers.indexOf(timer), 1);
    this.time = Math.max(this.time, timer.at);
    timer.resolve();
  }

  private schedule(): void {
    if (!this.autoAdvance || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const next = this.earliest();
      if (next === undefined) return;
      this.fire(next);
      if (this.timers.length > 0) this.schedule();
    });
  }
}

/** Lets pending promise callbacks run. */
export function flush(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
