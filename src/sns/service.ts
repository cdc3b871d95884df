/**
 * LocalSns: topics (standard and FIFO), subscriptions delivering to local SQS queues, and Publish, kept in SQLite.
 * Every published message is also recorded (`fanout sns list`). A topic comes into being on its first Publish
 * (or CreateTopic), so workflows need no set-up step — except a FIFO topic, which needs its attributes, and a
 * deleted topic, which stays gone (Publish to it is NotFound, as on AWS) until CreateTopic makes it again.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Clock } from '../engine';
import { systemClock } from '../runtime';
import { notification, type NotificationAttribute } from './envelope';
import { snsError } from './errors';
import type { PublishedMessage, SnsTables, SubscriptionRecord, TopicRecord } from './tables';

/** One message handed to an SQS queue subscribed to a topic. */
export interface SqsDelivery {
  queueArn: string;
  body: string;
  /** SQS message attributes (raw delivery only). */
  messageAttributes?: Record<string, NotificationAttribute>;
  messageGroupId?: string;
  messageDeduplicationId?: string;
}

export interface LocalSnsOptions {
  tables: SnsTables;
  /** @default 'us-east-1' */
  region?: string;
  /** @default '000000000000' */
  accountId?: string;
  /** @default the wall clock */
  clock?: Clock;
  /** Sends a message to a subscribed SQS queue; without it, sqs subscriptions receive nothing. */
  deliverToSqs?: (delivery: SqsDelivery) => void;
  /** Delivery failures (the subscribed queue is gone, say): SNS drops the message, locally it is logged. */
  log?: (line: string) => void;
}

type Input = Readonly<Record<string, unknown>>;

const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;
const FIFO_TOPIC_NAME = /^[A-Za-z0-9_-]{1,251}\.fifo$/;
const MAX_MESSAGE_BYTES = 262144;
const TOPIC_ATTRIBUTES = new Set([
  'DisplayName',
  'Policy',
  'DeliveryPolicy',
  'KmsMasterKeyId',
  'TracingConfig',
  'SignatureVersion',
  'FifoTopic',
  'ContentBasedDeduplication',
  'ArchivePolicy',
  'FifoThroughputScope',
]);
const SUBSCRIPTION_ATTRIBUTES = new Set([
  'RawMessageDelivery',
  'FilterPolicy',
  'FilterPolicyScope',
  'RedrivePolicy',
  'DeliveryPolicy',
  'SubscriptionRoleArn',
]);

export class LocalSns {
  readonly region: string;
  readonly accountId: string;
  private readonly tables: SnsTables;
  private readonly clock: Clock;
  private readonly deliverToSqs: ((delivery: SqsDelivery) => void) | undefined;
  private readonly log: ((line: string) => void) | undefined;

  constructor(options: LocalSnsOptions) {
    this.tables = options.tables;
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '000000000000';
    this.clock = options.clock ?? systemClock;
    this.deliverToSqs = options.deliverToSqs;
    this.log = options.log;
  }

  topicArn(name: string): string {
    return `arn:aws:sns:${this.region}:${this.accountId}:${name}`;
  }

  createTopic(input: Input): { TopicArn: string } {
    const name = input['Name'];
    const attributes = stringMap(input['Attributes'], TOPIC_ATTRIBUTES, 'Attributes');
    const fifo = attributes['FifoTopic'] === 'true';
    if (typeof name !== 'string' || !(fifo ? FIFO_TOPIC_NAME : TOPIC_NAME).test(name)) {
      throw snsError(
        'InvalidParameter',
        typeof name === 'string' && FIFO_TOPIC_NAME.test(name) !== fifo
          ? 'Invalid parameter: Topic Name Reason: Fifo Topic names must end with .fifo and Standard Topic cannot end with .fifo'
          : 'Invalid parameter: Topic Name',
      );
    }
    this.tables.ensureTopic(name, this.clock.now(), attributes);
    return { TopicArn: this.topicArn(name) };
  }

  listTopics(): { Topics: { TopicArn: string }[] } {
    return { Topics: this.tables.topics().map((t) => ({ TopicArn: this.topicArn(t.name) })) };
  }

  getTopicAttributes(input: Input): { Attributes: Record<string, string> } {
    const topic = this.liveTopic(this.topicNameOf(input['TopicArn'], 'TopicArn'));
    const subscriptions = this.tables.subscriptions(topic.id).length;
    return {
      Attributes: {
        TopicArn: this.topicArn(topic.name),
        Owner: this.accountId,
        SubscriptionsConfirmed: String(subscriptions),
        SubscriptionsPending: '0',
        SubscriptionsDeleted: '0',
        ...(topic.attributes['FifoTopic'] === 'true' ? {} : { EffectiveDeliveryPolicy: '{}' }),
        ...topic.attributes,
      },
    };
  }

  deleteTopic(input: Input): Record<string, never> {
    const topic = this.tables.topic(this.topicNameOf(input['TopicArn'], 'TopicArn'));
    if (topic && topic.deleted === undefined) this.tables.deleteTopic(topic.id, this.clock.now());
    return {};
  }

  subscribe(input: Input): { SubscriptionArn: string } {
    const topic = this.liveTopic(this.topicNameOf(input['TopicArn'], 'TopicArn'));
    const protocol = input['Protocol'];
    const endpoint = input['Endpoint'];
    if (typeof protocol !== 'string' || protocol === '') {
      throw snsError('InvalidParameter', 'Invalid parameter: Protocol');
    }
    if (protocol !== 'sqs') {
      throw snsError(
        'InvalidParameter',
        `Invalid parameter: Protocol Reason: only the sqs protocol is delivered locally (got ${protocol})`,
      );
    }
    if (typeof endpoint !== 'string' || !/^arn:aws[a-z-]*:sqs:[^:]+:\d{12}:[A-Za-z0-9_.-]+$/.test(endpoint)) {
      throw snsError('InvalidParameter', 'Invalid parameter: SQS endpoint ARN');
    }
    if (endpoint.endsWith('.fifo') && topic.attributes['FifoTopic'] !== 'true') {
      throw snsError(
        'InvalidParameter',
        'Invalid parameter: Invalid parameter: Endpoint Reason: FIFO SQS Queues can not be subscribed to standard SNS topics',
      );
    }
    const attributes = stringMap(input['Attributes'], SUBSCRIPTION_ATTRIBUTES, 'Attributes');
    const existing = this.tables
      .subscriptions(topic.id)
      .find((s) => s.protocol === protocol && s.endpoint === endpoint);
    if (existing) return { SubscriptionArn: existing.arn };
    const arn = `${this.topicArn(topic.name)}:${randomUUID()}`;
    this.tables.subscribe({ arn, topicId: topic.id, protocol, endpoint }, this.clock.now());
    if (Object.keys(attributes).length > 0) this.tables.setSubscriptionAttributes(arn, attributes);
    return { SubscriptionArn: arn };
  }

  unsubscribe(input: Input): Record<string, never> {
    this.subscriptionOf(input['SubscriptionArn']);
    this.tables.unsubscribe(input['SubscriptionArn'] as string);
    return {};
  }

  getSubscriptionAttributes(input: Input): { Attributes: Record<string, string> } {
    const subscription = this.subscriptionOf(input['SubscriptionArn']);
    return {
      Attributes: {
        SubscriptionArn: subscription.arn,
        TopicArn: this.topicArn(subscription.topic),
        Owner: this.accountId,
        Protocol: subscription.protocol,
        Endpoint: subscription.endpoint,
        ConfirmationWasAuthenticated: 'true',
        PendingConfirmation: 'false',
        RawMessageDelivery: 'false',
        ...subscription.attributes,
      },
    };
  }

  setSubscriptionAttributes(input: Input): Record<string, never> {
    const subscription = this.subscriptionOf(input['SubscriptionArn']);
    const name = input['AttributeName'];
    if (typeof name !== 'string' || !SUBSCRIPTION_ATTRIBUTES.has(name)) {
      throw snsError('InvalidParameter', 'Invalid parameter: AttributeName');
    }
    const value = typeof input['AttributeValue'] === 'string' ? input['AttributeValue'] : '';
    this.tables.setSubscriptionAttributes(subscription.arn, { ...subscription.attributes, [name]: value });
    return {};
  }

  listSubscriptions(input: Input = {}): { Subscriptions: Record<string, string>[] } {
    const topic =
      input['TopicArn'] === undefined ? undefined : this.liveTopic(this.topicNameOf(input['TopicArn'], 'TopicArn'));
    return {
      Subscriptions: this.tables.subscriptions(topic?.id).map((s) => ({
        SubscriptionArn: s.arn,
        Owner: this.accountId,
        Protocol: s.protocol,
        Endpoint: s.endpoint,
        TopicArn: this.topicArn(s.topic),
      })),
    };
  }

  publish(input: Input): { MessageId: string; SequenceNumber?: string } {
    const target = input['TopicArn'] ?? input['TargetArn'];
    if (target === undefined && input['PhoneNumber'] !== undefined) {
      throw snsError('InvalidParameter', 'Invalid parameter: PhoneNumber Reason: SMS is not available locally');
    }
    const name = this.topicNameOf(target, 'TopicArn or TargetArn');
    const message = input['Message'];
    if (typeof message !== 'string' || message === '') {
      throw snsError('InvalidParameter', 'Invalid parameter: Empty message');
    }
    if (Buffer.byteLength(message) > MAX_MESSAGE_BYTES) {
      throw snsError('InvalidParameter', 'Invalid parameter: Message too long');
    }
    const subject = input['Subject'];
    if (subject !== undefined && (typeof subject !== 'string' || subject === '' || subject.length > 100)) {
      throw snsError('InvalidParameter', 'Invalid parameter: Subject');
    }
    const attributes = input['MessageAttributes'];
    if (
      attributes !== undefined &&
      (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes))
    ) {
      throw snsError('InvalidParameter', 'Invalid parameter: MessageAttributes');
    }
    const now = this.clock.now();
    const existing = this.tables.topic(name);
    if (existing?.deleted !== undefined || (existing === undefined && FIFO_TOPIC_NAME.test(name))) {
      throw snsError('NotFound', 'Topic does not exist');
    }
    const topic = existing ?? this.tables.ensureTopic(name, now);
    const fifo = fifoFields(topic, input, message);
    const messageId = randomUUID();
    const sequenceNumber = fifo === undefined ? undefined : String(this.tables.sequence(topic.id)).padStart(20, '0');
    this.tables.publish(
      topic.id,
      {
        messageId,
        message,
        ...(subject === undefined ? {} : { subject: subject }),
        ...(attributes === undefined ? {} : { messageAttributes: attributes as Record<string, unknown> }),
      },
      now,
    );
    for (const subscription of this.tables.subscriptions(topic.id)) {
      this.deliver(subscription, {
        messageId,
        topicArn: this.topicArn(topic.name),
        message,
        now,
        ...(typeof subject === 'string' ? { subject } : {}),
        ...(sequenceNumber === undefined ? {} : { sequenceNumber }),
        attributes: (attributes ?? {}) as Record<string, NotificationAttribute>,
        ...(fifo ?? {}),
      });
    }
    return { MessageId: messageId, ...(sequenceNumber === undefined ? {} : { SequenceNumber: sequenceNumber }) };
  }

  /** The messages published so far, oldest first (a local extension: SNS itself keeps nothing). */
  messages(options: { topic?: string; afterId?: number; limit?: number } = {}): PublishedMessage[] {
    return this.tables.messages({
      ...(options.topic === undefined ? {} : { topic: options.topic }),
      ...(options.afterId === undefined ? {} : { afterId: options.afterId }),
      limit: options.limit ?? 1000,
    });
  }

  private deliver(
    subscription: SubscriptionRecord,
    published: {
      messageId: string;
      topicArn: string;
      message: string;
      now: number;
      subject?: string;
      sequenceNumber?: string;
      attributes: Record<string, NotificationAttribute>;
      messageGroupId?: string;
      messageDeduplicationId?: string;
    },
  ): void {
    if (this.deliverToSqs === undefined || subscription.protocol !== 'sqs') return;
    const raw = subscription.attributes['RawMessageDelivery'] === 'true';
    const body = raw
      ? published.message
      : JSON.stringify(notification({ ...published, region: this.region, subscriptionArn: subscription.arn }));
    try {
      this.deliverToSqs({
        queueArn: subscription.endpoint,
        body,
        ...(raw && Object.keys(published.attributes).length > 0 ? { messageAttributes: published.attributes } : {}),
        ...(published.messageGroupId === undefined ? {} : { messageGroupId: published.messageGroupId }),
        ...(published.messageDeduplicationId === undefined
          ? {}
          : { messageDeduplicationId: published.messageDeduplicationId }),
      });
    } catch (error) {
      this.log?.(
        `SNS delivery to ${subscription.endpoint} (${subscription.arn}) failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private liveTopic(name: string): TopicRecord {
    const topic = this.tables.topic(name);
    if (topic === undefined || topic.deleted !== undefined) throw snsError('NotFound', 'Topic does not exist');
    return topic;
  }

  private subscriptionOf(arn: unknown): SubscriptionRecord {
    if (typeof arn !== 'string' || arn === '') throw snsError('InvalidParameter', 'Invalid parameter: SubscriptionArn');
    const subscription = this.tables.subscription(arn);
    if (subscription === undefined) throw snsError('NotFound', 'Subscription does not exist');
    return subscription;
  }

  /** The topic name in an ARN of this account and region; anything else is a topic that does not exist. */
  private topicNameOf(arn: unknown, parameter: string): string {
    if (typeof arn !== 'string' || arn === '') {
      throw snsError('InvalidParameter', `Invalid parameter: ${parameter}`);
    }
    const parts = arn.split(':');
    const name = parts[5] ?? '';
    if (
      parts.length !== 6 ||
      parts[0] !== 'arn' ||
      parts[2] !== 'sns' ||
      !(TOPIC_NAME.test(name) || FIFO_TOPIC_NAME.test(name))
    ) {
      throw snsError('InvalidParameter', `Invalid parameter: ${parameter} Reason: An ARN must have 6 elements`);
    }
    if (parts[3] !== this.region || parts[4] !== this.accountId) {
      throw snsError('NotFound', 'Topic does not exist');
    }
    return name;
  }
}

/** A FIFO topic's MessageGroupId and deduplication id (explicit or content-based); undefined for a standard topic. */
function fifoFields(
  topic: TopicRecord,
  input: Input,
  message: string,
): { messageGroupId: string; messageDeduplicationId: string } | undefined {
  if (topic.attributes['FifoTopic'] !== 'true') return undefined;
  const group = input['MessageGroupId'];
  if (typeof group !== 'string' || group === '') {
    throw snsError('InvalidParameter', 'Invalid parameter: The MessageGroupId parameter is required for FIFO topics');
  }
  let dedup = input['MessageDeduplicationId'];
  if (typeof dedup !== 'string' || dedup === '') {
    if (topic.attributes['ContentBasedDeduplication'] !== 'true') {
      throw snsError(
        'InvalidParameter',
        'Invalid parameter: The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
      );
    }
    dedup = createHash('sha256').update(message).digest('hex');
  }
  return { messageGroupId: group, messageDeduplicationId: dedup as string };
}

/** A `{name: value}` map of strings whose names are among `allowed`. */
function stringMap(value: unknown, allowed: ReadonlySet<string>, parameter: string): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw snsError('InvalidParameter', `Invalid parameter: ${parameter}`);
  }
  const out: Record<string, string> = {};
  for (const [name, v] of Object.entries(value)) {
    if (!allowed.has(name)) {
      throw snsError('InvalidParameter', `Invalid parameter: ${parameter} Reason: Unknown attribute ${name}`);
    }
    out[name] = String(v);
  }
  return out;
}
