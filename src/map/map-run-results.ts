/**
 * Where a Map Run's child results go: an S3 export (ResultWriter with Resource, map-run-export.ts) written as
 * children end, or, without one, the Map state's output array, built at the end from the children's rows so
 * that nothing is held in memory while the run goes and a redrive sees the outputs of earlier attempts.
 */
import { DataLimitExceededError, type Json } from '../engine';
import type { ChildResultRow, MapRunLedger } from './map-run-ledger';
import type { ChildEnd } from './map-run-counts';
import { recordEntries, type ChildResultRecord, type ResultTransformation } from './results';

/** The Map state's result may be at most 256 KiB, like any state output. */
const MAX_RESULT_BYTES = 256 * 1024;
const PAGE = 500;

/** How one child ended, with what a result record needs. */
export interface ChildResult {
  itemIndex: number;
  itemCount: number;
  executionArn: string;
  name: string;
  stateMachineArn: string;
  /** The child's input as JSON text. */
  input: string;
  startDate: number;
  stopDate: number;
  redriveCount: number;
  status: ChildEnd;
  output?: string;
  error?: string;
  cause?: string;
}

export interface MapRunResults {
  add(result: ChildResult): Promise<void>;
  /** Writes what remains (the manifest, for an export) and returns the Map state's result. */
  finish(): Promise<Json>;
}

/** A child as AWS records it (Transformation NONE). */
export function resultRecord(result: ChildResult): ChildResultRecord {
  const succeeded = result.status === 'SUCCEEDED';
  const record: ChildResultRecord = {
    ExecutionArn: result.executionArn,
    Input: result.input,
    InputDetails: { Included: true },
    Name: result.name,
    RedriveCount: result.redriveCount,
    RedriveStatus: succeeded ? 'NOT_REDRIVABLE' : 'REDRIVABLE_BY_MAP_RUN',
    StartDate: new Date(result.startDate).toISOString(),
    StateMachineArn: result.stateMachineArn,
    Status: result.status,
    StopDate: new Date(result.stopDate).toISOString(),
  };
  if (succeeded) record.RedriveStatusReason = 'Execution is SUCCEEDED and cannot be redriven';
  if (result.output !== undefined) {
    record.Output = result.output;
    record.OutputDetails = { Included: true };
  }
  if (result.error !== undefined) record.Error = result.error;
  if (result.cause !== undefined) record.Cause = result.cause;
  return record;
}

/** The Map state's output without an export: WriterConfig.Transformation (default COMPACT) over the children. */
export function inlineResults(
  ledger: MapRunLedger,
  child: { mapRunArn: string; stateMachineArn: string; executionArn: (name: string) => string },
  stateName: string,
  transformation: ResultTransformation,
): MapRunResults {
  const tooLarge = (): DataLimitExceededError =>
    new DataLimitExceededError(
      `The state/task '${stateName}' returned a result with a size exceeding the maximum number of bytes service limit.`,
    );
  return {
    add: () => Promise.resolve(),
    finish() {
      const outputs: Json[] = [];
      let bytes = 2;
      let afterId = 0;
      for (;;) {
        const rows = ledger.children.results(child.mapRunArn, afterId, PAGE);
        for (const row of rows) {
          for (const entry of recordEntries(rowRecord(row, child), transformation)) {
            bytes += Buffer.byteLength(JSON.stringify(entry)) + 1;
            if (bytes > MAX_RESULT_BYTES) return Promise.reject(tooLarge());
            outputs.push(entry);
          }
        }
        if (rows.length < PAGE) return Promise.resolve(outputs);
        afterId = rows[rows.length - 1]!.id;
      }
    },
  };
}

function rowRecord(
  row: ChildResultRow,
  child: { stateMachineArn: string; executionArn: (name: string) => string },
): ChildResultRecord {
  const result: ChildResult = {
    itemIndex: 0,
    itemCount: 0,
    executionArn: child.executionArn(row.name),
    name: row.name,
    stateMachineArn: child.stateMachineArn,
    input: row.input,
    startDate: row.start_date,
    stopDate: row.stop_date ?? row.start_date,
    redriveCount: row.redrive_count,
    status: row.status as ChildEnd,
  };
  if (row.output !== null) result.output = row.output;
  if (row.error !== null) result.error = row.error;
  if (row.cause !== null) result.cause = row.cause;
  return resultRecord(result);
}
