/**
 * Task attempts a crash interrupted. A server that dies while a Task runs leaves its TaskScheduled/TaskStarted
 * (or ActivityScheduled/ActivityStarted) with no end. AWS never shows its own hosts failing, so there is no
 * recorded shape to copy; the nearest AWS case is a worker that vanished (a stopped container, a Spot
 * interruption), which AWS closes with a failure of the attempt before the next one. On resume each open attempt is
 * closed the same way — `TaskFailed` (or `ActivityFailed`) with `States.TaskFailed` and INTERRUPTED_CAUSE — and the
 * task runs again. The interruption is the engine's, not the task's, so it is not counted against the state's
 * Retry and never reaches a Catch (docs/reliability.md, "Resume at start-up").
 */
import { StatesErrorName } from './errors';
import type { HistoryEvent, HistoryEventType } from './events';
import type { EventLog, EventThread } from './history';

export const INTERRUPTED_CAUSE =
  'The server running the execution stopped before the task answered; the attempt was abandoned and the task runs again.';

/** An attempt's opening event and the latest event it wrote (what its end follows). */
interface OpenAttempt {
  scheduled: HistoryEvent;
  lastEventId: number;
}

const OPENS = new Set<HistoryEventType>(['TaskScheduled', 'ActivityScheduled']);
const CONTINUES = new Set<HistoryEventType>(['TaskStarted', 'TaskSubmitted', 'ActivityStarted']);
const ENDS = new Set<HistoryEventType>([
  'TaskSucceeded',
  'TaskFailed',
  'TaskTimedOut',
  'TaskStartFailed',
  'TaskSubmitFailed',
  'ActivitySucceeded',
  'ActivityFailed',
  'ActivityTimedOut',
  'ActivityScheduleFailed',
]);

/**
 * The attempts `events` opened and never ended, in the order they were scheduled. Each event of an attempt
 * follows the one before it (`previousEventId`), whatever else its thread's siblings wrote in between.
 */
export function openAttempts(events: readonly HistoryEvent[]): OpenAttempt[] {
  const byLast = new Map<number, OpenAttempt>();
  for (const event of events) {
    if (OPENS.has(event.type)) {
      byLast.set(event.id, { scheduled: event, lastEventId: event.id });
      continue;
    }
    const attempt = byLast.get(event.previousEventId);
    if (attempt === undefined) continue;
    if (CONTINUES.has(event.type)) {
      byLast.delete(event.previousEventId);
      attempt.lastEventId = event.id;
      byLast.set(event.id, attempt);
    } else if (ENDS.has(event.type)) {
      byLast.delete(event.previousEventId);
    }
  }
  return [...byLast.values()].sort((a, b) => a.scheduled.id - b.scheduled.id);
}

/** Writes the end of every attempt `prior` left open; the thread goes on after the last one written. */
export function closeInterruptedAttempts(prior: readonly HistoryEvent[], log: EventLog, thread: EventThread): void {
  const fields = { error: StatesErrorName.TaskFailed, cause: INTERRUPTED_CAUSE };
  for (const attempt of openAttempts(prior)) {
    const task = attempt.scheduled.taskScheduledEventDetails;
    if (task !== undefined) {
      const names = { resourceType: task.resourceType, resource: task.resource };
      log.append(thread, { type: 'TaskFailed', taskFailedEventDetails: { ...names, ...fields } }, attempt.lastEventId);
    } else {
      log.append(thread, { type: 'ActivityFailed', activityFailedEventDetails: fields }, attempt.lastEventId);
    }
  }
}

/** Whether a failed attempt in a history is one a crash interrupted (and so not the task's own failure). */
export function isInterruption(error: string | null | undefined, cause: string | null | undefined): boolean {
  return error === StatesErrorName.TaskFailed && cause === INTERRUPTED_CAUSE;
}
