/**
 * A clock whose timers ring only when a test moves time (the shape both src/schedules and src/events take), so a
 * schedule or a back-off is tested without sleeping through it.
 */
import type { SchedulerClock } from '../../src/schedules/scheduler';

export class FakeClock implements SchedulerClock {
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 1;
  constructor(public time: number) {}
  now = (): number => this.time;
  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = this.nextId++;
    this.timers.push({ at: this.time + ms, fn, id });
    return id;
  };
  clearTimeout = (handle: unknown): void => {
    this.timers = this.timers.filter((t) => t.id !== handle);
  };
  /** Moves time forward, ringing due timers in order (awaiting what they start). */
  async advanceTo(iso: string): Promise<void> {
    const until = Date.parse(iso);
    for (;;) {
      const due = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.time = Math.max(this.time, due.at);
      due.fn();
      await new Promise((r) => setImmediate(r));
    }
    this.time = until;
  }
}
