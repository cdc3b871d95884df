/**
 * SNS topics, their subscriptions, and every message published to them (kept, so `fanout sns list` can show what
 * was sent). A deleted topic keeps its row, marked deleted, so a later Publish to it is NotFound as on AWS.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../store/database';

export interface TopicRecord {
  id: number;
  name: string;
  /** Epoch milliseconds. */
  created: number;
  /** Settable attributes (FifoTopic, ContentBasedDeduplication, DisplayName …). */
  attributes: Record<string, string>;
  /** Epoch milliseconds when DeleteTopic removed it; undefined while it exists. */
  deleted?: number;
}

export interface SubscriptionRecord {
  arn: string;
  topic: string;
  protocol: string;
  endpoint: string;
  attributes: Record<string, string>;
}

interface TopicRow {
  id: number;
  name: string;
  created: number;
  attributes: string;
  deleted: number | null;
}

interface SubscriptionRow {
  arn: string;
  topic: string;
  protocol: string;
  endpoint: string;
  attributes: string;
}

export interface PublishedMessage {
  id: number;
  topic: string;
  messageId: string;
  message: string;
  subject?: string;
  messageAttributes?: Record<string, unknown>;
  /** Epoch milliseconds. */
  published: number;
}

interface MessageRow {
  id: number;
  topic: string;
  message_id: string;
  message: string;
  subject: string | null;
  message_attributes: string | null;
  published: number;
}

export class SnsTables {
  private readonly topicByName: Statement<[string], TopicRow>;
  private readonly upsertTopic: Statement<[string, number, string]>;
  private readonly allTopics: Statement<[], TopicRow>;
  private readonly insertMessage: Statement<[number, string, string, string | null, string | null, number]>;
  private readonly messagesAll: Statement<[number, number], MessageRow>;
  private readonly messagesOfTopic: Statement<[string, number, number], MessageRow>;
  private readonly subscriptionsOfTopic: Statement<[number], SubscriptionRow>;
  private readonly allSubscriptions: Statement<[], SubscriptionRow>;
  private readonly subscriptionByArn: Statement<[string], SubscriptionRow>;
  private readonly nextSequence: Statement<[number], { sequence: number }>;

  constructor(private readonly db: Db) {
    this.topicByName = db.prepare(`SELECT id, name, created, attributes, deleted FROM sns_topics WHERE name = ?`);
    // CreateTopic of a deleted name makes a new topic of that name.
    this.upsertTopic = db.prepare(
      `INSERT INTO sns_topics (name, created, attributes) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET deleted = NULL, created = excluded.created, attributes = excluded.attributes
       WHERE deleted IS NOT NULL`,
    );
    this.allTopics = db.prepare(
      `SELECT id, name, created, attributes, deleted FROM sns_topics WHERE deleted IS NULL ORDER BY name`,
    );
    this.insertMessage = db.prepare(
      `INSERT INTO sns_messages (topic_id, message_id, message, subject, message_attributes, published)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    const select = `SELECT m.id, t.name AS topic, m.message_id, m.message, m.subject, m.message_attributes, m.published
      FROM sns_messages m JOIN sns_topics t ON t.id = m.topic_id`;
    this.messagesAll = db.prepare(`${select} WHERE m.id > ? ORDER BY m.id LIMIT ?`);
    this.messagesOfTopic = db.prepare(`${select} WHERE t.name = ? AND m.id > ? ORDER BY m.id LIMIT ?`);
    const subscriptions = `SELECT s.arn, t.name AS topic, s.protocol, s.endpoint, s.attributes
      FROM sns_subscriptions s JOIN sns_topics t ON t.id = s.topic_id`;
    this.subscriptionsOfTopic = db.prepare(`${subscriptions} WHERE s.topic_id = ? ORDER BY s.created, s.arn`);
    this.allSubscriptions = db.prepare(`${subscriptions} ORDER BY t.name, s.created, s.arn`);
    this.subscriptionByArn = db.prepare(`${subscriptions} WHERE s.arn = ?`);
    this.nextSequence = db.prepare(`UPDATE sns_topics SET sequence = sequence + 1 WHERE id = ? RETURNING sequence`);
  }

  /** The topic, deleted or not. */
  topic(name: string): TopicRecord | undefined {
    const row = this.topicByName.get(name);
    return row === undefined ? undefined : topicOf(row);
  }

  /** Creates the topic unless it exists (CreateTopic is idempotent); returns it. */
  ensureTopic(name: string, now: number, attributes: Record<string, string> = {}): TopicRecord {
    this.upsertTopic.run(name, now, JSON.stringify(attributes));
    return this.topic(name)!;
  }

  topics(): TopicRecord[] {
    return this.allTopics.all().map(topicOf);
  }

  /** Marks the topic deleted and drops its messages and subscriptions. */
  deleteTopic(id: number, now: number): void {
    this.db.transaction(() => {
      this.db.prepare(`DELETE FROM sns_messages WHERE topic_id = ?`).run(id);
      this.db.prepare(`DELETE FROM sns_subscriptions WHERE topic_id = ?`).run(id);
      this.db.prepare(`UPDATE sns_topics SET deleted = ? WHERE id = ?`).run(now, id);
    })();
  }

  /** The next FIFO sequence number of a topic (1, 2, …). */
  sequence(topicId: number): number {
    return this.nextSequence.get(topicId)!.sequence;
  }

  subscribe(record: { arn: string; topicId: number; protocol: string; endpoint: string }, now: number): void {
    this.db
      .prepare(
        `INSERT INTO sns_subscriptions (arn, topic_id, protocol, endpoint, attributes, created) VALUES (?, ?, ?, ?, '{}', ?)`,
      )
      .run(record.arn, record.topicId, record.protocol, record.endpoint, now);
  }

  unsubscribe(arn: string): void {
    this.db.prepare(`DELETE FROM sns_subscriptions WHERE arn = ?`).run(arn);
  }

  setSubscriptionAttributes(arn: string, attributes: Record<string, string>): void {
    this.db.prepare(`UPDATE sns_subscriptions SET attributes = ? WHERE arn = ?`).run(JSON.stringify(attributes), arn);
  }

  subscription(arn: string): SubscriptionRecord | undefined {
    const row = this.subscriptionByArn.get(arn);
    return row === undefined ? undefined : subscriptionOf(row);
  }

  /** A topic's subscriptions, or every subscription. */
  subscriptions(topicId?: number): SubscriptionRecord[] {
    const rows = topicId === undefined ? this.allSubscriptions.all() : this.subscriptionsOfTopic.all(topicId);
    return rows.map(subscriptionOf);
  }

  publish(
    topicId: number,
    message: { messageId: string; message: string; subject?: string; messageAttributes?: Record<string, unknown> },
    now: number,
  ): void {
    this.insertMessage.run(
      topicId,
      message.messageId,
      message.message,
      message.subject ?? null,
      message.messageAttributes === undefined ? null : JSON.stringify(message.messageAttributes),
      now,
    );
  }

  /** Published messages in order, after `afterId`; all topics unless one is named. */
  messages(options: { topic?: string; afterId?: number; limit: number }): PublishedMessage[] {
    const rows =
      options.topic === undefined
        ? this.messagesAll.all(options.afterId ?? 0, options.limit)
        : this.messagesOfTopic.all(options.topic, options.afterId ?? 0, options.limit);
    return rows.map((row) => {
      const out: PublishedMessage = {
        id: row.id,
        topic: row.topic,
        messageId: row.message_id,
        message: row.message,
        published: row.published,
      };
      if (row.subject !== null) out.subject = row.subject;
      if (row.message_attributes !== null) {
        out.messageAttributes = JSON.parse(row.message_attributes) as Record<string, unknown>;
      }
      return out;
    });
  }
}

function topicOf(row: TopicRow): TopicRecord {
  return {
    id: row.id,
    name: row.name,
    created: row.created,
    attributes: JSON.parse(row.attributes) as Record<string, string>,
    ...(row.deleted === null ? {} : { deleted: row.deleted }),
  };
}

function subscriptionOf(row: SubscriptionRow): SubscriptionRecord {
  return {
    arn: row.arn,
    topic: row.topic,
    protocol: row.protocol,
    endpoint: row.endpoint,
    attributes: JSON.parse(row.attributes) as Record<string, string>,
  };
}
