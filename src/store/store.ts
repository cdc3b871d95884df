import { join } from 'node:path';
import { openDatabase, type Db } from './database';
import { ExecutionTable, type ExecutionEnd } from './executions';
import { HistoryTable } from './history';
import { StateMachineTable } from './state-machines';
import { TaskTokenTable } from './task-tokens';

export interface StoreOptions {
  /** Called when a background history write fails (it is retried by the next flush). */
  onError?: (error: unknown) => void;
}

/** The durable state of the local service: one SQLite database. */
export class Store {
  readonly stateMachines: StateMachineTable;
  readonly executions: ExecutionTable;
  readonly history: HistoryTable;
  readonly taskTokens: TaskTokenTable;

  private constructor(
    readonly db: Db,
    options: StoreOptions,
  ) {
    this.stateMachines = new StateMachineTable(db);
    this.executions = new ExecutionTable(db);
    this.history = new HistoryTable(db, options.onError ? { onError: options.onError } : {});
    this.taskTokens = new TaskTokenTable(db);
  }

  /** Opens `<dataDir>/fanout.db`, creating the directory and the schema as needed. */
  static open(dataDir: string, options: StoreOptions = {}): Store {
    return new Store(openDatabase(join(dataDir, 'fanout.db')), options);
  }

  /** A throwaway in-memory store, for tests. */
  static inMemory(options: StoreOptions = {}): Store {
    return new Store(openDatabase(':memory:'), options);
  }

  /** Records how an execution ended, after every event it appended: history first, then the status. */
  endExecution(executionId: number, end: ExecutionEnd): void {
    this.db.transaction(() => {
      this.history.flush();
      this.executions.end(executionId, end);
    })();
  }

  /** Removes a state machine and everything under it. */
  purgeStateMachine(stateMachineId: number): void {
    this.history.flush();
    this.stateMachines.purge(stateMachineId);
  }

  close(): void {
    this.history.flush();
    this.db.close();
  }
}
