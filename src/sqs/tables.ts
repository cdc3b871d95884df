/**
 * The SQS tables: queues (settable attributes as JSON) and messages. A message is visible when
 * `visible_at <= now`; `receipt` is the handle of its latest receive, so an older handle no longer matches.
 * FIFO queues also number their messages and remember deduplication ids (`sqs_dedup`) for the 5-minute window.
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from '../store/database';
import type { MessageAttributeValue } from './md5';

export interface QueueRecord {
  id: number;
  name: string;
  /** The attributes set by CreateQueue / SetQueueAttributes, as strings (SQS's own representation). */
  attributes: Record<string, string>;
  /** Epoch milliseconds. */
  created: number;
  lastModified: number;
}

export interface NewMessage {
  messageId: string;
  body: string;
  messageAttributes?: Record<string, MessageAttributeValue>;
  md5OfBody: string;
  md5OfMessageAttributes?: string;
  /** Epoch milliseconds. */
  sent: number;
  visibleAt: number;
  groupId?: string;
  dedupId?: string;
  sequenceNumber?: string;
}

/** A stored message: what was sent, plus its row ids and its receive state. */
export interface MessageRecord extends NewMessage {
  id: number;
  queueId: number;
  receiveCount: number;
  firstReceive?: number;
  receipt?: string;
}

/** A deduplication id seen on a FIFO queue: a send repeating it within the window answers with this message. */
export interface DedupRecord {
  messageId: string;
  sequenceNumber: string;
  sent: number;
}

interface QueueRow {
  id: number;
  name: string;
  attributes: string;
  created: number;
  last_modified: number;
}

interface MessageRow {
  id: number;
  queue_id: number;
  message_id: string;
  body: string;
  message_attributes: string | null;
  md5_body: string;
  md5_attributes: string | null;
  sent: number;
  visible_at: number;
  receive_count: number;
  first_receive: number | null;
  receipt: string | null;
  group_id: string | null;
  dedup_id: string | null;
  sequence_number: string | null;
}

function toQueue(row: QueueRow): QueueRecord {
  return {
    id: row.id,
    name: row.name,
    attributes: JSON.parse(row.attributes) as Record<string, string>,
    created: row.created,
    lastModified: row.last_modified,
  };
}

function toMessage(row: MessageRow): MessageRecord {
  const record: MessageRecord = {
    id: row.id,
    queueId: row.queue_id,
    messageId: row.message_id,
    body: row.body,
    md5OfBody: row.md5_body,
    sent: row.sent,
    visibleAt: row.visible_at,
    receiveCount: row.receive_count,
  };
  if (row.message_attributes !== null) {
    record.messageAttributes = JSON.parse(row.message_attributes) as Record<string, MessageAttributeValue>;
  }
  if (row.md5_attributes !== null) record.md5OfMessageAttributes = row.md5_attributes;
  if (row.first_receive !== null) record.firstReceive = row.first_receive;
  if (row.receipt !== null) record.receipt = row.receipt;
  if (row.group_id !== null) record.groupId = row.group_id;
  if (row.dedup_id !== null) record.dedupId = row.dedup_id;
  if (row.sequence_number !== null) record.sequenceNumber = row.sequence_number;
  return record;
}

export interface QueueCounts {
  visible: number;
  notVisible: number;
  delayed: number;
}

export class SqsTables {
  private readonly queueByName: Statement<[string], QueueRow>;
  private readonly queueByIdStmt: Statement<[number], QueueRow>;
  private readonly queuePage: Statement<[string, string, string, number], QueueRow>;
  private readonly insertQueue: Statement<[string, string, number, number]>;
  private readonly updateQueue: Statement<[string, number, number]>;
  private readonly insertMessage: Statement<
    [
      number,
      string,
      string,
      string | null,
      string,
      string | null,
      number,
      number,
      string | null,
      string | null,
      string | null,
    ]
  >;
  private readonly visible: Statement<[number, number, number], MessageRow>;
  private readonly groupHeads: Statement<[number, number, number, number], MessageRow>;
  private readonly nextSequence: Statement<[number], { sequence: number }>;
  private readonly dedupGet: Statement<[number, string, string, number], DedupRecord>;
  private readonly dedupPut: Statement<[number, string, string, string, string, number]>;
  private readonly dedupExpire: Statement<[number, number]>;
  private readonly byId: Statement<[number], MessageRow>;
  private readonly receiveStmt: Statement<[number, string, number, number]>;
  private readonly moveStmt: Statement<[number, number, number]>;
  private readonly setVisibleAt: Statement<[number, number]>;
  private readonly deleteStmt: Statement<[number]>;
  private readonly countStmt: Statement<[number, number, number, number], QueueCounts>;
  private readonly nextVisibleStmt: Statement<[number, number], { t: number | null }>;
  private readonly expireStmt: Statement<[number, number]>;

  constructor(private readonly db: Db) {
    this.queueByName = db.prepare(`SELECT * FROM sqs_queues WHERE name = ?`);
    this.queueByIdStmt = db.prepare(`SELECT * FROM sqs_queues WHERE id = ?`);
    this.queuePage = db.prepare(
      `SELECT * FROM sqs_queues WHERE name > ? AND substr(name, 1, length(?)) = ? ORDER BY name LIMIT ?`,
    );
    this.insertQueue = db.prepare(
      `INSERT INTO sqs_queues (name, attributes, created, last_modified) VALUES (?, ?, ?, ?)`,
    );
    this.updateQueue = db.prepare(`UPDATE sqs_queues SET attributes = ?, last_modified = ? WHERE id = ?`);
    this.insertMessage = db.prepare(
      `INSERT INTO sqs_messages (queue_id, message_id, body, message_attributes, md5_body, md5_attributes, sent,
         visible_at, group_id, dedup_id, sequence_number) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.visible = db.prepare(
      `SELECT * FROM sqs_messages WHERE queue_id = ? AND visible_at <= ? ORDER BY visible_at, id LIMIT ?`,
    );
    // A FIFO message can be received when no message of its group is in flight and none sent before it waits.
    this.groupHeads = db.prepare(
      `SELECT * FROM sqs_messages m WHERE queue_id = ? AND visible_at <= ? AND NOT EXISTS (
         SELECT 1 FROM sqs_messages e WHERE e.queue_id = m.queue_id AND e.group_id = m.group_id
           AND e.visible_at > ? AND (e.id < m.id OR e.receive_count > 0))
       ORDER BY id LIMIT ?`,
    );
    this.nextSequence = db.prepare(`UPDATE sqs_queues SET sequence = sequence + 1 WHERE id = ? RETURNING sequence`);
    this.dedupGet = db.prepare(
      `SELECT message_id AS messageId, sequence_number AS sequenceNumber, sent FROM sqs_dedup
       WHERE queue_id = ? AND scope = ? AND dedup_id = ? AND sent >= ?`,
    );
    this.dedupPut = db.prepare(
      `INSERT OR REPLACE INTO sqs_dedup (queue_id, scope, dedup_id, message_id, sequence_number, sent)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.dedupExpire = db.prepare(`DELETE FROM sqs_dedup WHERE queue_id = ? AND sent < ?`);
    this.byId = db.prepare(`SELECT * FROM sqs_messages WHERE id = ?`);
    this.receiveStmt = db.prepare(
      `UPDATE sqs_messages SET receive_count = receive_count + 1, first_receive = coalesce(first_receive, ?),
         receipt = ?, visible_at = ? WHERE id = ?`,
    );
    this.moveStmt = db.prepare(`UPDATE sqs_messages SET queue_id = ?, visible_at = ?, receipt = NULL WHERE id = ?`);
    this.setVisibleAt = db.prepare(`UPDATE sqs_messages SET visible_at = ? WHERE id = ?`);
    this.deleteStmt = db.prepare(`DELETE FROM sqs_messages WHERE id = ?`);
    this.countStmt = db.prepare(
      `SELECT
         count(*) FILTER (WHERE visible_at <= ?) AS visible,
         count(*) FILTER (WHERE visible_at > ? AND receive_count > 0) AS notVisible,
         count(*) FILTER (WHERE visible_at > ? AND receive_count = 0) AS delayed
       FROM sqs_messages WHERE queue_id = ?`,
    );
    this.nextVisibleStmt = db.prepare(
      `SELECT min(visible_at) AS t FROM sqs_messages WHERE queue_id = ? AND visible_at > ?`,
    );
    this.expireStmt = db.prepare(`DELETE FROM sqs_messages WHERE queue_id = ? AND sent < ?`);
  }

  queue(name: string): QueueRecord | undefined {
    const row = this.queueByName.get(name);
    return row && toQueue(row);
  }

  queueById(id: number): QueueRecord | undefined {
    const row = this.queueByIdStmt.get(id);
    return row && toQueue(row);
  }

  /** Queues in name order after `afterName` whose names start with `prefix`. */
  queues(prefix: string, afterName: string, limit: number): QueueRecord[] {
    return this.queuePage.all(afterName, prefix, prefix, limit).map(toQueue);
  }

  createQueue(name: string, attributes: Record<string, string>, now: number): QueueRecord {
    const id = Number(this.insertQueue.run(name, JSON.stringify(attributes), now, now).lastInsertRowid);
    return this.queueById(id)!;
  }

  setQueueAttributes(id: number, attributes: Record<string, string>, now: number): void {
    this.updateQueue.run(JSON.stringify(attributes), now, id);
  }

  deleteQueue(id: number): void {
    this.db.transaction(() => {
      this.db.prepare(`DELETE FROM sqs_messages WHERE queue_id = ?`).run(id);
      this.db.prepare(`DELETE FROM sqs_dedup WHERE queue_id = ?`).run(id);
      this.db.prepare(`DELETE FROM sqs_queues WHERE id = ?`).run(id);
    })();
  }

  purge(queueId: number): void {
    this.db.prepare(`DELETE FROM sqs_messages WHERE queue_id = ?`).run(queueId);
  }

  send(queueId: number, message: NewMessage): void {
    this.insertMessage.run(
      queueId,
      message.messageId,
      message.body,
      message.messageAttributes ? JSON.stringify(message.messageAttributes) : null,
      message.md5OfBody,
      message.md5OfMessageAttributes ?? null,
      message.sent,
      message.visibleAt,
      message.groupId ?? null,
      message.dedupId ?? null,
      message.sequenceNumber ?? null,
    );
  }

  visibleMessages(queueId: number, now: number, limit: number): MessageRecord[] {
    return this.visible.all(queueId, now, limit).map(toMessage);
  }

  /** A FIFO queue's receivable messages in send order: groups with a message in flight or waiting are skipped. */
  receivableInOrder(queueId: number, now: number, limit: number): MessageRecord[] {
    return this.groupHeads.all(queueId, now, now, limit).map(toMessage);
  }

  /** The queue's next FIFO sequence number (1, 2, …). */
  sequence(queueId: number): number {
    return this.nextSequence.get(queueId)!.sequence;
  }

  /** The message a deduplication id was first sent with, if that was at or after `since`. */
  deduplicated(queueId: number, scope: string, dedupId: string, since: number): DedupRecord | undefined {
    return this.dedupGet.get(queueId, scope, dedupId, since);
  }

  /** Remembers a deduplication id, forgetting those of the queue sent before `forgetBefore`. */
  rememberDedup(queueId: number, scope: string, dedupId: string, record: DedupRecord, forgetBefore: number): void {
    this.dedupExpire.run(queueId, forgetBefore);
    this.dedupPut.run(queueId, scope, dedupId, record.messageId, record.sequenceNumber, record.sent);
  }

  message(id: number): MessageRecord | undefined {
    const row = this.byId.get(id);
    return row && toMessage(row);
  }

  /** Marks a message received: one more receive, a new receipt handle, hidden until `visibleAt`. */
  markReceived(id: number, receipt: string, now: number, visibleAt: number): void {
    this.receiveStmt.run(now, receipt, visibleAt, id);
  }

  /** Moves a message to another queue (dead-letter redrive), visible now. */
  move(id: number, toQueueId: number, now: number): void {
    this.moveStmt.run(toQueueId, now, id);
  }

  changeVisibility(id: number, visibleAt: number): void {
    this.setVisibleAt.run(visibleAt, id);
  }

  deleteMessage(id: number): void {
    this.deleteStmt.run(id);
  }

  counts(queueId: number, now: number): QueueCounts {
    return this.countStmt.get(now, now, now, queueId) ?? { visible: 0, notVisible: 0, delayed: 0 };
  }

  /** When the next hidden message becomes visible, if any. */
  nextVisibleAt(queueId: number, now: number): number | undefined {
    return this.nextVisibleStmt.get(queueId, now)?.t ?? undefined;
  }

  /** Deletes the messages sent before `sentBefore` (MessageRetentionPeriod). */
  expire(queueId: number, sentBefore: number): void {
    this.expireStmt.run(queueId, sentBefore);
  }

  transaction<T>(run: () => T): T {
    return this.db.transaction(run)();
  }
}
