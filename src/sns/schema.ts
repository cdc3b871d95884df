import type { SchemaMigrations } from '../store/migrations';

/** The SNS tables' part of the schema (topics, published messages and subscriptions), by schema version (src/store/migrations.ts). */
export const SNS_MIGRATIONS: SchemaMigrations = {
  // Topics and published messages (src/sns/tables.ts).
  3: `
  CREATE TABLE sns_topics (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created INTEGER NOT NULL
  );

  CREATE TABLE sns_messages (
    id INTEGER PRIMARY KEY,
    topic_id INTEGER NOT NULL,
    message_id TEXT NOT NULL,
    message TEXT NOT NULL,
    subject TEXT,
    message_attributes TEXT,
    published INTEGER NOT NULL
  );
  CREATE INDEX sns_messages_by_topic ON sns_messages (topic_id, id);
  `,
  // SNS topic attributes (FIFO topics), deleted topics (a publish to one is NotFound), subscriptions (src/sns).
  5: `
  ALTER TABLE sns_topics ADD COLUMN attributes TEXT NOT NULL DEFAULT '{}';
  ALTER TABLE sns_topics ADD COLUMN deleted INTEGER;
  ALTER TABLE sns_topics ADD COLUMN sequence INTEGER NOT NULL DEFAULT 0;

  CREATE TABLE sns_subscriptions (
    arn TEXT PRIMARY KEY,
    topic_id INTEGER NOT NULL,
    protocol TEXT NOT NULL,
    endpoint TEXT NOT NULL,
    -- The settable attributes (RawMessageDelivery, FilterPolicy …) as a JSON object of strings.
    attributes TEXT NOT NULL,
    created INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX sns_subscriptions_by_topic ON sns_subscriptions (topic_id);
  `,
};
