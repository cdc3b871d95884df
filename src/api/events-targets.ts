/**
 * The local EventBridge wiring: its targets (state machines of the in-process Step Functions, queues of the
 * local SQS) and the embedded S3's object events onto its default bus.
 * A failure that retrying cannot fix (no such state machine or queue, an input the service refuses) is not
 * retried; the rest are, per the target's RetryPolicy.
 */
import { randomUUID } from 'node:crypto';
import { DEFAULT_BUS, eventTime, TargetError, type LocalEvents, type TargetPorts } from '../events';
import type { ObjectEvent } from '../s3';
import { isWireError } from '../protocol/wire-error';
import type { LocalStepFunctions } from '../runtime';
import type { LocalSqs } from '../sqs';

const RETRYABLE_STATES_ERRORS = new Set(['ExecutionLimitExceeded', 'ThrottlingException', 'ServiceUnavailable']);

export function eventsTargets(service: LocalStepFunctions, sqs: LocalSqs): TargetPorts {
  return {
    startExecution(stateMachineArn, input) {
      try {
        return Promise.resolve(service.startExecution({ stateMachineArn, input }).executionArn ?? '');
      } catch (error) {
        if (isWireError(error)) {
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
        if (isWireError(error)) return Promise.reject(new TargetError(error.code, error.message, false));
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
  };
}

/** An S3 object event onto the default bus, as S3 sends it: source aws.s3, the bucket owner as requester. */
export function publishObjectEvent(events: LocalEvents, event: ObjectEvent): void {
  events.publish(DEFAULT_BUS, {
    version: '0',
    id: randomUUID(),
    'detail-type': event['detail-type'],
    source: 'aws.s3',
    account: events.accountId,
    time: eventTime(event.time.getTime()),
    region: events.region,
    resources: event.resources,
    detail: { ...event.detail, requester: events.accountId },
  });
}
