import type { Statement } from 'better-sqlite3';
import type { ExecutionStatus } from '../engine';
import type { ChildResultRow, NewChildExecution } from '../map/map-run-ledger';
import type { Db } from './database';
import {
  SUMMARY_COLUMNS,
  toRecord as executionRecord,
  toSummary as executionSummary,
  type ExecutionRecord,
  type ExecutionRow,
} from './executions';
import { toPage, type Page } from './page';

/**
 * A Distributed Map child: a row of `executions` under the parent's state machine id with `map_run_arn` set,
 * so it has a history (STANDARD), shows in DescribeExecution / GetExecutionHistory, and is removed with the
 * machine. Top-level listings skip these rows.
 */
export interface ChildExecutionRecord extends ExecutionRecord {
  parentExecutionId: number;
  mapRunArn: string;
  /** The position of the child's (first) item in the Map Run. */
  itemIndex: number;
  /** Items in the child's input: 1, or the batch size. */
  itemCount: number;
}

export type ChildExecutionSummary = Omit<ChildExecutionRecord, 'input' | 'output' | 'error' | 'cause'>;

/** An `executions` row of a child: the execution columns and the Map Run ones. */
interface Row extends ExecutionRow {
  parent_execution_id: number;
  map_run_arn: string;
  item_index: number;
  item_count: number;
}

type MapRunColumns = Pick<Row, 'parent_execution_id' | 'map_run_arn' | 'item_index' | 'item_count'>;
type SummaryRow = Omit<Row, 'input' | 'output' | 'error' | 'cause'>;

const SUMMARY = `${SUMMARY_COLUMNS}, parent_execution_id, map_run_arn, item_index, item_count`;

function mapRunFields(row: MapRunColumns): Omit<ChildExecutionRecord, keyof ExecutionRecord> {
  return {
    parentExecutionId: row.parent_execution_id,
    mapRunArn: row.map_run_arn,
    itemIndex: row.item_index,
    itemCount: row.item_count,
  };
}

function toSummary(row: SummaryRow): ChildExecutionSummary {
  return { ...executionSummary(row), ...mapRunFields(row) };
}

function toRecord(row: Row): ChildExecutionRecord {
  return { ...executionRecord(row), ...mapRunFields(row) };
}

export type { ChildResultRow, NewChildExecution } from '../map/map-run-ledger';

export class ChildExecutionTable {
  private readonly insertStmt: Statement<unknown[]>;
  private readonly byName: Statement<[number, string], Row>;
  private readonly pageAll: Statement<[string, number, number], SummaryRow>;
  private readonly pageByStatus: Statement<[string, string, number, number], SummaryRow>;
  private readonly unsuccessfulStmt: Statement<[string, number, number], Row>;
  private readonly resultsStmt: Statement<[string, number, number], ChildResultRow>;
  private readonly statusStmt: Statement<[string], { status: string; executions: number; items: number }>;
  private readonly redriveStmt: Statement<[number]>;
  private readonly abortRunningStmt: Statement<[number, string]>;

  constructor(db: Db) {
    this.insertStmt = db.prepare(
      `INSERT INTO executions (state_machine_id, version_id, parent_execution_id, map_run_arn, name, status, input,
         start_date, item_index, item_count)
       VALUES (?, ?, ?, ?, ?, 'RUNNING', ?, ?, ?, ?)`,
    );
    this.byName = db.prepare(
      `SELECT * FROM executions WHERE state_machine_id = ? AND name = ? AND map_run_arn IS NOT NULL`,
    );
    this.pageAll = db.prepare(
      `SELECT ${SUMMARY} FROM executions WHERE map_run_arn = ? AND id < ? ORDER BY id DESC LIMIT ?`,
    );
    this.pageByStatus = db.prepare(
      `SELECT ${SUMMARY} FROM executions WHERE map_run_arn = ? AND status = ? AND id < ? ORDER BY id DESC LIMIT ?`,
    );
    this.unsuccessfulStmt = db.prepare(
      `SELECT * FROM executions WHERE map_run_arn = ? AND status <> 'SUCCEEDED' AND id > ? ORDER BY id LIMIT ?`,
    );
    this.resultsStmt = db.prepare(
      `SELECT id, name, status, input, output, error, cause, start_date, stop_date, redrive_count FROM executions
       WHERE map_run_arn = ? AND id > ? ORDER BY id LIMIT ?`,
    );
    this.statusStmt = db.prepare(
      `SELECT status, count(*) AS executions, sum(item_count) AS items FROM executions WHERE map_run_arn = ?
       GROUP BY status`,
    );
    this.redriveStmt = db.prepare(
      `UPDATE executions SET status = 'RUNNING', output = NULL, error = NULL, cause = NULL, stop_date = NULL,
         redrive_count = redrive_count + 1 WHERE id = ?`,
    );
    this.abortRunningStmt = db.prepare(
      `UPDATE executions SET status = 'ABORTED', stop_date = ? WHERE map_run_arn = ? AND status = 'RUNNING'`,
    );
  }

  insert(child: NewChildExecution): number {
    const result = this.insertStmt.run(
      child.stateMachineId,
      child.versionId,
      child.parentExecutionId,
      child.mapRunArn,
      child.name,
      child.input,
      child.startDate,
      child.itemIndex,
      child.itemCount,
    );
    return Number(result.lastInsertRowid);
  }

  get(stateMachineId: number, name: string): ChildExecutionRecord | undefined {
    const row = this.byName.get(stateMachineId, name);
    return row && toRecord(row);
  }

  /** ListExecutions(mapRunArn): newest first; `beforeId` continues a listing. */
  list(
    mapRunArn: string,
    options: { status?: ExecutionStatus; beforeId?: number; limit: number },
  ): Page<ChildExecutionSummary, number> {
    const before = options.beforeId ?? Number.MAX_SAFE_INTEGER;
    const rows =
      options.status === undefined
        ? this.pageAll.all(mapRunArn, before, options.limit + 1)
        : this.pageByStatus.all(mapRunArn, options.status, before, options.limit + 1);
    return toPage(rows.map(toSummary), options.limit, (r) => r.id);
  }

  /** Children that did not succeed, in the order they were created, a page at a time (redrive). */
  unsuccessful(mapRunArn: string, afterId: number, limit: number): Page<ChildExecutionRecord, number> {
    return toPage(this.unsuccessfulStmt.all(mapRunArn, afterId, limit + 1).map(toRecord), limit, (r) => r.id);
  }

  /** How every child ended, in creation (= item) order, a page at a time: the Map state's result without export. */
  results(mapRunArn: string, afterId: number, limit: number): ChildResultRow[] {
    return this.resultsStmt.all(mapRunArn, afterId, limit);
  }

  /** Children and their items by status. */
  statusCounts(mapRunArn: string): { status: ExecutionStatus; executions: number; items: number }[] {
    return this.statusStmt.all(mapRunArn).map((r) => ({ ...r, status: r.status as ExecutionStatus }));
  }

  /** Reopens a child for a redrive: RUNNING again, one more redrive, its end forgotten. */
  redrive(id: number): void {
    this.redriveStmt.run(id);
  }

  /** Forgets a child's history (a redriven child that had not entered a state starts over). Flush first. */

  /** Marks children left RUNNING (a Map Run that ended without them reporting) ABORTED. */
  abortRunning(mapRunArn: string, now: number): void {
    this.abortRunningStmt.run(now, mapRunArn);
  }
}
