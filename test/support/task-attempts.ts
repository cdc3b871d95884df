/**
 * How many end events each Task attempt of a history has: for every TaskScheduled, the TaskSucceeded, TaskFailed,
 * TaskTimedOut, TaskStartFailed or TaskSubmitFailed events whose previousEventId chain (through TaskStarted and
 * TaskSubmitted) leads back to it. A well-formed history that goes on after an attempt has exactly one.
 */
interface Event {
  id?: number | undefined;
  previousEventId?: number | undefined;
  type?: string | undefined;
}

const ENDS = new Set(['TaskSucceeded', 'TaskFailed', 'TaskTimedOut', 'TaskStartFailed', 'TaskSubmitFailed']);
const CONTINUES = new Set(['TaskStarted', 'TaskSubmitted']);

/** The number of ends of each TaskScheduled, by its event id; an end that leads to no TaskScheduled throws. */
export function endsPerAttempt(events: readonly Event[]): Map<number, number> {
  const byId = new Map(events.map((e) => [e.id, e]));
  const ends = new Map<number, number>();
  for (const e of events) if (e.type === 'TaskScheduled') ends.set(e.id ?? 0, 0);
  for (const end of events) {
    if (!ENDS.has(end.type ?? '')) continue;
    let at = byId.get(end.previousEventId);
    while (at !== undefined && CONTINUES.has(at.type ?? '')) at = byId.get(at.previousEventId);
    if (at?.type !== 'TaskScheduled') throw new Error(`event ${end.id} (${end.type}) ends no TaskScheduled`);
    ends.set(at.id ?? 0, (ends.get(at.id ?? 0) ?? 0) + 1);
  }
  return ends;
}
