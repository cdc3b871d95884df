/**
 * FIFO queue rules for a message being sent: every message names its MessageGroupId; its MessageDeduplicationId is
 * given or, with ContentBasedDeduplication, the SHA-256 of its body; a repeat of a deduplication id within five
 * minutes is accepted but not queued again (within the group under DeduplicationScope=messageGroup); DelaySeconds
 * is the queue's only. Texts are SQS's own.
 */
import { createHash } from 'node:crypto';
import { sqsError, invalidParameterValue } from './errors';
import { optionalString, type Input } from './params';

export const DEDUPLICATION_WINDOW_MS = 5 * 60 * 1000;

/** Group and deduplication ids: 1 to 128 alphanumeric or punctuation characters. */
const MESSAGE_ID_TOKEN = /^[\x21-\x7e]{1,128}$/;

export interface FifoIds {
  groupId: string;
  dedupId: string;
  /** Where the deduplication id is unique: the group, or '' for the whole queue. */
  scope: string;
}

/** The FIFO ids of a message sent to a FIFO queue. */
export function fifoIds(attributes: Readonly<Record<string, string>>, input: Input, body: string): FifoIds {
  const groupId = optionalString(input, 'MessageGroupId');
  if (groupId === undefined) {
    throw sqsError('MissingParameter', 'The request must contain the parameter MessageGroupId.');
  }
  checkToken('MessageGroupId', groupId);
  let dedupId = optionalString(input, 'MessageDeduplicationId');
  if (dedupId === undefined) {
    if (attributes['ContentBasedDeduplication'] !== 'true') {
      throw invalidParameterValue(
        'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
      );
    }
    dedupId = createHash('sha256').update(body, 'utf8').digest('hex');
  } else {
    checkToken('MessageDeduplicationId', dedupId);
  }
  return { groupId, dedupId, scope: attributes['DeduplicationScope'] === 'messageGroup' ? groupId : '' };
}

/**
 * A standard queue takes a MessageGroupId (fair queues) but not a deduplication id; a FIFO queue takes no
 * per-message delay other than 0.
 */
export function checkQueueTypeParameters(fifo: boolean, input: Input): void {
  const name = fifo ? 'DelaySeconds' : 'MessageDeduplicationId';
  const value = input[name];
  if (value === undefined || value === null) return;
  if (fifo && Number(value) === 0) return;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  throw invalidParameterValue(
    `Value ${text} for parameter ${name} is invalid. Reason: The request include parameter that is not valid for this queue type.`,
  );
}

/** A FIFO queue's Nth sequence number as SQS writes them: a decimal string of at least 20 digits. */
export function sequenceNumber(n: number): string {
  return String(n).padStart(20, '0');
}

function checkToken(name: string, value: string): void {
  if (!MESSAGE_ID_TOKEN.test(value)) {
    throw invalidParameterValue(
      `Value ${value} for parameter ${name} is invalid. Reason: ${name} can only include alphanumeric and punctuation characters. 1 to 128 in length.`,
    );
  }
}
