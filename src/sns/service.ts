/**
 * LocalSns: topics and Publish, kept in SQLite. There are no subscriptions locally: the point is to record
 * what a workflow published (`fanout sns list`). A topic comes into being on its first Publish (or CreateTopic),
 * so workflows need no set-up step.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../engine/ports';
import { systemClock } from '../runtime/clock';
import { SnsError } from './errors';
import type { PublishedMessage, SnsTables } from './tables';

export interface LocalSnsOptions {
  tables: SnsTables;
  /** @default 'us-east-1' */
  region?: string;
  /** @default '000000000000' */
  accountId?: string;
  /** @default the wall clock */
  clock?: Clock;
}

type Input = Readonly<Record<string, unknown>>;

const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;
const MAX_MESSAGE_BYTES = 262144;

export class LocalSns {
  readonly region: string;
  readonly accountId: string;
  private readonly tables: SnsTables;
  private readonly clock: Clock;

  constructor(options: LocalSnsOptions) {
    this.tables = options.tables;
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '000000000000';
    this.clock = options.clock ?? systemClock;
  }

  topicArn(name: string): string {
    return `arn:aws:sns:${this.region}:${this.accountId}:${name}`;
  }

  createTopic(input: Input): { TopicArn: string } {
    const name = input['Name'];
    if (typeof name !== 'string' || !TOPIC_NAME.test(name)) {
      throw new SnsError('InvalidParameter', 'Invalid parameter: Topic Name');
    }
    this.tables.ensureTopic(name, this.clock.now());
    return { TopicArn: this.topicArn(name) };
  }

  listTopics(): { Topics: { TopicArn: string }[] } {
    return { Topics: this.tables.topics().map((t) => ({ TopicArn: this.topicArn(t.name) })) };
  }

  deleteTopic(input: Input): Record<string, never> {
    const topic = this.tables.topic(this.topicNameOf(input['TopicArn'], 'TopicArn'));
    if (topic) this.tables.deleteTopic(topic.id);
    return {};
  }

  publish(input: Input): { MessageId: string } {
    const target = input['TopicArn'] ?? input['TargetArn'];
    if (target === undefined && input['PhoneNumber'] !== undefined) {
      throw new SnsError('InvalidParameter', 'Invalid parameter: PhoneNumber Reason: SMS is not available locally');
    }
    const name = this.topicNameOf(target, 'TopicArn or TargetArn');
    const message = input['Message'];
    if (typeof message !== 'string' || message === '') {
      throw new SnsError('InvalidParameter', 'Invalid parameter: Empty message');
    }
    if (Buffer.byteLength(message) > MAX_MESSAGE_BYTES) {
      throw new SnsError('InvalidParameter', 'Invalid parameter: Message too long');
    }
    const subject = input['Subject'];
    if (subject !== undefined && (typeof subject !== 'string' || subject === '' || subject.length > 100)) {
      throw new SnsError('InvalidParameter', 'Invalid parameter: Subject');
    }
    const attributes = input['MessageAttributes'];
    if (
      attributes !== undefined &&
      (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes))
    ) {
      throw new SnsError('InvalidParameter', 'Invalid parameter: MessageAttributes');
    }
    const now = this.clock.now();
    const topic = this.tables.ensureTopic(name, now);
    const messageId = randomUUID();
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
    return { MessageId: messageId };
  }

  /** The messages published so far, oldest first (a local extension: SNS itself keeps nothing). */
  messages(options: { topic?: string; afterId?: number; limit?: number } = {}): PublishedMessage[] {
    return this.tables.messages({
      ...(options.topic === undefined ? {} : { topic: options.topic }),
      ...(options.afterId === undefined ? {} : { afterId: options.afterId }),
      limit: options.limit ?? 1000,
    });
  }

  /** The topic name in an ARN of this account and region; anything else is a topic that does not exist. */
  private topicNameOf(arn: unknown, parameter: string): string {
    if (typeof arn !== 'string' || arn === '') {
      throw new SnsError('InvalidParameter', `Invalid parameter: ${parameter}`);
    }
    const parts = arn.split(':');
    if (parts.length !== 6 || parts[0] !== 'arn' || parts[2] !== 'sns' || !TOPIC_NAME.test(parts[5]!)) {
      throw new SnsError('InvalidParameter', `Invalid parameter: ${parameter} Reason: An ARN must have 6 elements`);
    }
    if (parts[3] !== this.region || parts[4] !== this.accountId) {
      throw new SnsError('NotFound', 'Topic does not exist');
    }
    return parts[5]!;
  }
}
