import type { Statement } from 'better-sqlite3';
import type { Db } from './database';
import { toPage, type Page } from './page';

export interface ActivityRecord {
  id: number;
  name: string;
  /** Epoch milliseconds. */
  created: number;
}

/** Activities: named queues of tasks that workers poll with GetActivityTask. */
export class ActivityTable {
  private readonly byName: Statement<[string], ActivityRecord>;
  private readonly insertStmt: Statement<[string, number]>;
  private readonly deleteStmt: Statement<[string]>;
  private readonly page: Statement<[string, number], ActivityRecord>;

  constructor(db: Db) {
    this.byName = db.prepare(`SELECT id, name, created FROM activities WHERE name = ?`);
    this.insertStmt = db.prepare(`INSERT INTO activities (name, created) VALUES (?, ?)`);
    this.deleteStmt = db.prepare(`DELETE FROM activities WHERE name = ?`);
    this.page = db.prepare(`SELECT id, name, created FROM activities WHERE name > ? ORDER BY name LIMIT ?`);
  }

  get(name: string): ActivityRecord | undefined {
    return this.byName.get(name);
  }

  create(name: string, now: number): ActivityRecord {
    this.insertStmt.run(name, now);
    return this.get(name)!;
  }

  delete(name: string): void {
    this.deleteStmt.run(name);
  }

  list(afterName: string | undefined, limit: number): Page<ActivityRecord, string> {
    return toPage(this.page.all(afterName ?? '', limit + 1), limit, (r) => r.name);
  }
}
