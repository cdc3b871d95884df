/** SNS topics and every message published to them (kept, so `fanout sns list` can show what was sent). */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../store/database';

export interface TopicRecord {
  id: number;
  name: string;
  /** Epoch milliseconds. */
  created: number;
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
  private readonly topicByName: Statement<[string], TopicRecord>;
  private readonly insertTopic: Statement<[string, number]>;
  private readonly allTopics: Statement<[], TopicRecord>;
  private readonly insertMessage: Statement<[number, string, string, string | null, string | null, number]>;
  private readonly messagesAll: Statement<[number, number], MessageRow>;
  private readonly messagesOfTopic: Statement<[string, number, number], MessageRow>;

  constructor(private readonly db: Db) {
    this.topicByName = db.prepare(`SELECT id, name, created FROM sns_topics WHERE name = ?`);
    this.insertTopic = db.prepare(`INSERT OR IGNORE INTO sns_topics (name, created) VALUES (?, ?)`);
    this.allTopics = db.prepare(`SELECT id, name, created FROM sns_topics ORDER BY name`);
    this.insertMessage = db.prepare(
      `INSERT INTO sns_messages (topic_id, message_id, message, subject, message_attributes, published)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    const select = `SELECT m.id, t.name AS topic, m.message_id, m.message, m.subject, m.message_attributes, m.published
      FROM sns_messages m JOIN sns_topics t ON t.id = m.topic_id`;
    this.messagesAll = db.prepare(`${select} WHERE m.id > ? ORDER BY m.id LIMIT ?`);
    this.messagesOfTopic = db.prepare(`${select} WHERE t.name = ? AND m.id > ? ORDER BY m.id LIMIT ?`);
  }

  topic(name: string): TopicRecord | undefined {
    return this.topicByName.get(name);
  }

  /** Creates the topic unless it exists (CreateTopic is idempotent); returns it. */
  ensureTopic(name: string, now: number): TopicRecord {
    this.insertTopic.run(name, now);
    return this.topic(name)!;
  }

  topics(): TopicRecord[] {
    return this.allTopics.all();
  }

  deleteTopic(id: number): void {
    this.db.transaction(() => {
      this.db.prepare(`DELETE FROM sns_messages WHERE topic_id = ?`).run(id);
      this.db.prepare(`DELETE FROM sns_topics WHERE id = ?`).run(id);
    })();
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
