import type { Statement } from 'better-sqlite3';
import type { Db } from './database';

/** RedriveExecution's bookkeeping on an execution row: reopened as RUNNING, one more redrive, when. */
export class ExecutionRedriveTable {
  private readonly reopenStmt: Statement<[number, number]>;
  private readonly dateStmt: Statement<[number], { redrive_date: number | null }>;

  constructor(db: Db) {
    this.reopenStmt = db.prepare(
      `UPDATE executions SET status = 'RUNNING', output = NULL, error = NULL, cause = NULL, stop_date = NULL,
         redrive_count = redrive_count + 1, redrive_date = ? WHERE id = ?`,
    );
    this.dateStmt = db.prepare(`SELECT redrive_date FROM executions WHERE id = ?`);
  }

  reopen(executionId: number, now: number): void {
    this.reopenStmt.run(now, executionId);
  }

  /** When the execution was last redriven; undefined if never. */
  redriveDate(executionId: number): number | undefined {
    return this.dateStmt.get(executionId)?.redrive_date ?? undefined;
  }
}
