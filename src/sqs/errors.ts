/**
 * SQS errors. `code` is the Smithy shape name the JSON protocol sends as `__type` (and the SDK's exception name);
 * `queryCode` is the older query-protocol code, which AWS also sends to JSON clients in `x-amzn-query-error` so
 * that SDKs in "query compatible" mode report the same `Code` as before.
 */
import { WireError } from '../protocol/wire-error';

/** Shape name → [query code, HTTP status], from the SQS model (errors without a query code use their name). */
const QUERY_CODES: Readonly<Record<string, readonly [string, number]>> = {
  BatchEntryIdsNotDistinct: ['AWS.SimpleQueueService.BatchEntryIdsNotDistinct', 400],
  BatchRequestTooLong: ['AWS.SimpleQueueService.BatchRequestTooLong', 400],
  EmptyBatchRequest: ['AWS.SimpleQueueService.EmptyBatchRequest', 400],
  InvalidBatchEntryId: ['AWS.SimpleQueueService.InvalidBatchEntryId', 400],
  MessageNotInflight: ['AWS.SimpleQueueService.MessageNotInflight', 400],
  PurgeQueueInProgress: ['AWS.SimpleQueueService.PurgeQueueInProgress', 403],
  QueueDeletedRecently: ['AWS.SimpleQueueService.QueueDeletedRecently', 400],
  QueueDoesNotExist: ['AWS.SimpleQueueService.NonExistentQueue', 400],
  QueueNameExists: ['QueueAlreadyExists', 400],
  TooManyEntriesInBatchRequest: ['AWS.SimpleQueueService.TooManyEntriesInBatchRequest', 400],
  UnsupportedOperation: ['AWS.SimpleQueueService.UnsupportedOperation', 400],
};

export type SqsErrorCode =
  | 'BatchEntryIdsNotDistinct'
  | 'EmptyBatchRequest'
  | 'InvalidAddress'
  | 'InvalidAttributeName'
  | 'InvalidAttributeValue'
  | 'InvalidBatchEntryId'
  | 'InvalidMessageContents'
  | 'InvalidParameterValue'
  | 'MessageNotInflight'
  | 'MissingParameter'
  | 'QueueDoesNotExist'
  | 'QueueNameExists'
  | 'ReceiptHandleIsInvalid'
  | 'TooManyEntriesInBatchRequest'
  | 'UnsupportedOperation';

export type SqsError = WireError<SqsErrorCode>;

export function sqsError(code: SqsErrorCode, message: string): SqsError {
  const known = QUERY_CODES[code];
  return new WireError(code, message, { status: known?.[1] ?? 400, queryCode: known?.[0] ?? code });
}

/** The query code for a JSON `__type` code (for the `x-amzn-query-error` header). */
export function queryCodeOf(code: string): string {
  return QUERY_CODES[code]?.[0] ?? code;
}

export const queueDoesNotExist = (): SqsError => sqsError('QueueDoesNotExist', 'The specified queue does not exist.');

export const missingParameter = (name: string): SqsError =>
  sqsError('MissingParameter', `The request must contain the parameter ${name}.`);

export const invalidParameterValue = (message: string): SqsError => sqsError('InvalidParameterValue', message);

export const receiptHandleIsInvalid = (handle: string): SqsError =>
  sqsError('ReceiptHandleIsInvalid', `The input receipt handle "${handle}" is not a valid receipt handle.`);
