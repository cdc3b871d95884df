import type { SchemaMigrations } from '../store/migrations';

/** The EventBridge tables' part of the schema (buses, rules, targets and deliveries), by schema version (src/store/migrations.ts). */
export const EVENTS_MIGRATIONS: SchemaMigrations = {
  7: `
  -- EventBridge (src/events/tables.ts): buses, rules with their targets, and the latest deliveries per rule.
  CREATE TABLE events_buses (
    name TEXT PRIMARY KEY,
    description TEXT,
    created INTEGER NOT NULL
  );
  CREATE TABLE events_rules (
    bus TEXT NOT NULL,
    name TEXT NOT NULL,
    event_pattern TEXT,
    schedule_expression TEXT,
    state TEXT NOT NULL,
    description TEXT,
    role_arn TEXT,
    created INTEGER NOT NULL,
    PRIMARY KEY (bus, name)
  );
  -- target: the Target structure as PutTargets received it (JSON).
  CREATE TABLE events_targets (
    bus TEXT NOT NULL,
    rule TEXT NOT NULL,
    id TEXT NOT NULL,
    target TEXT NOT NULL,
    PRIMARY KEY (bus, rule, id)
  );
  -- outcome: STARTED, DELIVERED, RETRYING, FAILED (sent to the dead-letter queue or dropped).
  CREATE TABLE events_deliveries (
    id INTEGER PRIMARY KEY,
    bus TEXT NOT NULL,
    rule TEXT NOT NULL,
    target_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    event TEXT NOT NULL,
    time INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    resource_arn TEXT,
    error TEXT
  );
  CREATE INDEX events_deliveries_by_rule ON events_deliveries (bus, rule, id);
  `,
  // An EventBridge delivery waiting to retry keeps its target and next attempt, so a restart resumes it.
  11: `
  ALTER TABLE events_deliveries ADD COLUMN target TEXT;
  ALTER TABLE events_deliveries ADD COLUMN next_attempt INTEGER;
  CREATE INDEX events_deliveries_retrying ON events_deliveries (id) WHERE outcome = 'RETRYING';
  `,
};
