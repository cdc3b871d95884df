import type { Statement } from 'better-sqlite3';
import type { MapRunCounts } from '../map/map-run-counts';
import type {
  MapRunEnd,
  MapRunRecord,
  MapRunResultTarget,
  MapRunSettingsRecord,
  MapRunStatus,
  NewMapRun,
} from '../map/map-run-ledger';
import type { Db } from './database';
import { toPage, type Page } from './page';

export type { MapRunEnd, MapRunRecord, MapRunResultTarget, MapRunSettingsRecord, MapRunStatus, NewMapRun };

interface Row {
  id: number;
  arn: string;
  execution_id: number;
  state_name: string;
  label: string;
  execution_type: string;
  definition: string;
  status: string;
  start_date: number;
  stop_date: number | null;
  max_concurrency: number;
  tolerated_failure_count: number | null;
  tolerated_failure_percentage: number | null;
  counts: string;
  items_started: number;
  error: string | null;
  cause: string | null;
  redrive_count: number;
  redrive_date: number | null;
  result_writer: string | null;
}

function toRecord(row: Row): MapRunRecord {
  const record: MapRunRecord = {
    id: row.id,
    arn: row.arn,
    executionId: row.execution_id,
    stateName: row.state_name,
    label: row.label,
    executionType: row.execution_type as MapRunRecord['executionType'],
    definition: row.definition,
    status: row.status as MapRunStatus,
    startDate: row.start_date,
    maxConcurrency: row.max_concurrency,
    counts: JSON.parse(row.counts) as MapRunCounts,
    itemsStarted: row.items_started,
    redriveCount: row.redrive_count,
  };
  if (row.stop_date !== null) record.stopDate = row.stop_date;
  if (row.tolerated_failure_count !== null) record.toleratedFailureCount = row.tolerated_failure_count;
  if (row.tolerated_failure_percentage !== null) record.toleratedFailurePercentage = row.tolerated_failure_percentage;
  if (row.error !== null) record.error = row.error;
  if (row.cause !== null) record.cause = row.cause;
  if (row.redrive_date !== null) record.redriveDate = row.redrive_date;
  if (row.result_writer !== null) record.resultTarget = JSON.parse(row.result_writer) as MapRunResultTarget;
  return record;
}

/** Map Runs: one row each; a redrive updates the row in place (same ARN). */
export class MapRunTable {
  private readonly insertStmt: Statement<unknown[]>;
  private readonly byArn: Statement<[string], Row>;
  private readonly pageStmt: Statement<[number, number, number], Row>;
  private readonly progressStmt: Statement<[string, number, number]>;
  private readonly settingsStmt: Statement<[number, number | null, number | null, number]>;
  private readonly endStmt: Statement<[string, number, string | null, string | null, string, number, number]>;
  private readonly redriveStmt: Statement<[number, string, number]>;
  private readonly purgeStmt: Statement<[number]>;

  constructor(db: Db) {
    this.insertStmt = db.prepare(
      `INSERT INTO map_runs (arn, execution_id, state_name, label, execution_type, definition, status, start_date,
         max_concurrency, tolerated_failure_count, tolerated_failure_percentage, counts, result_writer)
       VALUES (?, ?, ?, ?, ?, ?, 'RUNNING', ?, ?, ?, ?, ?, ?)`,
    );
    this.byArn = db.prepare(`SELECT * FROM map_runs WHERE arn = ?`);
    this.pageStmt = db.prepare(`SELECT * FROM map_runs WHERE execution_id = ? AND id > ? ORDER BY id LIMIT ?`);
    this.progressStmt = db.prepare(`UPDATE map_runs SET counts = ?, items_started = ? WHERE id = ?`);
    this.settingsStmt = db.prepare(
      `UPDATE map_runs SET max_concurrency = ?, tolerated_failure_count = ?, tolerated_failure_percentage = ?
       WHERE id = ?`,
    );
    this.endStmt = db.prepare(
      `UPDATE map_runs SET status = ?, stop_date = ?, error = ?, cause = ?, counts = ?, items_started = ?
       WHERE id = ?`,
    );
    this.redriveStmt = db.prepare(
      `UPDATE map_runs SET status = 'RUNNING', stop_date = NULL, error = NULL, cause = NULL,
         redrive_count = redrive_count + 1, redrive_date = ?, counts = ? WHERE id = ?`,
    );
    this.purgeStmt = db.prepare(
      `DELETE FROM map_runs WHERE execution_id IN (SELECT id FROM executions WHERE state_machine_id = ?)`,
    );
  }

  insert(run: NewMapRun): MapRunRecord {
    const id = Number(
      this.insertStmt.run(
        run.arn,
        run.executionId,
        run.stateName,
        run.label,
        run.executionType,
        run.definition,
        run.startDate,
        run.maxConcurrency,
        run.toleratedFailureCount ?? null,
        run.toleratedFailurePercentage ?? null,
        JSON.stringify(run.counts),
        run.resultTarget === undefined ? null : JSON.stringify(run.resultTarget),
      ).lastInsertRowid,
    );
    return { ...run, id, status: 'RUNNING', itemsStarted: 0, redriveCount: 0 };
  }

  get(arn: string): MapRunRecord | undefined {
    const row = this.byArn.get(arn);
    return row && toRecord(row);
  }

  /** The Map Runs of one execution, oldest first; `afterId` continues a listing. */
  list(executionId: number, afterId: number | undefined, limit: number): Page<MapRunRecord, number> {
    return toPage(this.pageStmt.all(executionId, afterId ?? 0, limit + 1).map(toRecord), limit, (r) => r.id);
  }

  saveProgress(id: number, counts: MapRunCounts, itemsStarted: number): void {
    this.progressStmt.run(JSON.stringify(counts), itemsStarted, id);
  }

  saveSettings(id: number, settings: MapRunSettingsRecord): void {
    this.settingsStmt.run(
      settings.maxConcurrency,
      settings.toleratedFailureCount ?? null,
      settings.toleratedFailurePercentage ?? null,
      id,
    );
  }

  end(id: number, end: MapRunEnd): void {
    this.endStmt.run(
      end.status,
      end.stopDate,
      end.error ?? null,
      end.cause ?? null,
      JSON.stringify(end.counts),
      end.itemsStarted,
      id,
    );
  }

  /** Reopens an ended Map Run for a redrive: RUNNING again, one more redrive. */
  redrive(id: number, now: number, counts: MapRunCounts): void {
    this.redriveStmt.run(now, JSON.stringify(counts), id);
  }

  /** Removes the Map Runs of a state machine's executions (DeleteStateMachine). */
  purgeOfMachine(stateMachineId: number): void {
    this.purgeStmt.run(stateMachineId);
  }
}
