/**
 * Where a redriven execution picks up (RedriveExecution, spec §2): the top-level state that was entered but never
 * exited, with the input it was entered with and the variables assigned before it. A Parallel or inline Map state is
 * rerun as a whole; a Distributed Map continues its Map Run.
 */
import type { HistoryEvent } from './events';
import { isInterruption } from './interrupted-attempts';
import type { Json } from './json';

export interface RedrivePoint {
  stateName: string;
  input: Json;
  /** The unfinished state's Entered event: its id and timestamp. */
  enteredEventId: number;
  enteredTimestamp: number;
  /** The unfinished Task's failed attempts so far, in order (its retriers' counts and back-off resume from them). */
  failures: TaskAttemptFailure[];
  variables: Map<string, Json>;
  /** The Map Run the state had started, when it is a Distributed Map. */
  mapRunArn?: string;
}

export interface TaskAttemptFailure {
  error: string | null;
  cause: string | null;
  timestamp: number;
}

const OPENS_SCOPE = new Set(['ParallelStateStarted', 'MapStateStarted']);
const CLOSES_SCOPE = new Set([
  'ParallelStateSucceeded',
  'ParallelStateFailed',
  'ParallelStateAborted',
  'MapStateSucceeded',
  'MapStateFailed',
  'MapStateAborted',
]);

export function redrivePoint(events: readonly HistoryEvent[]): RedrivePoint | undefined {
  let depth = 0;
  let open:
    | { name: string; input: Json; id: number; timestamp: number; failures: TaskAttemptFailure[]; mapRunArn?: string }
    | undefined;
  const variables = new Map<string, Json>();
  for (const event of events) {
    if (CLOSES_SCOPE.has(event.type)) depth = Math.max(0, depth - 1);
    if (depth === 0) {
      const entered = event.stateEnteredEventDetails;
      const exited = event.stateExitedEventDetails;
      if (entered && event.type.endsWith('StateEntered')) {
        open = {
          name: entered.name,
          input: JSON.parse(entered.input) as Json,
          id: event.id,
          timestamp: event.timestamp,
          failures: [],
        };
      } else if (open && isTaskFailure(event)) {
        const details = event.taskFailedEventDetails ?? event.taskTimedOutEventDetails;
        open.failures.push({
          error: details?.error ?? null,
          cause: details?.cause ?? null,
          timestamp: event.timestamp,
        });
      } else if (exited && event.type.endsWith('StateExited')) {
        open = undefined;
        for (const [k, v] of Object.entries(exited.assignedVariables ?? {})) variables.set(k, JSON.parse(v) as Json);
      }
    } else if (depth === 1 && open && event.mapRunStartedEventDetails) {
      open.mapRunArn = event.mapRunStartedEventDetails.mapRunArn;
    }
    if (OPENS_SCOPE.has(event.type)) depth++;
  }
  if (open === undefined) return undefined;
  return {
    stateName: open.name,
    input: open.input,
    enteredEventId: open.id,
    enteredTimestamp: open.timestamp,
    failures: open.failures,
    variables,
    ...(open.mapRunArn ? { mapRunArn: open.mapRunArn } : {}),
  };
}

/** A failed Task attempt of the task's own (an attempt a crash interrupted does not count against its Retry). */
function isTaskFailure(event: HistoryEvent): boolean {
  const details = event.taskFailedEventDetails ?? event.taskTimedOutEventDetails;
  return details !== undefined && !isInterruption(details.error, details.cause);
}
