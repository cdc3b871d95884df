import { StatesErrorName } from '../errors';
import type { StatesError } from '../errors';
import type { StateRun } from '../state-run';

/**
 * Writes a Map's or Parallel's *StateFailed once its error is final. A States.Runtime error of the state's own
 * fields (a MaxConcurrencyPath or ToleratedFailureCountPath that is no number) ends the execution with no such
 * event, as AWS records it; a failed branch or iteration, a failed Map Run and a JSONata evaluation failure have one.
 */
export function containerFailed(
  run: StateRun,
  type: 'MapStateFailed' | 'ParallelStateFailed',
  error: StatesError,
  fromChildren: boolean,
): void {
  if (!fromChildren && error.error === StatesErrorName.Runtime) return;
  run.frame.runtime.log.append(run.frame.thread, { type });
}
