/**
 * Exit codes every task program uses, so the runner (ECS StopCode, Batch StatusReason) and the workflow's Retry can
 * tell why a task ended.
 */
export const TaskExitCode = {
  /** Every item of the input succeeded. */
  Succeeded: 0,
  /** The task ran, but some items failed; their reasons are in its output. */
  ItemsFailed: 2,
  /** The input could not be read or was invalid: retrying will not help. */
  BadInput: 3,
  /** Stopped by SIGTERM (Spot interruption, timeout, StopExecution) after checkpointing: safe to retry. */
  Interrupted: 143,
} as const;
export type TaskExitCode = (typeof TaskExitCode)[keyof typeof TaskExitCode];
