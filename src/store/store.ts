import { join } from 'node:path';
import { openDatabase, type Db } from './database';
import { composeMigrations, type SchemaMigrations } from './migrations';
import { ExecutionTable, type ExecutionEnd } from './executions';
import { HistoryTable } from './history';
import { ExecutionRedriveTable } from './execution-redrives';
import { ChildExecutionTable } from './map-run-children';
import { MapRunTable } from './map-runs';
import { StateMachineTable } from './state-machines';
import { ScheduleFiringTable } from './schedule-firings';
import { TaskTokenTable } from './task-tokens';
import { ActivityTable } from './activities';
import { AliasTable } from './aliases';
import { ExecutionOriginTable, PublishedVersionTable } from './published-versions';
import { TagTable } from './tags';
import { RetentionTable } from './retention';

export interface StoreOptions {
  /** Called when a background history write fails (it is retried by the next flush). */
  onError?: (error: unknown) => void;
}

/** A data directory's store: its schema is the store's tables and the modules' above it. */
export interface OpenStoreOptions extends StoreOptions {
  /** The SQS, SNS and EventBridge tables' migrations (`src/api/schema.ts` lists them). */
  modules: readonly SchemaMigrations[];
}

/** The durable state of the local service: one SQLite database. */
export class Store {
  readonly stateMachines: StateMachineTable;
  readonly executions: ExecutionTable;
  readonly history: HistoryTable;
  readonly taskTokens: TaskTokenTable;
  readonly mapRuns: MapRunTable;
  /** Distributed Map children: rows of `executions` with a Map Run. */
  readonly childExecutions: ChildExecutionTable;
  readonly redrives: ExecutionRedriveTable;
  /** The slots schedules have fired (src/schedules). */
  readonly scheduleFirings: ScheduleFiringTable;
  readonly publishedVersions: PublishedVersionTable;
  readonly executionOrigins: ExecutionOriginTable;
  readonly aliases: AliasTable;
  readonly activities: ActivityTable;
  readonly tags: TagTable;
  /** Removing closed executions and deleted machines in bounded slices; returning space to the file system. */
  readonly retention: RetentionTable;

  private constructor(
    readonly db: Db,
    options: StoreOptions,
  ) {
    this.stateMachines = new StateMachineTable(db);
    this.executions = new ExecutionTable(db);
    this.history = new HistoryTable(db, options.onError ? { onError: options.onError } : {});
    this.taskTokens = new TaskTokenTable(db);
    this.mapRuns = new MapRunTable(db);
    this.childExecutions = new ChildExecutionTable(db);
    this.redrives = new ExecutionRedriveTable(db);
    this.scheduleFirings = new ScheduleFiringTable(db);
    this.publishedVersions = new PublishedVersionTable(db);
    this.executionOrigins = new ExecutionOriginTable(db);
    this.aliases = new AliasTable(db);
    this.activities = new ActivityTable(db);
    this.tags = new TagTable(db);
    this.retention = new RetentionTable(db, this.history);
  }

  /** Opens `<dataDir>/fanout.db`, creating the directory and the schema as needed. */
  static open(dataDir: string, options: OpenStoreOptions): Store {
    return new Store(openDatabase(join(dataDir, 'fanout.db'), composeMigrations(options.modules, true)), options);
  }

  /** A throwaway in-memory store, for tests: the store's tables, and those of the `modules` given. */
  static inMemory(options: StoreOptions & { modules?: readonly SchemaMigrations[] } = {}): Store {
    return new Store(openDatabase(':memory:', composeMigrations(options.modules ?? [], false)), options);
  }

  /** Records how an execution ended, after every event it appended: history first, then the status. */
  endExecution(executionId: number, end: ExecutionEnd): void {
    this.history.atomically(() =>
      this.db.transaction(() => {
        this.history.flush();
        this.executions.end(executionId, end);
      })(),
    );
  }

  /** Removes a state machine and everything under it. */
  purgeStateMachine(stateMachineId: number): void {
    this.history.flush();
    this.mapRuns.purgeOfMachine(stateMachineId);
    this.stateMachines.purge(stateMachineId);
  }

  close(): void {
    this.history.close();
    this.history.flush();
    this.db.close();
  }
}
