import type { Statement } from 'better-sqlite3';
import type { Db } from './database';

/** Task tokens waiting for SendTaskSuccess/Failure, kept so a restarted server can tell them apart. */
export class TaskTokenTable {
  private readonly insertStmt: Statement<[string, number, number]>;
  private readonly deleteStmt: Statement<[string]>;
  private readonly getStmt: Statement<[string], { execution_id: number }>;

  constructor(db: Db) {
    this.insertStmt = db.prepare(`INSERT OR REPLACE INTO task_tokens (token, execution_id, created) VALUES (?, ?, ?)`);
    this.deleteStmt = db.prepare(`DELETE FROM task_tokens WHERE token = ?`);
    this.getStmt = db.prepare(`SELECT execution_id FROM task_tokens WHERE token = ?`);
  }

  insert(token: string, executionId: number, now: number): void {
    this.insertStmt.run(token, executionId, now);
  }

  delete(token: string): void {
    this.deleteStmt.run(token);
  }

  /** The execution a token belongs to, if it is still open. */
  executionOf(token: string): number | undefined {
    return this.getStmt.get(token)?.execution_id;
  }
}
