/**
 * Errors of the Step Functions API. `code` is the AWS error code (the SDK's exception name); the HTTP layer
 * sends it as `__type`. Messages follow the texts AWS was recorded returning where known (spec §7).
 */
import { WireError } from '../protocol/wire-error';

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

export type ServiceError = WireError<ServiceErrorCode>;

/** Every Step Functions client error is a 400 unless `status` says otherwise. */
export function serviceError(code: ServiceErrorCode, message: string, status = 400): ServiceError {
  return new WireError(code, message, { status });
}

export const stateMachineDoesNotExist = (arn: string): ServiceError =>
  serviceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);

export const stateMachineAlreadyExists = (arn: string): ServiceError =>
  serviceError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`);

export const stateMachineDeleting = (arn: string): ServiceError =>
  serviceError('StateMachineDeleting', `State Machine is being deleted: '${arn}'`);

export const executionDoesNotExist = (arn: string): ServiceError =>
  serviceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);

export const executionAlreadyExists = (arn: string): ServiceError =>
  serviceError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);

export const invalidArn = (reason: string): ServiceError => serviceError('InvalidArn', `Invalid Arn: '${reason}'`);

export const invalidName = (name: string): ServiceError => serviceError('InvalidName', `Invalid Name: '${name}'`);

export const invalidExecutionInput = (reason: string): ServiceError =>
  serviceError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${reason}'`);

export const invalidDefinition = (message: string): ServiceError => serviceError('InvalidDefinition', message);

export const invalidToken = (reason: string): ServiceError =>
  serviceError('InvalidToken', `Invalid Token: '${reason}'`);

/** AWS's "1 validation error detected: Value '<v>' at '<field>' failed to satisfy constraint: <constraint>". */
export function validationError(field: string, value: unknown, constraint: string): ServiceError {
  const shown =
    value === null || value === undefined ? 'null' : `'${typeof value === 'string' ? value : JSON.stringify(value)}'`;
  return serviceError(
    'ValidationException',
    `1 validation error detected: Value ${shown} at '${field}' failed to satisfy constraint: ${constraint}`,
  );
}

export const activityDoesNotExist = (arn: string): ServiceError =>
  serviceError('ActivityDoesNotExist', `Activity Does Not Exist: '${arn}'`);

export const resourceNotFound = (arn: string): ServiceError =>
  serviceError('ResourceNotFound', `Resource not found: '${arn}'`);
