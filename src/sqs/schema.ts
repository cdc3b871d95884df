import type { SchemaMigrations } from '../store/migrations';

/** The SQS tables' part of the schema (queues and messages, FIFO groups and deduplication), by schema version (src/store/migrations.ts). */
export const SQS_MIGRATIONS: SchemaMigrations = {
  // Queues and messages (src/sqs/tables.ts).
  3: `
  CREATE TABLE sqs_queues (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    -- The settable attributes as a JSON object of strings.
    attributes TEXT NOT NULL,
    created INTEGER NOT NULL,
    last_modified INTEGER NOT NULL
  );

  -- A message is visible when visible_at <= now; receipt is the handle of its latest receive.
  CREATE TABLE sqs_messages (
    id INTEGER PRIMARY KEY,
    queue_id INTEGER NOT NULL,
    message_id TEXT NOT NULL,
    body TEXT NOT NULL,
    message_attributes TEXT,
    md5_body TEXT NOT NULL,
    md5_attributes TEXT,
    sent INTEGER NOT NULL,
    visible_at INTEGER NOT NULL,
    receive_count INTEGER NOT NULL DEFAULT 0,
    first_receive INTEGER,
    receipt TEXT
  );
  CREATE INDEX sqs_messages_by_visibility ON sqs_messages (queue_id, visible_at, id);
  `,
  // FIFO queues (src/sqs/fifo.ts): a message's group, deduplication id and sequence number; the queue's last
  // sequence number; the deduplication ids seen in the last 5 minutes, kept after their messages are deleted.
  10: `
  ALTER TABLE sqs_messages ADD COLUMN group_id TEXT;
  ALTER TABLE sqs_messages ADD COLUMN dedup_id TEXT;
  ALTER TABLE sqs_messages ADD COLUMN sequence_number TEXT;
  CREATE INDEX sqs_messages_by_group ON sqs_messages (queue_id, group_id, id) WHERE group_id IS NOT NULL;
  ALTER TABLE sqs_queues ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;
  -- scope: the message group under DeduplicationScope=messageGroup, '' under queue.
  CREATE TABLE sqs_dedup (
    queue_id INTEGER NOT NULL,
    scope TEXT NOT NULL,
    dedup_id TEXT NOT NULL,
    message_id TEXT NOT NULL,
    sequence_number TEXT NOT NULL,
    sent INTEGER NOT NULL,
    PRIMARY KEY (queue_id, scope, dedup_id)
  );
  `,
};
