import type { Statement } from 'better-sqlite3';
import type { ExecutionStatus } from '../engine';
import type { ChildResultRow } from '../map/map-run-ledger';
import type { Db } from './database';
import { toPage, type Page } from './page';

export interface ExecutionRecord {
  id: number;
  stateMachineId: number;
  versionId: number;
  name: string;
  status: ExecutionStatus;
  /** The exact input text. */
  input: string;
  /** The exact output text, once SUCCEEDED. */
  output?: string;
  error?: string;
  cause?: string;
  /** Epoch milliseconds. */
  startDate: number;
  stopDate?: number;
  redriveCount: number;
}

/** What a listing returns: everything but the payloads. */
export type ExecutionSummaryRecord = Omit<ExecutionRecord, 'input' | 'output' | 'error' | 'cause'>;

export interface ExecutionEnd {
  status: Exclude<ExecutionStatus, 'RUNNING'>;
  output?: string;
  error?: string;
  cause?: string;
  stopDate: number;
}

/** An `executions` row as SQLite returns it: what a Map Run reads of its children's rows, and their machine. */
export interface ExecutionRow extends ChildResultRow {
  state_machine_id: number;
  version_id: number;
}

type Row = ExecutionRow;
type SummaryRow = Omit<Row, 'input' | 'output' | 'error' | 'cause'>;

export const SUMMARY_COLUMNS = 'id, state_machine_id, version_id, name, status, start_date, stop_date, redrive_count';

export function toSummary(row: SummaryRow): ExecutionSummaryRecord {
  const record: ExecutionSummaryRecord = {
    id: row.id,
    stateMachineId: row.state_machine_id,
    versionId: row.version_id,
    name: row.name,
    status: row.status as ExecutionStatus,
    startDate: row.start_date,
    redriveCount: row.redrive_count,
  };
  if (row.stop_date !== null) record.stopDate = row.stop_date;
  return record;
}

export function toRecord(row: Row): ExecutionRecord {
  const record: ExecutionRecord = { ...toSummary(row), input: row.input };
  if (row.output !== null) record.output = row.output;
  if (row.error !== null) record.error = row.error;
  if (row.cause !== null) record.cause = row.cause;
  return record;
}

/** Executions: one row each, newest = highest id. */
export class ExecutionTable {
  private readonly insertStmt: Statement<[number, number, string, string, number]>;
  private readonly byName: Statement<[number, string], Row>;
  private readonly byId: Statement<[number], Row>;
  private readonly endStmt: Statement<[string, string | null, string | null, string | null, number, number]>;
  private readonly pageAll: Statement<[number, number, number], SummaryRow>;
  private readonly pageByStatus: Statement<[number, string, number, number], SummaryRow>;
  private readonly runningStmt: Statement<[number, number], SummaryRow>;
  private readonly runningOfMachine: Statement<[number], { n: number }>;

  constructor(db: Db) {
    this.insertStmt = db.prepare(
      `INSERT INTO executions (state_machine_id, version_id, name, status, input, start_date)
       VALUES (?, ?, ?, 'RUNNING', ?, ?)`,
    );
    this.byName = db.prepare(`SELECT * FROM executions WHERE state_machine_id = ? AND name = ?`);
    this.byId = db.prepare(`SELECT * FROM executions WHERE id = ?`);
    this.endStmt = db.prepare(
      `UPDATE executions SET status = ?, output = ?, error = ?, cause = ?, stop_date = ? WHERE id = ?`,
    );
    this.pageAll = db.prepare(
      `SELECT ${SUMMARY_COLUMNS} FROM executions WHERE state_machine_id = ? AND map_run_arn IS NULL AND id < ?
       ORDER BY id DESC LIMIT ?`,
    );
    this.pageByStatus = db.prepare(
      `SELECT ${SUMMARY_COLUMNS} FROM executions WHERE state_machine_id = ? AND status = ? AND map_run_arn IS NULL
       AND id < ? ORDER BY id DESC LIMIT ?`,
    );
    this.runningStmt = db.prepare(
      `SELECT ${SUMMARY_COLUMNS} FROM executions WHERE status = 'RUNNING' AND map_run_arn IS NULL AND id > ?
       ORDER BY id LIMIT ?`,
    );
    this.runningOfMachine = db.prepare(
      `SELECT count(*) AS n FROM executions WHERE state_machine_id = ? AND status = 'RUNNING'`,
    );
  }

  /** Inserts a RUNNING execution and returns its id. */
  insert(input: { stateMachineId: number; versionId: number; name: string; input: string; startDate: number }): number {
    const result = this.insertStmt.run(input.stateMachineId, input.versionId, input.name, input.input, input.startDate);
    return Number(result.lastInsertRowid);
  }

  get(stateMachineId: number, name: string): ExecutionRecord | undefined {
    const row = this.byName.get(stateMachineId, name);
    return row && toRecord(row);
  }

  getById(id: number): ExecutionRecord | undefined {
    const row = this.byId.get(id);
    return row && toRecord(row);
  }

  end(id: number, end: ExecutionEnd): void {
    this.endStmt.run(end.status, end.output ?? null, end.error ?? null, end.cause ?? null, end.stopDate, id);
  }

  /** Newest first; `beforeId` continues a listing. */
  list(
    stateMachineId: number,
    options: { status?: ExecutionStatus; beforeId?: number; limit: number },
  ): Page<ExecutionSummaryRecord, number> {
    const before = options.beforeId ?? Number.MAX_SAFE_INTEGER;
    const rows =
      options.status === undefined
        ? this.pageAll.all(stateMachineId, before, options.limit + 1)
        : this.pageByStatus.all(stateMachineId, options.status, before, options.limit + 1);
    return toPage(rows.map(toSummary), options.limit, (r) => r.id);
  }

  /** RUNNING executions in id order, a page at a time (for resuming at start-up). */
  listRunning(afterId: number, limit: number): Page<ExecutionSummaryRecord, number> {
    return toPage(this.runningStmt.all(afterId, limit + 1).map(toSummary), limit, (r) => r.id);
  }

  countRunning(stateMachineId: number): number {
    return this.runningOfMachine.get(stateMachineId)?.n ?? 0;
  }
}
