/**
 * The schema, as migrations numbered by the schema version each brings: `PRAGMA user_version` records the last
 * that ran. The store's own tables are here; SQS, SNS and EventBridge keep theirs beside their tables
 * (`src/sqs/schema.ts`, `src/sns/schema.ts`, `src/events/schema.ts`) and the composition root hands them to
 * `Store.open`. Add new versions after the last, never edit shipped ones: a data directory written by an older
 * build must open with a newer one.
 */

/** One part of the schema: its SQL by the schema version that brings it. */
export type SchemaMigrations = Readonly<Record<number, string>>;

export const STORE_MIGRATIONS: SchemaMigrations = {
  1: `
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
  2: `
  -- Distributed Map runs (spec §2). Counts are JSON ({items:{...}, executions:{...}}), written as children end.
  CREATE TABLE map_runs (
    id INTEGER PRIMARY KEY,
    arn TEXT NOT NULL UNIQUE,
    execution_id INTEGER NOT NULL,
    state_name TEXT NOT NULL,
    label TEXT NOT NULL,
    execution_type TEXT NOT NULL,
    definition TEXT NOT NULL,
    status TEXT NOT NULL,
    start_date INTEGER NOT NULL,
    stop_date INTEGER,
    max_concurrency INTEGER NOT NULL,
    tolerated_failure_count INTEGER,
    tolerated_failure_percentage REAL,
    counts TEXT NOT NULL,
    -- Items read from the source and handed to children so far: where a redrive continues reading.
    items_started INTEGER NOT NULL DEFAULT 0,
    error TEXT,
    cause TEXT,
    redrive_count INTEGER NOT NULL DEFAULT 0,
    redrive_date INTEGER,
    result_writer TEXT
  );
  CREATE INDEX map_runs_by_execution ON map_runs (execution_id, id);

  -- Child executions live in executions with map_run_arn set; item_index orders them within the run.
  ALTER TABLE executions ADD COLUMN item_index INTEGER;
  ALTER TABLE executions ADD COLUMN item_count INTEGER;
  -- When RedriveExecution last reopened the execution.
  ALTER TABLE executions ADD COLUMN redrive_date INTEGER;
  CREATE INDEX executions_by_map_run ON executions (map_run_arn, id) WHERE map_run_arn IS NOT NULL;
  CREATE INDEX executions_top_by_machine ON executions (state_machine_id, id) WHERE map_run_arn IS NULL;
  CREATE INDEX executions_top_by_machine_status ON executions (state_machine_id, status, id) WHERE map_run_arn IS NULL;
  `,
  // Schedule firings (src/schedules): one row per slot a schedule fired, so no slot fires twice, across restarts.
  4: `
  CREATE TABLE schedule_firings (
    schedule TEXT NOT NULL,
    -- The slot's fire time (epoch ms): the identity of one firing.
    slot INTEGER NOT NULL,
    fired INTEGER NOT NULL,
    -- 'schedule' (the server's timer) or 'run-missed' (fanout schedule run-missed).
    trigger TEXT NOT NULL,
    execution_arn TEXT,
    error TEXT,
    PRIMARY KEY (schedule, slot)
  ) WITHOUT ROWID;
  `,
  // Published versions, aliases, activities and tags (src/runtime/versions.ts, aliases.ts, activities.ts, tags.ts).
  6: `
  -- The last version number handed out: numbers are never reused, even after DeleteStateMachineVersion.
  ALTER TABLE state_machines ADD COLUMN version_counter INTEGER NOT NULL DEFAULT 0;

  -- A published version points at the definition row it froze; revision_id is the machine's at publish time.
  CREATE TABLE published_versions (
    id INTEGER PRIMARY KEY,
    state_machine_id INTEGER NOT NULL,
    number INTEGER NOT NULL,
    definition_id INTEGER NOT NULL,
    revision_id TEXT,
    description TEXT,
    created INTEGER NOT NULL,
    UNIQUE (state_machine_id, number)
  );

  -- Which version or alias an execution was started through (none: the machine's latest revision).
  CREATE TABLE execution_origins (
    execution_id INTEGER PRIMARY KEY,
    state_machine_id INTEGER NOT NULL,
    version_number INTEGER,
    alias_name TEXT
  );
  CREATE INDEX execution_origins_by_version ON execution_origins (state_machine_id, version_number, execution_id);
  CREATE INDEX execution_origins_by_alias ON execution_origins (state_machine_id, alias_name, execution_id);

  -- routing: JSON [{"version": N, "weight": W}], one or two entries.
  CREATE TABLE state_machine_aliases (
    id INTEGER PRIMARY KEY,
    state_machine_id INTEGER NOT NULL,
    name TEXT NOT NULL,
    description TEXT,
    routing TEXT NOT NULL,
    created INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    UNIQUE (state_machine_id, name)
  );

  CREATE TABLE activities (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created INTEGER NOT NULL
  );

  CREATE TABLE tags (
    resource_arn TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (resource_arn, key)
  ) WITHOUT ROWID;
  `,
  // A revision's logging, tracing and encryption configuration (src/runtime/machine-configuration.ts); NULL: defaults.
  8: `
  ALTER TABLE state_machine_versions ADD COLUMN configuration TEXT;
  `,
  // Retention (src/store/retention.ts) finds closed top-level executions oldest first.
  9: `
  CREATE INDEX executions_closed ON executions (stop_date, id) WHERE map_run_arn IS NULL AND status != 'RUNNING';
  `,
  // Lambda versions and aliases (src/integrations/lambda/version-tables.ts); a version's code is a copy under
  // <dataDir>/lambda/NAME/N, its configuration the JSON here.
  12: `
  -- The last version number handed out per function: numbers are never reused, even after a version is deleted.
  CREATE TABLE lambda_functions (
    name TEXT PRIMARY KEY,
    version_counter INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE lambda_versions (
    function_name TEXT NOT NULL,
    version INTEGER NOT NULL,
    configuration TEXT NOT NULL,
    code_sha256 TEXT NOT NULL,
    code_size INTEGER NOT NULL,
    description TEXT NOT NULL,
    revision_id TEXT NOT NULL,
    created INTEGER NOT NULL,
    PRIMARY KEY (function_name, version)
  ) WITHOUT ROWID;
  -- function_version: '$LATEST' or a version number; routing: JSON {"N": weight} (AdditionalVersionWeights).
  CREATE TABLE lambda_aliases (
    function_name TEXT NOT NULL,
    name TEXT NOT NULL,
    function_version TEXT NOT NULL,
    description TEXT NOT NULL,
    routing TEXT,
    revision_id TEXT NOT NULL,
    PRIMARY KEY (function_name, name)
  ) WITHOUT ROWID;
  `,
};

/**
 * The migrations in the order they run, version 1 first: at each version the store's SQL, then each part's in the
 * order given. `complete`: every version from 1 to the newest must bring SQL — a data directory opened without a
 * module's part would otherwise record a version whose tables it never made.
 */
export function composeMigrations(parts: readonly SchemaMigrations[], complete: boolean): string[] {
  const all = [STORE_MIGRATIONS, ...parts];
  const newest = Math.max(...all.flatMap((part) => Object.keys(part).map(Number)));
  const migrations: string[] = [];
  for (let version = 1; version <= newest; version++) {
    const sql = all.flatMap((part) => part[version] ?? []);
    if (sql.length === 0 && complete) {
      throw new Error(`No migration brings schema version ${version}: open the store with every module's schema.`);
    }
    migrations.push(sql.join(''));
  }
  return migrations;
}
