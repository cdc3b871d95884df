/** The RedrivePolicy's dead-letter queue: which queue it names, and whether that queue may be one. */
import { invalidParameterValue } from './errors';
import { isFifoQueue, parseRedrivePolicy } from './queue-attributes';
import { queueNameOfArn } from './queue-url';
import type { QueueRecord, SqsTables } from './tables';

export interface QueueLocation {
  region: string;
  accountId: string;
}

/** Where a queue's messages past maxReceiveCount go, if it has a redrive policy whose queue exists. */
export function redriveTarget(
  tables: SqsTables,
  location: QueueLocation,
  queue: QueueRecord,
): { queueId: number; maxReceiveCount: number } | undefined {
  const text = queue.attributes['RedrivePolicy'];
  if (text === undefined || text === '') return undefined;
  const policy = parseRedrivePolicy(text);
  const name = queueNameOfArn(policy.deadLetterTargetArn, location.region, location.accountId);
  const target = name === undefined ? undefined : tables.queue(name);
  // A dead-letter queue deleted after the policy was set: messages stay where they are, as on AWS.
  return target && { queueId: target.id, maxReceiveCount: policy.maxReceiveCount };
}

/** A RedrivePolicy being set must name an existing queue of the source queue's type (FIFO or standard). */
export function checkDeadLetterTarget(
  tables: SqsTables,
  location: QueueLocation,
  attributes: Record<string, string>,
  fifo: boolean,
): void {
  const text = attributes['RedrivePolicy'];
  if (text === undefined || text === '') return;
  const name = queueNameOfArn(parseRedrivePolicy(text).deadLetterTargetArn, location.region, location.accountId);
  const target = name === undefined ? undefined : tables.queue(name);
  if (!target || isFifoQueue(target.attributes) !== fifo) {
    const reason = target
      ? 'Dead-letter queue must be same type of queue as the source.'
      : 'Dead letter target does not exist.';
    throw invalidParameterValue(
      `Value {"deadLetterTargetArn":...} for parameter RedrivePolicy is invalid. Reason: ${reason}`,
    );
  }
}
