/**
 * Long polling: a ReceiveMessage with WaitTimeSeconds parks here until a message may have become available in
 * its queue (a send, a visibility change, a redrive) or its deadline passes, whichever is first.
 */
import type { Clock } from '../engine';

export class QueueWaiters {
  private readonly waiting = new Map<number, Set<() => void>>();
  private closed = false;

  /** Resolves on `notify(queueId)`, after `ms` on the clock, or on `close()`. */
  async wait(queueId: number, ms: number, clock: Clock): Promise<void> {
    if (this.closed || ms <= 0) return;
    const abort = new AbortController();
    const set = this.waiting.get(queueId) ?? new Set();
    this.waiting.set(queueId, set);
    const wake = (): void => abort.abort();
    set.add(wake);
    try {
      await clock.sleep(ms, abort.signal);
    } catch {
      // Woken early: that is the point.
    } finally {
      set.delete(wake);
      if (set.size === 0) this.waiting.delete(queueId);
    }
  }

  notify(queueId: number): void {
    for (const wake of this.waiting.get(queueId) ?? []) wake();
  }

  /** Ends every wait now (the server is shutting down). */
  close(): void {
    this.closed = true;
    for (const set of this.waiting.values()) for (const wake of set) wake();
  }

  get isClosed(): boolean {
    return this.closed;
  }
}
