import type { Statement } from 'better-sqlite3';
import type { Db } from './database';
import { toPage, type Page } from './page';

/** One version an alias routes to, with its share of executions (0..100; the entries sum to 100). */
export interface AliasRoute {
  version: number;
  weight: number;
}

export interface AliasRecord {
  id: number;
  stateMachineId: number;
  name: string;
  description?: string;
  routing: AliasRoute[];
  /** Epoch milliseconds. */
  created: number;
  updated: number;
}

interface Row {
  id: number;
  state_machine_id: number;
  name: string;
  description: string | null;
  routing: string;
  created: number;
  updated: number;
}

function toRecord(row: Row): AliasRecord {
  const record: AliasRecord = {
    id: row.id,
    stateMachineId: row.state_machine_id,
    name: row.name,
    routing: JSON.parse(row.routing) as AliasRoute[],
    created: row.created,
    updated: row.updated,
  };
  if (row.description !== null) record.description = row.description;
  return record;
}

/** State machine aliases: a name that routes executions to one or two published versions by weight. */
export class AliasTable {
  private readonly byName: Statement<[number, string], Row>;
  private readonly insertStmt: Statement<[number, string, string | null, string, number, number]>;
  private readonly updateStmt: Statement<[string | null, string, number, number]>;
  private readonly deleteStmt: Statement<[number]>;
  private readonly page: Statement<[number, string, number], Row>;
  private readonly ofMachine: Statement<[number], Row>;

  constructor(db: Db) {
    this.byName = db.prepare(`SELECT * FROM state_machine_aliases WHERE state_machine_id = ? AND name = ?`);
    this.insertStmt = db.prepare(
      `INSERT INTO state_machine_aliases (state_machine_id, name, description, routing, created, updated)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.updateStmt = db.prepare(
      `UPDATE state_machine_aliases SET description = ?, routing = ?, updated = ? WHERE id = ?`,
    );
    this.deleteStmt = db.prepare(`DELETE FROM state_machine_aliases WHERE id = ?`);
    this.page = db.prepare(
      `SELECT * FROM state_machine_aliases WHERE state_machine_id = ? AND name > ? ORDER BY name LIMIT ?`,
    );
    this.ofMachine = db.prepare(`SELECT * FROM state_machine_aliases WHERE state_machine_id = ?`);
  }

  get(stateMachineId: number, name: string): AliasRecord | undefined {
    const row = this.byName.get(stateMachineId, name);
    return row && toRecord(row);
  }

  create(input: {
    stateMachineId: number;
    name: string;
    description: string | undefined;
    routing: AliasRoute[];
    now: number;
  }): AliasRecord {
    this.insertStmt.run(
      input.stateMachineId,
      input.name,
      input.description ?? null,
      JSON.stringify(input.routing),
      input.now,
      input.now,
    );
    return this.get(input.stateMachineId, input.name)!;
  }

  update(alias: AliasRecord, changes: { description?: string; routing?: AliasRoute[]; now: number }): void {
    const description = changes.description ?? alias.description ?? null;
    this.updateStmt.run(description, JSON.stringify(changes.routing ?? alias.routing), changes.now, alias.id);
  }

  delete(id: number): void {
    this.deleteStmt.run(id);
  }

  /** Aliases of a machine that route to `version`. */
  routingTo(stateMachineId: number, version: number): AliasRecord[] {
    return this.ofMachine
      .all(stateMachineId)
      .map(toRecord)
      .filter((alias) => alias.routing.some((route) => route.version === version));
  }

  /** Ordered by name. */
  list(stateMachineId: number, afterName: string | undefined, limit: number): Page<AliasRecord, string> {
    return toPage(this.page.all(stateMachineId, afterName ?? '', limit + 1).map(toRecord), limit, (r) => r.name);
  }
}
