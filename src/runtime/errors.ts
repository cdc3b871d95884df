/**
 * Errors of the Step Functions API. `code` is the AWS error code (the SDK's exception name); the HTTP layer
 * sends it as `__type`. Messages follow the texts AWS was recorded returning where known (spec §7).
 */

export type ServiceErrorCode =
  | 'ActivityAlreadyExists'
  | 'ActivityDoesNotExist'
  | 'ActivityLimitExceeded'
  | 'ActivityWorkerLimitExceeded'
  | 'ConflictException'
  | 'ExecutionAlreadyExists'
  | 'ExecutionDoesNotExist'
  | 'ExecutionLimitExceeded'
  | 'ExecutionNotRedrivable'
  | 'InvalidArn'
  | 'InvalidDefinition'
  | 'InvalidEncryptionConfiguration'
  | 'InvalidExecutionInput'
  | 'InvalidLoggingConfiguration'
  | 'InvalidName'
  | 'InvalidOutput'
  | 'InvalidToken'
  | 'MissingRequiredParameter'
  | 'ResourceNotFound'
  | 'StateMachineAlreadyExists'
  | 'StateMachineDeleting'
  | 'StateMachineDoesNotExist'
  | 'StateMachineTypeNotSupported'
  | 'TaskDoesNotExist'
  | 'ServiceQuotaExceededException'
  | 'TaskTimedOut'
  | 'TooManyTags'
  | 'ValidationException';

const BRAND = Symbol.for('fanout.ServiceError');

export class ServiceError extends Error {
  readonly [BRAND] = true;

  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    /** HTTP status; every Step Functions client error is a 400. */
    readonly httpStatus = 400,
  ) {
    super(message);
    this.name = code;
  }
}

export function isServiceError(e: unknown): e is ServiceError {
  return typeof e === 'object' && e !== null && (e as { [BRAND]?: unknown })[BRAND] === true;
}

export const stateMachineDoesNotExist = (arn: string): ServiceError =>
  new ServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);

export const stateMachineAlreadyExists = (arn: string): ServiceError =>
  new ServiceError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`);

export const stateMachineDeleting = (arn: string): ServiceError =>
  new ServiceError('StateMachineDeleting', `State Machine is being deleted: '${arn}'`);

export const executionDoesNotExist = (arn: string): ServiceError =>
  new ServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);

export const executionAlreadyExists = (arn: string): ServiceError =>
  new ServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);

export const invalidArn = (reason: string): ServiceError => new ServiceError('InvalidArn', `Invalid Arn: '${reason}'`);

export const invalidName = (name: string): ServiceError => new ServiceError('InvalidName', `Invalid Name: '${name}'`);

export const invalidExecutionInput = (reason: string): ServiceError =>
  new ServiceError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${reason}'`);

export const invalidDefinition = (message: string): ServiceError => new ServiceError('InvalidDefinition', message);

export const invalidToken = (reason: string): ServiceError =>
  new ServiceError('InvalidToken', `Invalid Token: '${reason}'`);

/** AWS's "1 validation error detected: Value '<v>' at '<field>' failed to satisfy constraint: <constraint>". */
export function validationError(field: string, value: unknown, constraint: string): ServiceError {
  const shown =
    value === null || value === undefined ? 'null' : `'${typeof value === 'string' ? value : JSON.stringify(value)}'`;
  return new ServiceError(
    'ValidationException',
    `1 validation error detected: Value ${shown} at '${field}' failed to satisfy constraint: ${constraint}`,
  );
}

export const activityDoesNotExist = (arn: string): ServiceError =>
  new ServiceError('ActivityDoesNotExist', `Activity Does Not Exist: '${arn}'`);

export const resourceNotFound = (arn: string): ServiceError =>
  new ServiceError('ResourceNotFound', `Resource not found: '${arn}'`);
