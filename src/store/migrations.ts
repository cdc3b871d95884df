/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many have run. Append new entries,
 * never edit shipped ones: a data directory written by an older build must open with a newer one.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE state_machines (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    status TEXT NOT NULL,
    version_id INTEGER NOT NULL,
    created INTEGER NOT NULL,
    revision_id TEXT
  );

  -- One row per definition + role a machine has had, so an execution keeps the definition it started with
  -- (DescribeStateMachineForExecution) after UpdateStateMachine.
  CREATE TABLE state_machine_versions (
    id INTEGER PRIMARY KEY,
    state_machine_id INTEGER NOT NULL,
    definition TEXT NOT NULL,
    role_arn TEXT NOT NULL,
    updated INTEGER NOT NULL
  );
  CREATE INDEX state_machine_versions_by_machine ON state_machine_versions (state_machine_id);

  CREATE TABLE executions (
    id INTEGER PRIMARY KEY,
    state_machine_id INTEGER NOT NULL,
    version_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    status TEXT NOT NULL,
    input TEXT NOT NULL,
    output TEXT,
    error TEXT,
    cause TEXT,
    start_date INTEGER NOT NULL,
    stop_date INTEGER,
    redrive_count INTEGER NOT NULL DEFAULT 0,
    -- Reserved for Distributed Map children and nested executions.
    parent_execution_id INTEGER,
    map_run_arn TEXT,
    UNIQUE (state_machine_id, name)
  );
  CREATE INDEX executions_by_machine ON executions (state_machine_id, id);
  CREATE INDEX executions_by_machine_status ON executions (state_machine_id, status, id);
  CREATE INDEX executions_running ON executions (status) WHERE status = 'RUNNING';

  -- The event's JSON without its id (the id is the key).
  CREATE TABLE events (
    execution_id INTEGER NOT NULL,
    id INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (execution_id, id)
  ) WITHOUT ROWID;

  -- Tokens handed out to waitForTaskToken tasks that have not completed yet.
  CREATE TABLE task_tokens (
    token TEXT PRIMARY KEY,
    execution_id INTEGER NOT NULL,
    created INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
];
