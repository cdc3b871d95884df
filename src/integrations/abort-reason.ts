/** Why the engine aborted a task's signal, in words for StoppedReason / StatusReason and the task log. */
import { Halt, isStatesError } from '../engine';

export function abortReasonText(reason: unknown): string {
  if (isStatesError(reason)) return reason.cause ?? reason.error ?? 'the state ended';
  if (reason instanceof Halt) {
    if (reason.kind === 'execution-timeout') return 'the execution timed out';
    if (reason.kind === 'sibling-failed') return 'a parallel branch or Map iteration failed';
    return reason.cause !== undefined ? `the execution was stopped: ${reason.cause}` : 'the execution was stopped';
  }
  return 'the execution was stopped';
}
