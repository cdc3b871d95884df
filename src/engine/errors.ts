/**
 * ASL errors. Each error an execution can raise is a StatesError whose `error` is the ASL error name, so
 * Retry and Catch match on it; `cause` is the text AWS would put beside it.
 */

/** Every `States.*` name the engine raises or matches, in one table. */
export const StatesErrorName = {
  ALL: 'States.ALL',
  BranchFailed: 'States.BranchFailed',
  DataLimitExceeded: 'States.DataLimitExceeded',
  ExceedToleratedFailureThreshold: 'States.ExceedToleratedFailureThreshold',
  HeartbeatTimeout: 'States.HeartbeatTimeout',
  IntrinsicFailure: 'States.IntrinsicFailure',
  ItemReaderFailed: 'States.ItemReaderFailed',
  NoChoiceMatched: 'States.NoChoiceMatched',
  ParameterPathFailure: 'States.ParameterPathFailure',
  Permissions: 'States.Permissions',
  QueryEvaluationError: 'States.QueryEvaluationError',
  ResultPathMatchFailure: 'States.ResultPathMatchFailure',
  ResultWriterFailed: 'States.ResultWriterFailed',
  Runtime: 'States.Runtime',
  TaskFailed: 'States.TaskFailed',
  Timeout: 'States.Timeout',
} as const;
export type StatesErrorName = (typeof StatesErrorName)[keyof typeof StatesErrorName];

const BRAND = Symbol.for('fanout.StatesError');

/**
 * An error raised inside an execution. `error` and `cause` may be absent: a Fail state without Error/Cause
 * and SendTaskFailure without an error field both produce events that carry neither.
 */
export class StatesError extends Error {
  readonly [BRAND] = true;
  /**
   * True for errors raised while evaluating a state's fields (paths, JSONata, intrinsics, field values). The
   * interpreter prefixes their cause with "An error occurred while executing the state 'X' (entered at the
   * event id #N). ", as AWS does.
   */
  readonly evaluation: boolean;
  /** The field a JSONata evaluation failed in ('Output/result', 'Items'): EvaluationFailed's `location`. */
  readonly location: string | undefined;
  /**
   * True for an evaluation failure found after the state started its work rather than while its fields were
   * evaluated (a Wait's Timestamp that does not parse): its EvaluationFailed follows the state's Entered event.
   */
  readonly afterEntry: boolean;

  constructor(
    readonly error: string | null,
    override readonly cause: string | null,
    options: StatesErrorOptions = {},
  ) {
    super(cause ?? error ?? 'StatesError');
    this.name = error ?? 'StatesError';
    this.evaluation = options.evaluation ?? false;
    this.location = options.location;
    this.afterEntry = options.afterEntry ?? false;
  }
}

export interface StatesErrorOptions {
  evaluation?: boolean;
  location?: string | undefined;
  afterEntry?: boolean;
}

export function isStatesError(e: unknown): e is StatesError {
  return typeof e === 'object' && e !== null && (e as { [BRAND]?: unknown })[BRAND] === true;
}

/** `States.Runtime`: never retried, never caught by States.ALL; fails the execution. */
export class StatesRuntimeError extends StatesError {
  constructor(cause: string) {
    super(StatesErrorName.Runtime, cause, { evaluation: true });
  }
}

/**
 * `States.QueryEvaluationError`: a JSONata expression failed or produced a value of the wrong type. The history
 * shows it as an EvaluationFailed event naming the field (`location`) and the state.
 */
export class QueryEvaluationError extends StatesError {
  constructor(cause: string, options: { location?: string; afterEntry?: boolean } = {}) {
    super(StatesErrorName.QueryEvaluationError, cause, { ...options, evaluation: true });
  }
}

/** `States.IntrinsicFailure`: an intrinsic function was called with arguments it cannot take. */
export class IntrinsicFailureError extends StatesError {
  constructor(cause: string) {
    super(StatesErrorName.IntrinsicFailure, cause, { evaluation: true });
  }
}

/** `States.DataLimitExceeded`: a payload over 256 KiB. Like States.Runtime, States.ALL does not catch it. */
export class DataLimitExceededError extends StatesError {
  constructor(cause: string) {
    super(StatesErrorName.DataLimitExceeded, cause);
  }
}

/** `States.Timeout` (state TimeoutSeconds, HeartbeatSeconds, or the execution's TimeoutSeconds). */
export class StatesTimeoutError extends StatesError {
  constructor(cause: string | null = null) {
    super(StatesErrorName.Timeout, cause);
  }
}

/** `States.TaskFailed`: a task's work failed. */
export class TaskFailedError extends StatesError {
  constructor(cause: string | null) {
    super(StatesErrorName.TaskFailed, cause);
  }
}

/**
 * A definition or a request the engine cannot accept. Not an execution error: the API maps it to
 * InvalidDefinition / ValidationException.
 */
export class DefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DefinitionError';
  }
}
