/**
 * Numbers history events the way AWS does: ids start at 1 and are consecutive across the whole execution, and
 * `previousEventId` names the event this one follows in its thread of execution (the top level, a Parallel branch,
 * a Map iteration). The rules, with the AWS-recorded histories that show them, are in docs/engine.md ("History
 * events"); the "(entered at the event id #N)" in AWS causes comes out identical because ids do.
 */
import type { HistoryEvent, HistoryEventType, NewHistoryEvent } from './events';
import type { Clock, EventSink } from './ports';

/**
 * Events nothing follows: the next event of their thread points where they point. ExecutionStarted (so the first
 * state's Entered event follows 0), the end of a Map iteration (the next iteration follows the last state of the
 * one before), and a Map's or Parallel's success (its Exited event follows what the success followed).
 */
const NOT_FOLLOWED: ReadonlySet<HistoryEventType> = new Set<HistoryEventType>([
  'ExecutionStarted',
  'MapIterationSucceeded',
  'MapIterationFailed',
  'MapIterationAborted',
  'MapStateSucceeded',
  'ParallelStateSucceeded',
]);

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

  /**
   * Appends an event on `thread` and returns its id. `follows` overrides the event it points to (an
   * EvaluationFailed follows what its state's Entered event followed); `at` is its time when the caller already
   * took it (a state's deadlines count from its Entered event's own timestamp).
   */
  append(thread: EventThread, event: NewHistoryEvent, follows = thread.lastEventId, at?: number): number {
    const id = ++this.lastId;
    const full: HistoryEvent = { ...event, id, previousEventId: follows, timestamp: at ?? this.clock.now() };
    thread.lastWrittenId = id;
    if (!NOT_FOLLOWED.has(event.type)) thread.lastEventId = id;
    this.sink.append(full);
    return id;
  }
}

/** One line of execution: the top level, a Parallel branch or a Map iteration. */
export class EventThread {
  /** The latest event written on this thread, whether or not the next one follows it. */
  lastWrittenId: number;

  constructor(
    /** The event the next event of this thread follows. */
    public lastEventId: number,
  ) {
    this.lastWrittenId = lastEventId;
  }

  /** A thread that continues from this one (a branch or iteration being started). */
  fork(): EventThread {
    return new EventThread(this.lastEventId);
  }

  /**
   * Takes in a branch or iteration that ended: the next event follows the latest event any of them is followed by
   * (an iteration started after another one ended follows that one's last state).
   */
  absorb(thread: EventThread): void {
    this.lastEventId = Math.max(this.lastEventId, thread.lastEventId);
    this.lastWrittenId = Math.max(this.lastWrittenId, thread.lastWrittenId);
  }

  /**
   * After every branch or iteration succeeded: the Map's or Parallel's own success follows the very last event
   * written in them (the last MapIterationSucceeded, a branch's last Exited).
   */
  settle(): void {
    this.lastEventId = this.lastWrittenId;
  }
}
