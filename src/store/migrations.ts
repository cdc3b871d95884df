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
  `
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
  // SQS queues and messages (src/sqs), SNS topics and published messages (src/sns).
  `
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
  // Schedule firings (src/schedules): one row per slot a schedule fired, so no slot fires twice, across restarts.
  `
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
  // SNS topic attributes (FIFO topics), deleted topics (a publish to one is NotFound), subscriptions (src/sns).
  `
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
  // Published versions, aliases, activities and tags (src/runtime/versions.ts, aliases.ts, activities.ts, tags.ts).
  `
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
  `
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
  // A revision's logging, tracing and encryption configuration (src/runtime/machine-configuration.ts); NULL: defaults.
  `
  ALTER TABLE state_machine_versions ADD COLUMN configuration TEXT;
  `,
  // Retention (src/store/retention.ts) finds closed top-level executions oldest first.
  `
  CREATE INDEX executions_closed ON executions (stop_date, id) WHERE map_run_arn IS NULL AND status != 'RUNNING';
  `,
  // FIFO queues (src/sqs/fifo.ts): a message's group, deduplication id and sequence number; the queue's last
  // sequence number; the deduplication ids seen in the last 5 minutes, kept after their messages are deleted.
  `
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
  // An EventBridge delivery waiting to retry keeps its target and next attempt, so a restart resumes it.
  `
  ALTER TABLE events_deliveries ADD COLUMN target TEXT;
  ALTER TABLE events_deliveries ADD COLUMN next_attempt INTEGER;
  CREATE INDEX events_deliveries_retrying ON events_deliveries (id) WHERE outcome = 'RETRYING';
  `,
  // Lambda versions and aliases (src/integrations/lambda/version-tables.ts); a version's code is a copy under
  // <dataDir>/lambda/NAME/N, its configuration the JSON here.
  `
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
];
