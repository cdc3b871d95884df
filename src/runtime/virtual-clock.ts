/**
 * Skipped time (`fanout serve --time virtual`): a clock that stands still while anything can still run and, once
 * nothing can, jumps to the earliest deadline — a Wait, a retry back-off, a heartbeat or a timeout. Histories carry
 * its timestamps. Work the clock cannot see (a task's process, a call to a local service) holds time still while
 * it runs when it goes through `during`; a callback awaited from outside does not, so its timeouts come at once.
 */
import type { Clock, TaskRunner } from '../engine';

interface Timer {
  at: number;
  seq: number;
  resolve: () => void;
}

export class VirtualClock implements Clock {
  private time: number;
  private seq = 0;
  private busy = 0;
  private readonly timers: Timer[] = [];
  private scheduled = false;

  constructor(start = Date.now()) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason as Error);
        return;
      }
      const timer: Timer = { at: this.time + Math.max(0, ms), seq: this.seq++, resolve };
      this.timers.push(timer);
      signal?.addEventListener(
        'abort',
        () => {
          const i = this.timers.indexOf(timer);
          if (i >= 0) this.timers.splice(i, 1);
          reject(signal.reason as Error);
        },
        { once: true },
      );
      this.schedule();
    });
  }

  /** Keeps time still until `work` settles. */
  async during<T>(work: Promise<T>): Promise<T> {
    this.busy++;
    try {
      return await work;
    } finally {
      this.busy--;
      this.schedule();
    }
  }

  /** A task runner whose tasks hold time still while they run. */
  holdDuring(runner: TaskRunner): TaskRunner {
    return { run: (request) => this.during(runner.run(request)) };
  }

  get pendingTimers(): number {
    return this.timers.length;
  }

  /**
   * Jumps after two turns of the event loop with nothing busy: promise chains and I/O callbacks already queued run
   * first, so "nothing else is runnable" holds.
   */
  private schedule(): void {
    if (this.scheduled || this.busy > 0 || this.timers.length === 0) return;
    this.scheduled = true;
    setImmediate(() =>
      setImmediate(() => {
        this.scheduled = false;
        if (this.busy > 0) return;
        const next = this.earliest();
        if (next === undefined) return;
        this.timers.splice(this.timers.indexOf(next), 1);
        this.time = Math.max(this.time, next.at);
        next.resolve();
        this.schedule();
      }),
    );
  }

  private earliest(): Timer | undefined {
    let best: Timer | undefined;
    for (const t of this.timers) if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    return best;
  }
}
