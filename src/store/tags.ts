import type { Statement } from 'better-sqlite3';
import type { Db } from './database';

export interface Tag {
  key: string;
  value: string;
}

/** Tags of state machines and activities, by resource ARN. */
export class TagTable {
  private readonly upsert: Statement<[string, string, string]>;
  private readonly remove: Statement<[string, string]>;
  private readonly removeAll: Statement<[string]>;
  private readonly ofResource: Statement<[string], Tag>;

  constructor(private readonly db: Db) {
    this.upsert = db.prepare(
      `INSERT INTO tags (resource_arn, key, value) VALUES (?, ?, ?)
       ON CONFLICT (resource_arn, key) DO UPDATE SET value = excluded.value`,
    );
    this.remove = db.prepare(`DELETE FROM tags WHERE resource_arn = ? AND key = ?`);
    this.removeAll = db.prepare(`DELETE FROM tags WHERE resource_arn = ?`);
    this.ofResource = db.prepare(`SELECT key, value FROM tags WHERE resource_arn = ? ORDER BY key`);
  }

  /** The resource's tags, ordered by key. */
  list(resourceArn: string): Tag[] {
    return this.ofResource.all(resourceArn);
  }

  set(resourceArn: string, tags: readonly Tag[]): void {
    this.db.transaction(() => {
      for (const tag of tags) this.upsert.run(resourceArn, tag.key, tag.value);
    })();
  }

  unset(resourceArn: string, keys: readonly string[]): void {
    this.db.transaction(() => {
      for (const key of keys) this.remove.run(resourceArn, key);
    })();
  }

  /** Drops every tag of a deleted resource. */
  clear(resourceArn: string): void {
    this.removeAll.run(resourceArn);
  }
}
