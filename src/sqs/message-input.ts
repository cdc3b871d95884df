/**
 * A message to send, checked against its queue as SQS checks it: the body's characters, the attributes, the
 * queue's MaximumMessageSize, the delay, and on a FIFO queue its group and deduplication ids.
 */
import { sqsError, invalidParameterValue, missingParameter } from './errors';
import { checkQueueTypeParameters, fifoIds, type FifoIds } from './fifo';
import { md5OfBody, md5OfMessageAttributes, type MessageAttributeValue } from './md5';
import { messageAttributes, optionalInteger, optionalString, requiredString, type Input } from './params';
import { integerAttribute, isFifoQueue } from './queue-attributes';

const BODY_CHARACTERS = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

export interface MessageInput {
  body: string;
  md5OfBody: string;
  /** Present when the message has attributes. */
  attributes?: { values: Record<string, MessageAttributeValue>; md5: string };
  delaySeconds: number;
  /** FIFO queues only. */
  fifo?: FifoIds;
  /** A standard queue's optional MessageGroupId (fair queues). */
  groupId?: string;
}

export function messageInput(queueAttributes: Readonly<Record<string, string>>, input: Input): MessageInput {
  const body = requiredString(input, 'MessageBody');
  if (body === '') throw missingParameter('MessageBody');
  if (!BODY_CHARACTERS.test(body)) {
    throw sqsError(
      'InvalidMessageContents',
      'Invalid binary character was found in the message body, the set of allowed characters is #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF',
    );
  }
  const attributes = messageAttributes(input);
  const maxSize = integerAttribute(queueAttributes, 'MaximumMessageSize');
  if (messageSize(body, attributes) > maxSize) {
    throw invalidParameterValue(
      `One or more parameters are invalid. Reason: Message must be shorter than ${maxSize} bytes.`,
    );
  }
  const fifo = isFifoQueue(queueAttributes);
  checkQueueTypeParameters(fifo, input);
  const delaySeconds =
    optionalInteger(input, 'DelaySeconds', 0, 900) ?? integerAttribute(queueAttributes, 'DelaySeconds');
  const md5 = md5OfMessageAttributes(attributes);
  const out: MessageInput = {
    body,
    md5OfBody: md5OfBody(body),
    ...(md5 === undefined ? {} : { attributes: { values: attributes, md5 } }),
    delaySeconds: fifo ? integerAttribute(queueAttributes, 'DelaySeconds') : delaySeconds,
  };
  if (fifo) {
    out.fifo = fifoIds(queueAttributes, input, body);
  } else {
    const groupId = optionalString(input, 'MessageGroupId');
    if (groupId !== undefined) out.groupId = groupId;
  }
  return out;
}

function messageSize(body: string, attributes: Record<string, MessageAttributeValue>): number {
  let size = Buffer.byteLength(body, 'utf8');
  for (const [name, value] of Object.entries(attributes)) {
    size += Buffer.byteLength(name) + Buffer.byteLength(value.DataType);
    size +=
      value.BinaryValue !== undefined
        ? Buffer.from(value.BinaryValue, 'base64').length
        : Buffer.byteLength(value.StringValue ?? '');
  }
  return size;
}
