/**
 * LocalSqs: standard and FIFO SQS queues kept in SQLite, in process. Operations take and return the members of the
 * SQS JSON protocol (PascalCase, as @aws-sdk/client-sqs sends them); the HTTP routes only translate wire formats.
 * Not modelled: IAM policies, KMS, the 60 s PurgeQueue cool-down, FIFO throughput limits, ReceiveRequestAttemptId.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../engine';
import { systemClock } from '../runtime';
import { eachEntry, type BatchResult } from './batch';
import { checkDeadLetterTarget, redriveTarget } from './dead-letter';
import { sqsError, invalidParameterValue, missingParameter, queueDoesNotExist, receiptHandleIsInvalid } from './errors';
import { DEDUPLICATION_WINDOW_MS, sequenceNumber } from './fifo';
import { messageInput } from './message-input';
import {
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
  isFifoQueue,
  isKnownAttribute,
  requestsFifo,
} from './queue-attributes';
import { checkQueueName, queueArn, queueNameOfUrl, queueUrl } from './queue-url';
import { decodeReceiptHandle, encodeReceiptHandle } from './receipt-handle';
import { receivedMessage, type Message } from './received-message';
import type { MessageRecord, QueueRecord, SqsTables } from './tables';
import { QueueWaiters } from './waiters';

export type { BatchResult } from './batch';
export type { Message } from './received-message';

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

export interface SendResult {
  MD5OfMessageBody: string;
  MD5OfMessageAttributes?: string;
  MessageId: string;
  SequenceNumber?: string;
}

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
    const attributes = optionalStringMap(input, 'Attributes') ?? {};
    const fifo = requestsFifo(attributes);
    checkQueueName(name, fifo);
    const requested = checkQueueAttributes(attributes, { fifo, creating: true });
    checkDeadLetterTarget(this.tables, this, requested, fifo);
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
      this.tables.createQueue(name, { ...defaultQueueAttributes(fifo), ...requested }, this.clock.now());
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
    const fifo = isFifoQueue(queue.attributes);
    const checked = checkQueueAttributes(attributes, { fifo, creating: false });
    checkDeadLetterTarget(this.tables, this, checked, fifo);
    this.tables.setQueueAttributes(queue.id, { ...queue.attributes, ...checked }, this.clock.now());
    return {};
  }

  purgeQueue(input: Input): Record<string, never> {
    this.tables.purge(this.queueOf(input).id);
    return {};
  }

  sendMessage(input: Input): SendResult {
    const queue = this.queueOf(input);
    const result = this.send(queue, input);
    this.waiters.notify(queue.id);
    return result;
  }

  sendMessageBatch(input: Input): BatchResult<SendResult> {
    const queue = this.queueOf(input);
    const result = eachEntry(input, (entry) => this.send(queue, entry));
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
        const request = { systemNames, attributeNames, accountId: this.accountId };
        return { Messages: received.map((m) => receivedMessage(m, request)) };
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

  deleteMessageBatch(input: Input): BatchResult<object> {
    const queue = this.queueOf(input);
    return eachEntry(input, (entry) => {
      this.deleteByHandle(queue, requiredString(entry, 'ReceiptHandle'));
      return {};
    });
  }

  changeMessageVisibility(input: Input): Record<string, never> {
    const queue = this.queueOf(input);
    this.changeVisibility(queue, input);
    return {};
  }

  changeMessageVisibilityBatch(input: Input): BatchResult<object> {
    const queue = this.queueOf(input);
    return eachEntry(input, (entry) => {
      this.changeVisibility(queue, entry);
      return {};
    });
  }

  /** Ends pending long polls (they return no messages). */
  close(): void {
    this.waiters.close();
  }

  /**
   * Queues one message. On a FIFO queue a deduplication id seen within the window is accepted without queueing
   * the message again, answering with the first message's MessageId and SequenceNumber.
   */
  private send(queue: QueueRecord, input: Input): SendResult {
    const message = messageInput(queue.attributes, input);
    const { fifo } = message;
    const now = this.clock.now();
    const digests = {
      MD5OfMessageBody: message.md5OfBody,
      ...(message.attributes === undefined ? {} : { MD5OfMessageAttributes: message.attributes.md5 }),
    };
    return this.tables.transaction(() => {
      const seen = fifo && this.tables.deduplicated(queue.id, fifo.scope, fifo.dedupId, now - DEDUPLICATION_WINDOW_MS);
      if (seen) return { ...digests, MessageId: seen.messageId, SequenceNumber: seen.sequenceNumber };
      const messageId = randomUUID();
      const sequence = fifo && sequenceNumber(this.tables.sequence(queue.id));
      this.tables.send(queue.id, {
        messageId,
        body: message.body,
        ...(message.attributes === undefined
          ? {}
          : { messageAttributes: message.attributes.values, md5OfMessageAttributes: message.attributes.md5 }),
        md5OfBody: message.md5OfBody,
        sent: now,
        visibleAt: now + message.delaySeconds * 1000,
        ...(fifo ? { groupId: fifo.groupId, dedupId: fifo.dedupId, sequenceNumber: sequence! } : {}),
        ...(message.groupId === undefined ? {} : { groupId: message.groupId }),
      });
      if (!fifo) return { ...digests, MessageId: messageId };
      const record = { messageId, sequenceNumber: sequence!, sent: now };
      this.tables.rememberDedup(queue.id, fifo.scope, fifo.dedupId, record, now - DEDUPLICATION_WINDOW_MS);
      return { ...digests, MessageId: messageId, SequenceNumber: sequence! };
    });
  }

  /** Takes up to `max` visible messages, moving those past the redrive policy's maxReceiveCount to the DLQ. */
  private receiveNow(queue: QueueRecord, now: number, max: number, visibility: number | undefined): MessageRecord[] {
    this.expire(queue, now);
    const timeout = visibility ?? integerAttribute(queue.attributes, 'VisibilityTimeout');
    const redrive = redriveTarget(this.tables, this, queue);
    let moved = false;
    const received = this.tables.transaction(() => {
      const out: MessageRecord[] = [];
      // Messages moved to the DLQ free their slot, so look a little further than `max`.
      const limit = max * 2 + 10;
      const candidates = isFifoQueue(queue.attributes)
        ? this.tables.receivableInOrder(queue.id, now, limit)
        : this.tables.visibleMessages(queue.id, now, limit);
      for (const message of candidates) {
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
