import type { Statement } from 'better-sqlite3';
import type { Db } from './database';
import { toPage, type Page } from './page';

export type StateMachineType = 'STANDARD' | 'EXPRESS';
export type StateMachineStatus = 'ACTIVE' | 'DELETING';

export interface StateMachineRecord {
  id: number;
  name: string;
  type: StateMachineType;
  status: StateMachineStatus;
  /** The current version: definition and role. */
  versionId: number;
  definition: string;
  roleArn: string;
  /** The revision's logging/tracing/encryption configuration as JSON; absent for the defaults. */
  configuration?: string;
  /** Epoch milliseconds. */
  created: number;
  /** Epoch milliseconds of the current version. */
  updated: number;
  /** Set by UpdateStateMachine; absent until the first update, as on AWS. */
  revisionId?: string;
}

export interface StateMachineVersionRecord {
  id: number;
  stateMachineId: number;
  definition: string;
  roleArn: string;
  configuration?: string;
  updated: number;
}

interface MachineRow {
  id: number;
  name: string;
  type: string;
  status: string;
  version_id: number;
  created: number;
  revision_id: string | null;
  definition: string;
  role_arn: string;
  configuration: string | null;
  updated: number;
}

const SELECT_MACHINE = `SELECT m.id, m.name, m.type, m.status, m.version_id, m.created, m.revision_id,
  v.definition, v.role_arn, v.configuration, v.updated
  FROM state_machines m JOIN state_machine_versions v ON v.id = m.version_id`;

function toRecord(row: MachineRow): StateMachineRecord {
  const record: StateMachineRecord = {
    id: row.id,
    name: row.name,
    type: row.type as StateMachineType,
    status: row.status as StateMachineStatus,
    versionId: row.version_id,
    definition: row.definition,
    roleArn: row.role_arn,
    created: row.created,
    updated: row.updated,
  };
  if (row.revision_id !== null) record.revisionId = row.revision_id;
  if (row.configuration !== null) record.configuration = row.configuration;
  return record;
}

/** State machines and their versions. */
export class StateMachineTable {
  private readonly byName: Statement<[string], MachineRow>;
  private readonly byId: Statement<[number], MachineRow>;
  private readonly page: Statement<[string, number], MachineRow>;
  private readonly insertMachine: Statement<[string, string, number]>;
  private readonly insertVersion: Statement<[number, string, string, string | null, number]>;
  private readonly setVersion: Statement<[number, string, number]>;
  private readonly setStatus: Statement<[string, number]>;
  private readonly version: Statement<
    [number],
    {
      id: number;
      state_machine_id: number;
      definition: string;
      role_arn: string;
      configuration: string | null;
      updated: number;
    }
  >;

  constructor(private readonly db: Db) {
    this.byName = db.prepare(`${SELECT_MACHINE} WHERE m.name = ?`);
    this.byId = db.prepare(`${SELECT_MACHINE} WHERE m.id = ?`);
    this.page = db.prepare(`${SELECT_MACHINE} WHERE m.name > ? ORDER BY m.name LIMIT ?`);
    this.insertMachine = db.prepare(
      `INSERT INTO state_machines (name, type, status, version_id, created) VALUES (?, ?, 'ACTIVE', 0, ?)`,
    );
    this.insertVersion = db.prepare(
      `INSERT INTO state_machine_versions (state_machine_id, definition, role_arn, configuration, updated)
       VALUES (?, ?, ?, ?, ?)`,
    );
    this.setVersion = db.prepare(`UPDATE state_machines SET version_id = ?, revision_id = ? WHERE id = ?`);
    this.setStatus = db.prepare(`UPDATE state_machines SET status = ? WHERE id = ?`);
    this.version = db.prepare(
      `SELECT id, state_machine_id, definition, role_arn, configuration, updated FROM state_machine_versions
       WHERE id = ?`,
    );
  }

  get(name: string): StateMachineRecord | undefined {
    const row = this.byName.get(name);
    return row && toRecord(row);
  }

  getById(id: number): StateMachineRecord | undefined {
    const row = this.byId.get(id);
    return row && toRecord(row);
  }

  create(input: {
    name: string;
    type: StateMachineType;
    definition: string;
    roleArn: string;
    configuration?: string | undefined;
    now: number;
  }): StateMachineRecord {
    return this.db.transaction(() => {
      const id = Number(this.insertMachine.run(input.name, input.type, input.now).lastInsertRowid);
      const versionId = Number(
        this.insertVersion.run(id, input.definition, input.roleArn, input.configuration ?? null, input.now)
          .lastInsertRowid,
      );
      this.db.prepare(`UPDATE state_machines SET version_id = ? WHERE id = ?`).run(versionId, id);
      return this.getById(id)!;
    })();
  }

  /** Records a new version and makes it current. */
  update(
    id: number,
    input: {
      definition: string;
      roleArn: string;
      configuration?: string | undefined;
      revisionId: string;
      now: number;
    },
  ): StateMachineRecord {
    return this.db.transaction(() => {
      const versionId = Number(
        this.insertVersion.run(id, input.definition, input.roleArn, input.configuration ?? null, input.now)
          .lastInsertRowid,
      );
      this.setVersion.run(versionId, input.revisionId, id);
      return this.getById(id)!;
    })();
  }

  markDeleting(id: number): void {
    this.setStatus.run('DELETING', id);
  }

  getVersion(versionId: number): StateMachineVersionRecord | undefined {
    const row = this.version.get(versionId);
    if (!row) return undefined;
    const record: StateMachineVersionRecord = {
      id: row.id,
      stateMachineId: row.state_machine_id,
      definition: row.definition,
      roleArn: row.role_arn,
      updated: row.updated,
    };
    if (row.configuration !== null) record.configuration = row.configuration;
    return record;
  }

  /** Ordered by name, as AWS lists them. */
  list(afterName: string | undefined, limit: number): Page<StateMachineRecord, string> {
    const rows = this.page.all(afterName ?? '', limit + 1).map(toRecord);
    return toPage(rows, limit, (r) => r.name);
  }

  /** Removes the machine, its revisions, published versions, aliases, executions and their histories. */
  purge(id: number): void {
    this.db.transaction(() => {
      this.db
        .prepare(`DELETE FROM events WHERE execution_id IN (SELECT id FROM executions WHERE state_machine_id = ?)`)
        .run(id);
      this.db
        .prepare(`DELETE FROM task_tokens WHERE execution_id IN (SELECT id FROM executions WHERE state_machine_id = ?)`)
        .run(id);
      this.db.prepare(`DELETE FROM executions WHERE state_machine_id = ?`).run(id);
      this.db.prepare(`DELETE FROM execution_origins WHERE state_machine_id = ?`).run(id);
      this.db.prepare(`DELETE FROM published_versions WHERE state_machine_id = ?`).run(id);
      this.db.prepare(`DELETE FROM state_machine_aliases WHERE state_machine_id = ?`).run(id);
      this.db.prepare(`DELETE FROM state_machine_versions WHERE state_machine_id = ?`).run(id);
      this.db.prepare(`DELETE FROM state_machines WHERE id = ?`).run(id);
    })();
  }
}
