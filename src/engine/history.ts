/**
 * Numbers history events the way AWS does: ids start at 1 and are consecutive across the whole execution, and
 * `previousEventId` points at the event before it in the same thread (a Parallel branch or Map iteration runs
 * in a thread of its own), so the "(entered at the event id #N)" in AWS causes comes out identical.
 */
import type { HistoryEvent, NewHistoryEvent } from './events';
import type { Clock, EventSink } from './ports';

export class EventLog {
  private lastId: number;

  constructor(
    private readonly sink: EventSink,
    private readonly clock: Clock,
    /** Events already in the history (a redriven or resumed execution continues their numbering). */
    startAfter = 0,
  ) {
    this.lastId = startAfter;
  }

  get latestId(): number {
    return this.lastId;
  }

  /** Appends an event on `thread` and returns its id. */
  append(thread: EventThread, event: NewHistoryEvent): number {
    const id = ++this.lastId;
    const full: HistoryEvent = { ...event, id, previousEventId: thread.lastEventId, timestamp: this.clock.now() };
    thread.lastEventId = id;
    this.sink.append(full);
    return id;
  }
}

/** One line of execution: the top level, a Parallel branch or a Map iteration. */
export class EventThread {
  constructor(public lastEventId: number) {}

  /** A thread that continues from this one's latest event (a branch or iteration being started). */
  fork(): EventThread {
    return new EventThread(this.lastEventId);
  }

  /** Continues after a set of forked threads have ended: the next event follows the latest of them. */
  join(threads: readonly EventThread[]): void {
    for (const t of threads) this.lastEventId = Math.max(this.lastEventId, t.lastEventId);
  }
}
