/**
 * Removing closed executions — by age and count (retention) and all of a deleted state machine's — in bounded
 * slices: each call deletes at most `maxRows` rows in one transaction and returns, so the caller can yield to the
 * event loop between slices and no request waits behind a purge of millions of events.
 *
 * An execution goes with everything under it: its history, its task tokens, its Map Runs and their child
 * executions (recursively, with their histories), and its version/alias origin row.
 */
import type { Db } from './database';
import type { HistoryTable } from './history';

export interface RetentionPolicy {
  /** Closed executions that stopped longer ago than this are removed. @default 90 days (AWS) */
  maxAgeMs?: number;
  /** Only the newest this many closed executions are kept. @default no limit */
  maxCount?: number;
}

export interface PurgeTally {
  executions: number;
  events: number;
}

/** What one slice did, and whether there is more to do. */
export interface PurgeSlice extends PurgeTally {
  done: boolean;
  /**
   * Executions removed, for their task logs: the machine as the execution's ARN names it (`<machine>/<label>` for a
   * Map Run child) and the execution's name.
   */
  removed: Array<{ machine: string; name: string }>;
}

export const DEFAULT_MAX_AGE_MS = 90 * 24 * 3600 * 1000;

export class RetentionTable {
  constructor(
    private readonly db: Db,
    private readonly history: HistoryTable,
  ) {}

  /** The top-level executions the policy expires, oldest first, at most `limit`. */
  expired(policy: RetentionPolicy, now: number, limit: number): number[] {
    const cutoff = now - (policy.maxAgeMs ?? DEFAULT_MAX_AGE_MS);
    const ids = this.db
      .prepare(
        `SELECT id FROM executions WHERE map_run_arn IS NULL AND status != 'RUNNING' AND stop_date < ?
         ORDER BY stop_date, id LIMIT ?`,
      )
      .pluck()
      .all(cutoff, limit) as number[];
    if (policy.maxCount === undefined || ids.length >= limit) return ids;
    // Past the newest maxCount closed executions: the oldest of the rest.
    const excess = this.db
      .prepare(
        `SELECT id FROM executions WHERE map_run_arn IS NULL AND status != 'RUNNING'
         ORDER BY stop_date DESC, id DESC LIMIT ? OFFSET ?`,
      )
      .pluck()
      .all(limit - ids.length, policy.maxCount) as number[];
    return [...new Set([...ids, ...excess])];
  }

  /** The closed executions of a machine being deleted (none of them may be running), at most `limit`. */
  ofMachine(stateMachineId: number, limit: number): number[] {
    return this.db
      .prepare(`SELECT id FROM executions WHERE state_machine_id = ? AND map_run_arn IS NULL LIMIT ?`)
      .pluck()
      .all(stateMachineId, limit) as number[];
  }

  /**
   * Deletes up to `maxRows` rows belonging to `executionId` (deepest first: children's events, children, Map Runs,
   * then its own events and row), in one transaction. `done` once the execution row itself is gone.
   */
  purgeExecution(executionId: number, maxRows: number): PurgeSlice {
    this.history.flush();
    return this.db.transaction((): PurgeSlice => {
      const slice: PurgeSlice = { executions: 0, events: 0, done: false, removed: [] };
      let budget = maxRows;
      // Every execution under this one, children before parents.
      const tree = this.db
        .prepare(
          `WITH RECURSIVE tree(id, depth) AS (
             SELECT ?, 0
             UNION ALL
             SELECT e.id, tree.depth + 1 FROM tree
               JOIN map_runs m ON m.execution_id = tree.id
               JOIN executions e ON e.map_run_arn = m.arn
           )
           SELECT tree.id AS id, s.name AS machine, x.name AS name, x.map_run_arn AS mapRunArn FROM tree
             JOIN executions x ON x.id = tree.id JOIN state_machines s ON s.id = x.state_machine_id
           ORDER BY depth DESC LIMIT ?`,
        )
        .all(executionId, maxRows) as Array<{ id: number; machine: string; name: string; mapRunArn: string | null }>;
      for (const node of tree) {
        const events = this.db
          .prepare(
            `DELETE FROM events WHERE execution_id = ? AND id IN
               (SELECT id FROM events WHERE execution_id = ? LIMIT ?)`,
          )
          .run(node.id, node.id, budget).changes;
        slice.events += events;
        budget -= events;
        if (budget <= 0) return slice;
        const more = this.db.prepare('SELECT 1 FROM events WHERE execution_id = ? LIMIT 1').get(node.id);
        if (more !== undefined) return slice;
        this.db.prepare('DELETE FROM task_tokens WHERE execution_id = ?').run(node.id);
        this.db.prepare('DELETE FROM execution_origins WHERE execution_id = ?').run(node.id);
        this.db.prepare('DELETE FROM map_runs WHERE execution_id = ?').run(node.id);
        this.db.prepare('DELETE FROM executions WHERE id = ?').run(node.id);
        slice.executions += 1;
        slice.removed.push({ machine: childMachine(node.mapRunArn) ?? node.machine, name: node.name });
        budget -= 1;
        if (node.id === executionId) {
          slice.done = true;
          return slice;
        }
        if (budget <= 0) return slice;
      }
      return slice;
    })();
  }

  /** Removes a deleted machine's own rows once its executions are gone. */
  purgeMachine(stateMachineId: number): void {
    this.db.transaction(() => {
      for (const table of [
        'execution_origins',
        'published_versions',
        'state_machine_aliases',
        'state_machine_versions',
      ]) {
        this.db.prepare(`DELETE FROM ${table} WHERE state_machine_id = ?`).run(stateMachineId);
      }
      this.db.prepare('DELETE FROM state_machines WHERE id = ?').run(stateMachineId);
    })();
  }

  /** Machines marked DELETING. */
  deleting(): number[] {
    return this.db.prepare(`SELECT id FROM state_machines WHERE status = 'DELETING'`).pluck().all() as number[];
  }

  /** Returns up to `pages` free pages to the file system (incremental auto-vacuum); the number returned. */
  vacuumStep(pages: number): number {
    const before = this.db.pragma('freelist_count', { simple: true }) as number;
    if (before === 0 || this.db.pragma('auto_vacuum', { simple: true }) !== 2) return 0;
    this.db.pragma(`incremental_vacuum(${pages})`);
    return before - (this.db.pragma('freelist_count', { simple: true }) as number);
  }

  /** Writes the WAL back into the database and truncates it, so its file shrinks too. */
  truncateWal(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /** Bytes in the database file and in its free pages. */
  size(): { bytes: number; freeBytes: number } {
    const pageSize = this.db.pragma('page_size', { simple: true }) as number;
    const pages = this.db.pragma('page_count', { simple: true }) as number;
    const free = this.db.pragma('freelist_count', { simple: true }) as number;
    return { bytes: pages * pageSize, freeBytes: free * pageSize };
  }

  /** True when the database can return free pages without a full VACUUM. */
  get incremental(): boolean {
    return this.db.pragma('auto_vacuum', { simple: true }) === 2;
  }

  /** Rewrites the whole database once, switching it to incremental auto-vacuum (blocks while it runs). */
  vacuumFull(): void {
    this.db.pragma('auto_vacuum = INCREMENTAL');
    this.db.exec('VACUUM');
  }
}

/** A Map Run child's machine as its ARN names it, `<machine>/<label>` (from `…:mapRun:<machine>/<label>:<uuid>`). */
function childMachine(mapRunArn: string | null): string | undefined {
  if (mapRunArn === null) return undefined;
  const start = mapRunArn.indexOf(':mapRun:');
  const end = mapRunArn.lastIndexOf(':');
  return start < 0 || end <= start ? undefined : mapRunArn.slice(start + ':mapRun:'.length, end);
}
