/**
 * LocalSqs: standard SQS queues kept in SQLite, in process. Operations take and return the members of the SQS
 * JSON protocol (PascalCase, as @aws-sdk/client-sqs sends them); the HTTP routes only translate wire formats.
 * Not modelled: FIFO queues, IAM policies, KMS, the 60 s PurgeQueue cool-down.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../engine';
import { isWireError } from '../protocol/wire-error';
import { systemClock } from '../runtime';
import { sqsError, invalidParameterValue, missingParameter, queueDoesNotExist, receiptHandleIsInvalid } from './errors';
import { md5OfBody, md5OfMessageAttributes, type MessageAttributeValue } from './md5';
import {
  batchEntries,
  messageAttributes,
  optionalInteger,
  optionalString,
  optionalStringList,
  optionalStringMap,
  requiredString,
  type Input,
} from './params';
import {
  COMPUTED_ATTRIBUTES,
  checkQueueAttributes,
  defaultQueueAttributes,
  integerAttribute,
  isKnownAttribute,
  parseRedrivePolicy,
} from './queue-attributes';
import { checkQueueName, queueArn, queueNameOfArn, queueNameOfUrl, queueUrl } from './queue-url';
import { decodeReceiptHandle, encodeReceiptHandle } from './receipt-handle';
import type { MessageRecord, QueueRecord, SqsTables } from './tables';
import { QueueWaiters } from './waiters';

export interface LocalSqsOptions {
  tables: SqsTables;
  /** @default 'us-east-1' */
  region?: string;
  /** @default '000000000000' */
  accountId?: string;
  /** Where queue URLs point when a call does not say (in-process callers). @default 'http://127.0.0.1:8083' */
  baseUrl?: string;
  /** @default the wall clock */
  clock?: Clock;
}

/** Per call: the base of the queue URLs to return (the host the client reached the endpoint by). */
export interface SqsCallContext {
  baseUrl?: string;
}

export interface Message {
  MessageId: string;
  ReceiptHandle: string;
  MD5OfBody: string;
  Body: string;
  Attributes?: Record<string, string>;
  MD5OfMessageAttributes?: string;
  MessageAttributes?: Record<string, MessageAttributeValue>;
}

export interface BatchResult<T> {
  Successful: T[];
  Failed: { Id: string; SenderFault: boolean; Code: string; Message: string }[];
}

const MESSAGE_SYSTEM_ATTRIBUTES = [
  'ApproximateFirstReceiveTimestamp',
  'ApproximateReceiveCount',
  'SenderId',
  'SentTimestamp',
] as const;

const BODY_CHARACTERS = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

export class LocalSqs {
  readonly region: string;
  readonly accountId: string;
  private baseUrl: string;
  private readonly tables: SqsTables;
  private readonly clock: Clock;
  private readonly waiters = new QueueWaiters();

  constructor(options: LocalSqsOptions) {
    this.tables = options.tables;
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '000000000000';
    this.baseUrl = options.baseUrl ?? 'http://127.0.0.1:8083';
    this.clock = options.clock ?? systemClock;
  }

  /** Sets the default base URL once the server knows its port. */
  setBaseUrl(url: string): void {
    this.baseUrl = url;
  }

  createQueue(input: Input, context: SqsCallContext = {}): { QueueUrl: string } {
    const name = requiredString(input, 'QueueName');
    checkQueueName(name);
    const requested = checkQueueAttributes(optionalStringMap(input, 'Attributes') ?? {});
    this.checkDeadLetterTarget(requested);
    const existing = this.tables.queue(name);
    if (existing) {
      for (const [attribute, value] of Object.entries(requested)) {
        if (existing.attributes[attribute] !== value) {
          throw sqsError(
            'QueueNameExists',
            `A queue already exists with the same name and a different value for attribute ${attribute}`,
          );
        }
      }
    } else {
      this.tables.createQueue(name, { ...defaultQueueAttributes(), ...requested }, this.clock.now());
    }
    return { QueueUrl: this.urlOf(name, context) };
  }

  getQueueUrl(input: Input, context: SqsCallContext = {}): { QueueUrl: string } {
    const name = requiredString(input, 'QueueName');
    const owner = optionalString(input, 'QueueOwnerAWSAccountId');
    if ((owner !== undefined && owner !== this.accountId) || !this.tables.queue(name)) throw queueDoesNotExist();
    return { QueueUrl: this.urlOf(name, context) };
  }

  listQueues(input: Input, context: SqsCallContext = {}): { QueueUrls?: string[]; NextToken?: string } {
    const prefix = optionalString(input, 'QueueNamePrefix') ?? '';
    const maxResults = optionalInteger(input, 'MaxResults', 1, 1000);
    const token = optionalString(input, 'NextToken');
    let after = '';
    if (token !== undefined) {
      after = Buffer.from(token, 'base64url').toString('utf8');
      if (after === '') throw invalidParameterValue('Invalid NextToken value.');
    }
    const limit = maxResults ?? 1000;
    const page = this.tables.queues(prefix, after, limit + 1);
    const items = page.slice(0, limit);
    const out: { QueueUrls?: string[]; NextToken?: string } = {};
    if (items.length > 0) out.QueueUrls = items.map((q) => this.urlOf(q.name, context));
    // As on AWS, a NextToken only comes back to a caller that asked for pages (MaxResults).
    if (maxResults !== undefined && page.length > limit) {
      out.NextToken = Buffer.from(items[items.length - 1]!.name, 'utf8').toString('base64url');
    }
    return out;
  }

  deleteQueue(input: Input): Record<string, never> {
    const queue = this.queueOf(input);
    this.tables.deleteQueue(queue.id);
    this.waiters.notify(queue.id);
    return {};
  }

  getQueueAttributes(input: Input): { Attributes?: Record<string, string> } {
    const queue = this.queueOf(input);
    const names = optionalStringList(input, 'AttributeNames') ?? [];
    for (const name of names) {
      if (name !== 'All' && !isKnownAttribute(name)) {
        throw sqsError('InvalidAttributeName', `Unknown Attribute ${name}.`);
      }
    }
    if (names.length === 0) return {};
    const now = this.clock.now();
    this.expire(queue, now);
    const counts = this.tables.counts(queue.id, now);
    const all: Record<string, string> = {
      ...queue.attributes,
      QueueArn: queueArn(this.region, this.accountId, queue.name),
      ApproximateNumberOfMessages: String(counts.visible),
      ApproximateNumberOfMessagesNotVisible: String(counts.notVisible),
      ApproximateNumberOfMessagesDelayed: String(counts.delayed),
      CreatedTimestamp: String(Math.floor(queue.created / 1000)),
      LastModifiedTimestamp: String(Math.floor(queue.lastModified / 1000)),
    };
    if (all['RedrivePolicy'] === '') delete all['RedrivePolicy'];
    const wanted = names.includes('All') ? Object.keys(all) : names;
    const Attributes: Record<string, string> = {};
    for (const name of wanted) if (all[name] !== undefined) Attributes[name] = all[name];
    return { Attributes };
  }

  setQueueAttributes(input: Input): Record<string, never> {
    const queue = this.queueOf(input);
    const attributes = optionalStringMap(input, 'Attributes');
    if (attributes === undefined) throw missingParameter('Attributes');
    for (const name of Object.keys(attributes)) {
      if ((COMPUTED_ATTRIBUTES as readonly string[]).includes(name)) {
        throw sqsError('InvalidAttributeName', `Unknown Attribute ${name}.`);
      }
    }
    const checked = checkQueueAttributes(attributes);
    this.checkDeadLetterTarget(checked);
    this.tables.setQueueAttributes(queue.id, { ...queue.attributes, ...checked }, this.clock.now());
    return {};
  }

  purgeQueue(input: Input): Record<string, never> {
    this.tables.purge(this.queueOf(input).id);
    return {};
  }

  sendMessage(input: Input): { MD5OfMessageBody: string; MessageId: string; MD5OfMessageAttributes?: string } {
    const queue = this.queueOf(input);
    const result = this.send(queue, input);
    this.waiters.notify(queue.id);
    return result;
  }

  sendMessageBatch(
    input: Input,
  ): BatchResult<{ Id: string; MessageId: string; MD5OfMessageBody: string; MD5OfMessageAttributes?: string }> {
    const queue = this.queueOf(input);
    const entries = batchEntries(input);
    const result: BatchResult<{
      Id: string;
      MessageId: string;
      MD5OfMessageBody: string;
      MD5OfMessageAttributes?: string;
    }> = { Successful: [], Failed: [] };
    for (const entry of entries) {
      const id = entry['Id'] as string;
      try {
        result.Successful.push({ Id: id, ...this.send(queue, entry) });
      } catch (error) {
        if (!isWireError(error)) throw error;
        result.Failed.push({ Id: id, SenderFault: true, Code: error.queryCode, Message: error.message });
      }
    }
    if (result.Successful.length > 0) this.waiters.notify(queue.id);
    return result;
  }

  async receiveMessage(input: Input): Promise<{ Messages?: Message[] }> {
    let queue = this.queueOf(input);
    const max = optionalInteger(input, 'MaxNumberOfMessages', 1, 10) ?? 1;
    const visibility = optionalInteger(input, 'VisibilityTimeout', 0, 43200);
    const wait = optionalInteger(input, 'WaitTimeSeconds', 0, 20);
    const systemNames = [
      ...(optionalStringList(input, 'AttributeNames') ?? []),
      ...(optionalStringList(input, 'MessageSystemAttributeNames') ?? []),
    ];
    const attributeNames = optionalStringList(input, 'MessageAttributeNames') ?? [];
    const deadline =
      this.clock.now() + 1000 * (wait ?? integerAttribute(queue.attributes, 'ReceiveMessageWaitTimeSeconds'));
    for (;;) {
      const now = this.clock.now();
      const received = this.receiveNow(queue, now, max, visibility);
      if (received.length > 0) {
        return { Messages: received.map((m) => this.toMessage(m, systemNames, attributeNames)) };
      }
      if (now >= deadline || this.waiters.isClosed) return {};
      const next = this.tables.nextVisibleAt(queue.id, now);
      await this.waiters.wait(queue.id, Math.min(deadline, next ?? deadline) - now, this.clock);
      const current = this.tables.queue(queue.name);
      if (current?.id !== queue.id) return {};
      queue = current;
    }
  }

  deleteMessage(input: Input): Record<string, never> {
    const queue = this.queueOf(input);
    this.deleteByHandle(queue, requiredString(input, 'ReceiptHandle'));
    return {};
  }

  deleteMessageBatch(input: Input): BatchResult<{ Id: string }> {
    const queue = this.queueOf(input);
    const result: BatchResult<{ Id: string }> = { Successful: [], Failed: [] };
    for (const entry of batchEntries(input)) {
      const id = entry['Id'] as string;
      try {
        this.deleteByHandle(queue, requiredString(entry, 'ReceiptHandle'));
        result.Successful.push({ Id: id });
      } catch (error) {
        if (!isWireError(error)) throw error;
        result.Failed.push({ Id: id, SenderFault: true, Code: error.queryCode, Message: error.message });
      }
    }
    return result;
  }

  changeMessageVisibility(input: Input): Record<string, never> {
    const queue = this.queueOf(input);
    this.changeVisibility(queue, input);
    return {};
  }

  changeMessageVisibilityBatch(input: Input): BatchResult<{ Id: string }> {
    const queue = this.queueOf(input);
    const result: BatchResult<{ Id: string }> = { Successful: [], Failed: [] };
    for (const entry of batchEntries(input)) {
      const id = entry['Id'] as string;
      try {
        this.changeVisibility(queue, entry);
        result.Successful.push({ Id: id });
      } catch (error) {
        if (!isWireError(error)) throw error;
        result.Failed.push({ Id: id, SenderFault: true, Code: error.queryCode, Message: error.message });
      }
    }
    return result;
  }

  /** Ends pending long polls (they return no messages). */
  close(): void {
    this.waiters.close();
  }

  private send(
    queue: QueueRecord,
    input: Input,
  ): { MD5OfMessageBody: string; MessageId: string; MD5OfMessageAttributes?: string } {
    const body = requiredString(input, 'MessageBody');
    if (body === '') throw missingParameter('MessageBody');
    if (!BODY_CHARACTERS.test(body)) {
      throw sqsError(
        'InvalidMessageContents',
        'Invalid binary character was found in the message body, the set of allowed characters is #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF',
      );
    }
    const attributes = messageAttributes(input);
    const maxSize = integerAttribute(queue.attributes, 'MaximumMessageSize');
    if (messageSize(body, attributes) > maxSize) {
      throw invalidParameterValue(
        `One or more parameters are invalid. Reason: Message must be shorter than ${maxSize} bytes.`,
      );
    }
    const delay = optionalInteger(input, 'DelaySeconds', 0, 900) ?? integerAttribute(queue.attributes, 'DelaySeconds');
    const now = this.clock.now();
    const messageId = randomUUID();
    const md5Body = md5OfBody(body);
    const md5Attributes = md5OfMessageAttributes(attributes);
    this.tables.send(queue.id, {
      messageId,
      body,
      ...(md5Attributes === undefined ? {} : { messageAttributes: attributes, md5OfMessageAttributes: md5Attributes }),
      md5OfBody: md5Body,
      sent: now,
      visibleAt: now + delay * 1000,
    });
    return {
      MD5OfMessageBody: md5Body,
      MessageId: messageId,
      ...(md5Attributes === undefined ? {} : { MD5OfMessageAttributes: md5Attributes }),
    };
  }

  /** Takes up to `max` visible messages, moving those past the redrive policy's maxReceiveCount to the DLQ. */
  private receiveNow(queue: QueueRecord, now: number, max: number, visibility: number | undefined): MessageRecord[] {
    this.expire(queue, now);
    const timeout = visibility ?? integerAttribute(queue.attributes, 'VisibilityTimeout');
    const redrive = this.redriveTarget(queue);
    let moved = false;
    const received = this.tables.transaction(() => {
      const out: MessageRecord[] = [];
      // Messages moved to the DLQ free their slot, so look a little further than `max`.
      for (const message of this.tables.visibleMessages(queue.id, now, max * 2 + 10)) {
        if (out.length >= max) break;
        if (redrive && message.receiveCount >= redrive.maxReceiveCount) {
          this.tables.move(message.id, redrive.queueId, now);
          moved = true;
          continue;
        }
        const receipt = encodeReceiptHandle(message.id, queue.id);
        this.tables.markReceived(message.id, receipt, now, now + timeout * 1000);
        out.push({
          ...message,
          receipt,
          receiveCount: message.receiveCount + 1,
          firstReceive: message.firstReceive ?? now,
        });
      }
      return out;
    });
    if (moved && redrive) this.waiters.notify(redrive.queueId);
    return received;
  }

  private redriveTarget(queue: QueueRecord): { queueId: number; maxReceiveCount: number } | undefined {
    const text = queue.attributes['RedrivePolicy'];
    if (text === undefined || text === '') return undefined;
    const policy = parseRedrivePolicy(text);
    const name = queueNameOfArn(policy.deadLetterTargetArn, this.region, this.accountId);
    const target = name === undefined ? undefined : this.tables.queue(name);
    // A dead-letter queue deleted after the policy was set: messages stay where they are, as on AWS.
    return target && { queueId: target.id, maxReceiveCount: policy.maxReceiveCount };
  }

  private checkDeadLetterTarget(attributes: Record<string, string>): void {
    const text = attributes['RedrivePolicy'];
    if (text === undefined || text === '') return;
    const name = queueNameOfArn(parseRedrivePolicy(text).deadLetterTargetArn, this.region, this.accountId);
    if (name === undefined || !this.tables.queue(name)) {
      throw sqsError(
        'InvalidParameterValue',
        'Value {"deadLetterTargetArn":...} for parameter RedrivePolicy is invalid. Reason: Dead letter target does not exist.',
      );
    }
  }

  private toMessage(message: MessageRecord, systemNames: string[], attributeNames: string[]): Message {
    const out: Message = {
      MessageId: message.messageId,
      ReceiptHandle: message.receipt!,
      MD5OfBody: message.md5OfBody,
      Body: message.body,
    };
    const all = systemNames.includes('All');
    const system: Record<string, string> = {};
    for (const name of MESSAGE_SYSTEM_ATTRIBUTES) {
      if (!all && !systemNames.includes(name)) continue;
      if (name === 'ApproximateReceiveCount') system[name] = String(message.receiveCount);
      else if (name === 'SentTimestamp') system[name] = String(message.sent);
      else if (name === 'SenderId') system[name] = this.accountId;
      else system[name] = String(message.firstReceive ?? message.sent);
    }
    if (Object.keys(system).length > 0) out.Attributes = system;
    const selected = selectAttributes(message.messageAttributes ?? {}, attributeNames);
    const md5 = md5OfMessageAttributes(selected);
    if (md5 !== undefined) {
      out.MD5OfMessageAttributes = md5;
      out.MessageAttributes = selected;
    }
    return out;
  }

  private deleteByHandle(queue: QueueRecord, handle: string): void {
    const decoded = decodeReceiptHandle(handle);
    if (!decoded || decoded.queueId !== queue.id) throw receiptHandleIsInvalid(handle);
    const message = this.tables.message(decoded.messageId);
    // Deleting twice succeeds, and an out-of-date handle (the message was received again since) succeeds
    // without deleting: both as SQS documents.
    if (!message || message.receipt !== handle) return;
    this.tables.deleteMessage(message.id);
  }

  private changeVisibility(queue: QueueRecord, input: Input): void {
    const handle = requiredString(input, 'ReceiptHandle');
    const timeout = optionalInteger(input, 'VisibilityTimeout', 0, 43200);
    if (timeout === undefined) throw missingParameter('VisibilityTimeout');
    const decoded = decodeReceiptHandle(handle);
    if (!decoded || decoded.queueId !== queue.id) throw receiptHandleIsInvalid(handle);
    const message = this.tables.message(decoded.messageId);
    const now = this.clock.now();
    if (!message || message.receipt !== handle || message.visibleAt <= now) {
      throw sqsError(
        'MessageNotInflight',
        `Value ${handle} for parameter ReceiptHandle is invalid. Reason: Message does not exist or is not available for visibility timeout change.`,
      );
    }
    this.tables.changeVisibility(message.id, now + timeout * 1000);
    if (timeout === 0) this.waiters.notify(queue.id);
  }

  private expire(queue: QueueRecord, now: number): void {
    this.tables.expire(queue.id, now - 1000 * integerAttribute(queue.attributes, 'MessageRetentionPeriod'));
  }

  private queueOf(input: Input): QueueRecord {
    const url = requiredString(input, 'QueueUrl');
    const queue = this.tables.queue(queueNameOfUrl(url, this.accountId));
    if (!queue) throw queueDoesNotExist();
    return queue;
  }

  private urlOf(name: string, context: SqsCallContext): string {
    return queueUrl(context.baseUrl ?? this.baseUrl, this.accountId, name);
  }
}

/** MessageAttributeNames: 'All', '.*', exact names and 'prefix.*'. */
function selectAttributes(
  attributes: Record<string, MessageAttributeValue>,
  names: string[],
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
