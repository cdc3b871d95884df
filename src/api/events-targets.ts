/**
 * The local EventBridge wiring: its targets (state machines of the in-process Step Functions, queues of the
 * local SQS), the embedded S3's object events onto its default bus, and src/schedules' expressions for rules'
 * ScheduleExpression.
 * A failure that retrying cannot fix (no such state machine or queue, an input the service refuses) is not
 * retried; the rest are, per the target's RetryPolicy.
 */
import { randomUUID } from 'node:crypto';
import {
  DEFAULT_BUS,
  eventTime,
  TargetError,
  type LocalEvents,
  type ScheduleExpressions,
  type TargetPorts,
} from '../events';
import { nextFireTime, parseScheduleExpression } from '../schedules';
import type { ObjectEvent } from '../s3';
import { isWireError } from '../protocol/wire-error';
import type { LocalStepFunctions } from '../runtime';
import type { LocalSqs } from '../sqs';

const RETRYABLE_STATES_ERRORS = new Set(['ExecutionLimitExceeded', 'ThrottlingException', 'ServiceUnavailable']);

/** Cron in UTC and rate counted from the rule's creation, as EventBridge reads a rule's ScheduleExpression. */
export const ruleScheduleExpressions: ScheduleExpressions = {
  check: (expression) => void parseScheduleExpression(expression),
  next: (expression, after, anchor) => nextFireTime(parseScheduleExpression(expression), after, { anchor }),
};

/**
 * `--chaos event-target-throttling=P`: each delivery attempt is refused with a (retryable) ThrottlingException
 * with probability P, before it reaches the target. Dead-letter sends (the messages with EventBridge's
 * attributes) are the queue's own business and are never throttled.
 */
export function throttled(ports: TargetPorts, probability: number, random: () => number = Math.random): TargetPorts {
  if (probability <= 0) return ports;
  const refuse = (): Promise<never> =>
    Promise.reject(new TargetError('ThrottlingException', 'Rate exceeded (--chaos event-target-throttling)', true));
  return {
    startExecution: (arn, input) => (random() < probability ? refuse() : ports.startExecution(arn, input)),
    sendMessage: (arn, body, attributes) =>
      attributes === undefined && random() < probability ? refuse() : ports.sendMessage(arn, body, attributes),
  };
}

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
