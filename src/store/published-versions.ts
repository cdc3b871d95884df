import type { Statement } from 'better-sqlite3';
import type { ExecutionStatus } from '../engine';
import type { Db } from './database';
import { SUMMARY_COLUMNS, toSummary, type ExecutionRow, type ExecutionSummaryRecord } from './executions';
import { toPage, type Page } from './page';

export interface PublishedVersionRecord {
  id: number;
  stateMachineId: number;
  /** 1, 2, …: the ARN's qualifier. */
  number: number;
  /** The `state_machine_versions` row the version froze (definition and role). */
  definitionId: number;
  /** The machine's revisionId when the version was published; absent if it had never been updated. */
  revisionId?: string;
  description?: string;
  /** Epoch milliseconds. */
  created: number;
}

interface Row {
  id: number;
  state_machine_id: number;
  number: number;
  definition_id: number;
  revision_id: string | null;
  description: string | null;
  created: number;
}

function toRecord(row: Row): PublishedVersionRecord {
  const record: PublishedVersionRecord = {
    id: row.id,
    stateMachineId: row.state_machine_id,
    number: row.number,
    definitionId: row.definition_id,
    created: row.created,
  };
  if (row.revision_id !== null) record.revisionId = row.revision_id;
  if (row.description !== null) record.description = row.description;
  return record;
}

/** Published state machine versions: immutable snapshots numbered per machine. */
export class PublishedVersionTable {
  private readonly byNumber: Statement<[number, number], Row>;
  private readonly latestOfDefinition: Statement<[number, number], Row>;
  private readonly bump: Statement<[number], { version_counter: number }>;
  private readonly insertStmt: Statement<[number, number, number, string | null, string | null, number]>;
  private readonly deleteStmt: Statement<[number, number]>;
  private readonly page: Statement<[number, number, number], Row>;
  private readonly countStmt: Statement<[number], { n: number }>;

  constructor(private readonly db: Db) {
    this.byNumber = db.prepare(`SELECT * FROM published_versions WHERE state_machine_id = ? AND number = ?`);
    this.latestOfDefinition = db.prepare(
      `SELECT * FROM published_versions WHERE state_machine_id = ? AND definition_id = ? ORDER BY number DESC LIMIT 1`,
    );
    this.bump = db.prepare(
      `UPDATE state_machines SET version_counter = version_counter + 1 WHERE id = ? RETURNING version_counter`,
    );
    this.insertStmt = db.prepare(
      `INSERT INTO published_versions (state_machine_id, number, definition_id, revision_id, description, created)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.deleteStmt = db.prepare(`DELETE FROM published_versions WHERE state_machine_id = ? AND number = ?`);
    this.page = db.prepare(
      `SELECT * FROM published_versions WHERE state_machine_id = ? AND number < ? ORDER BY number DESC LIMIT ?`,
    );
    this.countStmt = db.prepare(`SELECT count(*) AS n FROM published_versions WHERE state_machine_id = ?`);
  }

  get(stateMachineId: number, number: number): PublishedVersionRecord | undefined {
    const row = this.byNumber.get(stateMachineId, number);
    return row && toRecord(row);
  }

  /** The newest existing version that froze this definition row, if any. */
  latestOf(stateMachineId: number, definitionId: number): PublishedVersionRecord | undefined {
    const row = this.latestOfDefinition.get(stateMachineId, definitionId);
    return row && toRecord(row);
  }

  /** Publishes the next number (never one handed out before). */
  publish(input: {
    stateMachineId: number;
    definitionId: number;
    revisionId: string | undefined;
    description: string | undefined;
    now: number;
  }): PublishedVersionRecord {
    return this.db.transaction(() => {
      const number = this.bump.get(input.stateMachineId)!.version_counter;
      this.insertStmt.run(
        input.stateMachineId,
        number,
        input.definitionId,
        input.revisionId ?? null,
        input.description ?? null,
        input.now,
      );
      return this.get(input.stateMachineId, number)!;
    })();
  }

  delete(stateMachineId: number, number: number): void {
    this.deleteStmt.run(stateMachineId, number);
  }

  count(stateMachineId: number): number {
    return this.countStmt.get(stateMachineId)?.n ?? 0;
  }

  /** Newest first, as ListStateMachineVersions lists them. */
  list(stateMachineId: number, beforeNumber: number | undefined, limit: number): Page<PublishedVersionRecord, number> {
    const rows = this.page.all(stateMachineId, beforeNumber ?? Number.MAX_SAFE_INTEGER, limit + 1).map(toRecord);
    return toPage(rows, limit, (r) => r.number);
  }
}

export interface ExecutionOrigin {
  versionNumber?: number;
  aliasName?: string;
}

type SummaryRow = Omit<ExecutionRow, 'input' | 'output' | 'error' | 'cause'>;

/** Which version or alias each execution was started through. */
export class ExecutionOriginTable {
  private readonly insertStmt: Statement<[number, number, number | null, string | null]>;
  private readonly getStmt: Statement<[number], { version_number: number | null; alias_name: string | null }>;
  private readonly byVersion: Statement<[number, number, string | null, string | null, number, number], SummaryRow>;
  private readonly byAlias: Statement<[number, string, string | null, string | null, number, number], SummaryRow>;

  constructor(db: Db) {
    const page = (where: string): string =>
      `SELECT ${SUMMARY_COLUMNS} FROM executions WHERE id IN
         (SELECT execution_id FROM execution_origins WHERE state_machine_id = ? AND ${where} = ?)
       AND (? IS NULL OR status = ?) AND id < ? ORDER BY id DESC LIMIT ?`;
    this.byVersion = db.prepare(page('version_number'));
    this.byAlias = db.prepare(page('alias_name'));
    this.insertStmt = db.prepare(
      `INSERT OR REPLACE INTO execution_origins (execution_id, state_machine_id, version_number, alias_name)
       VALUES (?, ?, ?, ?)`,
    );
    this.getStmt = db.prepare(`SELECT version_number, alias_name FROM execution_origins WHERE execution_id = ?`);
  }

  record(executionId: number, stateMachineId: number, origin: ExecutionOrigin): void {
    this.insertStmt.run(executionId, stateMachineId, origin.versionNumber ?? null, origin.aliasName ?? null);
  }

  get(executionId: number): ExecutionOrigin {
    const row = this.getStmt.get(executionId);
    const origin: ExecutionOrigin = {};
    if (row?.version_number != null) origin.versionNumber = row.version_number;
    if (row?.alias_name != null) origin.aliasName = row.alias_name;
    return origin;
  }

  /** Executions that ran a version (whether started through it or an alias), or started through an alias. */
  listExecutions(
    stateMachineId: number,
    through: { versionNumber: number } | { aliasName: string },
    options: { status?: ExecutionStatus; beforeId?: number; limit: number },
  ): Page<ExecutionSummaryRecord, number> {
    const status = options.status ?? null;
    const before = options.beforeId ?? Number.MAX_SAFE_INTEGER;
    const rows =
      'versionNumber' in through
        ? this.byVersion.all(stateMachineId, through.versionNumber, status, status, before, options.limit + 1)
        : this.byAlias.all(stateMachineId, through.aliasName, status, status, before, options.limit + 1);
    return toPage(rows.map(toSummary), options.limit, (r) => r.id);
  }
}
