/**
 * The local EventBridge's targets: state machines of the in-process Step Functions, queues of the local SQS.
 * A failure that retrying cannot fix (no such state machine or queue, an input the service refuses) is not
 * retried; the rest are, per the target's RetryPolicy.
 */
import { TargetError, type TargetPorts } from '../events';
import { isServiceError } from '../runtime/errors';
import type { LocalStepFunctions } from '../runtime/service';
import { isSqsError, type LocalSqs } from '../sqs';

const RETRYABLE_STATES_ERRORS = new Set(['ExecutionLimitExceeded', 'ThrottlingException', 'ServiceUnavailable']);

export function eventsTargets(service: LocalStepFunctions, sqs: LocalSqs): TargetPorts {
  return {
    startExecution(stateMachineArn, input) {
      try {
        return Promise.resolve(service.startExecution({ stateMachineArn, input }).executionArn ?? '');
      } catch (error) {
        if (isServiceError(error)) {
          return Promise.reject(new TargetError(error.code, error.message, RETRYABLE_STATES_ERRORS.has(error.code)));
        }
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
    sendMessage(queueArn, body, attributes) {
      try {
        const { QueueUrl } = sqs.getQueueUrl({ QueueName: queueArn.split(':').pop() });
        const { MessageId } = sqs.sendMessage({
          QueueUrl,
          MessageBody: body,
          ...(attributes === undefined
            ? {}
            : {
                MessageAttributes: Object.fromEntries(
                  Object.entries(attributes).map(([name, value]) => [name, { DataType: 'String', StringValue: value }]),
                ),
              }),
        });
        return Promise.resolve(`${queueArn}/${MessageId}`);
      } catch (error) {
        if (isSqsError(error)) return Promise.reject(new TargetError(error.code, error.message, false));
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
  };
}
