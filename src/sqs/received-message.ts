/**
 * A received message as ReceiveMessage returns it: the system attributes asked for by AttributeNames /
 * MessageSystemAttributeNames (FIFO queues' group, deduplication id and sequence number among them) and the
 * message attributes selected by MessageAttributeNames, with their MD5.
 */
import { md5OfMessageAttributes, type MessageAttributeValue } from './md5';
import type { MessageRecord } from './tables';

export interface Message {
  MessageId: string;
  ReceiptHandle: string;
  MD5OfBody: string;
  Body: string;
  Attributes?: Record<string, string>;
  MD5OfMessageAttributes?: string;
  MessageAttributes?: Record<string, MessageAttributeValue>;
}

type SystemAttribute = (message: MessageRecord, accountId: string) => string | undefined;

const SYSTEM_ATTRIBUTES: Readonly<Record<string, SystemAttribute>> = {
  ApproximateFirstReceiveTimestamp: (m) => String(m.firstReceive ?? m.sent),
  ApproximateReceiveCount: (m) => String(m.receiveCount),
  MessageDeduplicationId: (m) => m.dedupId,
  MessageGroupId: (m) => m.groupId,
  SenderId: (_, accountId) => accountId,
  SentTimestamp: (m) => String(m.sent),
  SequenceNumber: (m) => m.sequenceNumber,
};

export function receivedMessage(
  message: MessageRecord,
  request: { systemNames: readonly string[]; attributeNames: readonly string[]; accountId: string },
): Message {
  const out: Message = {
    MessageId: message.messageId,
    ReceiptHandle: message.receipt!,
    MD5OfBody: message.md5OfBody,
    Body: message.body,
  };
  const all = request.systemNames.includes('All');
  const system: Record<string, string> = {};
  for (const [name, value] of Object.entries(SYSTEM_ATTRIBUTES)) {
    if (!all && !request.systemNames.includes(name)) continue;
    const text = value(message, request.accountId);
    if (text !== undefined) system[name] = text;
  }
  if (Object.keys(system).length > 0) out.Attributes = system;
  const selected = selectAttributes(message.messageAttributes ?? {}, request.attributeNames);
  const md5 = md5OfMessageAttributes(selected);
  if (md5 !== undefined) {
    out.MD5OfMessageAttributes = md5;
    out.MessageAttributes = selected;
  }
  return out;
}

/** MessageAttributeNames: 'All', '.*', exact names and 'prefix.*'. */
function selectAttributes(
  attributes: Record<string, MessageAttributeValue>,
  names: readonly string[],
): Record<string, MessageAttributeValue> {
  const out: Record<string, MessageAttributeValue> = {};
  for (const [name, value] of Object.entries(attributes)) {
    const wanted = names.some(
      (n) => n === 'All' || n === '.*' || n === name || (n.endsWith('.*') && name.startsWith(n.slice(0, -1))),
    );
    if (wanted) out[name] = value;
  }
  return out;
}
