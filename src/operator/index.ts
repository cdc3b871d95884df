/**
 * What an operator does through the SDK clients, shared by the CLI and the web page: whole listings, and the
 * dead-letter queue read, described and redriven.
 */
export { describeDeadLetter, executionName, type DeadLetter } from './dead-letter';
export { DEFAULT_DLQ, receiveAll, release, resolveQueueUrl } from './dlq-queue';
export { redrive, type RedriveResult, type RedriveTarget } from './dlq-redrive';
export { InputError, isInputError, messageOf } from './errors';
export { findStateMachineArn, listExecutions, listStateMachines } from './listing';
