/**
 * Reading a whole queue without consuming it: receive every message (hiding each for a while, so one pass sees
 * each message once), then make them visible again. Like the console's "poll for messages", this counts as a
 * receive (ApproximateReceiveCount goes up by one).
 */
import {
  ChangeMessageVisibilityBatchCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { InputError } from './errors';

/** Upper bound of one listing: a DLQ of more needs the SQS tools, not a terminal table. */
const MAX_MESSAGES = 10_000;
/** Long enough that one pass never sees a message twice. */
const HIDE_SECONDS = 60;

export const DEFAULT_DLQ = 'fanout-dlq';

export async function resolveQueueUrl(sqs: SQSClient, nameOrUrl: string): Promise<string> {
  if (/^https?:\/\//.test(nameOrUrl)) return nameOrUrl;
  try {
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: nameOrUrl }));
    return QueueUrl ?? '';
  } catch (error) {
    if ((error as { name?: string }).name === 'QueueDoesNotExist')
      throw new InputError(`no queue named '${nameOrUrl}'`);
    throw error;
  }
}

/** Every message of the queue, hidden until `release` is called (or the hide period ends). */
export async function receiveAll(sqs: SQSClient, queueUrl: string): Promise<Message[]> {
  const all: Message[] = [];
  while (all.length < MAX_MESSAGES) {
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: HIDE_SECONDS,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    if (!Messages || Messages.length === 0) break;
    all.push(...Messages);
  }
  return all;
}

/** Makes messages visible again (the ones not deleted). */
export async function release(sqs: SQSClient, queueUrl: string, messages: readonly Message[]): Promise<void> {
  for (let i = 0; i < messages.length; i += 10) {
    const batch = messages.slice(i, i + 10);
    await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: queueUrl,
        Entries: batch.map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle, VisibilityTimeout: 0 })),
      }),
    );
  }
}
