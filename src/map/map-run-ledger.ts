/**
 * The Map Run's own records, as a port: the Map Run row and its children's rows. The store implements it (its
 * tables take and return these shapes); src/map sees nothing else of it.
 */
import type { ExecutionStatus } from '../engine';
import type { MapRunCounts } from './map-run-counts';

export type MapRunStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';

/** Where a Map Run exports its results (ResultWriter with Resource), as evaluated when it started. */
export interface MapRunResultTarget {
  bucket: string;
  prefix: string;
  outputType: 'JSON' | 'JSONL';
  transformation: 'NONE' | 'COMPACT' | 'FLATTEN';
}

export interface MapRunRecord {
  id: number;
  arn: string;
  /** The parent execution's id. */
  executionId: number;
  stateName: string;
  label: string;
  executionType: 'STANDARD' | 'EXPRESS';
  /** The child workflow (ItemProcessor without ProcessorConfig), as JSON text. */
  definition: string;
  status: MapRunStatus;
  startDate: number;
  stopDate?: number;
  maxConcurrency: number;
  toleratedFailureCount?: number;
  toleratedFailurePercentage?: number;
  counts: MapRunCounts;
  /** Items read from the source and handed to children: a redrive reads on from here. */
  itemsStarted: number;
  error?: string;
  cause?: string;
  redriveCount: number;
  redriveDate?: number;
  resultTarget?: MapRunResultTarget;
}

export type NewMapRun = Omit<MapRunRecord, 'id' | 'status' | 'stopDate' | 'itemsStarted' | 'redriveCount'>;

export interface MapRunEnd {
  status: Exclude<MapRunStatus, 'RUNNING'>;
  stopDate: number;
  error?: string;
  cause?: string;
  counts: MapRunCounts;
  itemsStarted: number;
}

export interface MapRunSettingsRecord {
  maxConcurrency: number;
  toleratedFailureCount?: number;
  toleratedFailurePercentage?: number;
}

/** What a Map Run reads back of one of its children. */
export interface ChildRow {
  id: number;
  name: string;
  status: ExecutionStatus;
  input: string;
  startDate: number;
  stopDate?: number;
  redriveCount: number;
  /** The position of the child's (first) item in the Map Run. */
  itemIndex: number;
  /** Items in the child's input: 1, or the batch size. */
  itemCount: number;
}

/** A child's result as ResultWriter and the inline result read it. */
export interface ChildResultRow {
  id: number;
  name: string;
  status: string;
  input: string;
  output: string | null;
  error: string | null;
  cause: string | null;
  start_date: number;
  stop_date: number | null;
  redrive_count: number;
}

export interface NewChildExecution {
  stateMachineId: number;
  versionId: number;
  parentExecutionId: number;
  mapRunArn: string;
  name: string;
  input: string;
  startDate: number;
  itemIndex: number;
  itemCount: number;
}

/** One page of a keyset-paginated listing: `nextKey` is the key to continue after, absent on the last page. */
export interface LedgerPage<T> {
  items: T[];
  nextKey?: number;
}

export interface MapRunLedger {
  mapRuns: {
    get(arn: string): MapRunRecord | undefined;
    insert(run: NewMapRun): MapRunRecord;
    saveProgress(id: number, counts: MapRunCounts, itemsStarted: number): void;
    saveSettings(id: number, settings: MapRunSettingsRecord): void;
    end(id: number, end: MapRunEnd): void;
    /** Reopens an ended Map Run for a redrive: RUNNING again, one more redrive. */
    redrive(id: number, now: number, counts: MapRunCounts): void;
  };
  children: {
    insert(child: NewChildExecution): number;
    /** Children that ended without success, in id order after `afterId`. */
    unsuccessful(mapRunArn: string, afterId: number, limit: number): LedgerPage<ChildRow>;
    results(mapRunArn: string, afterId: number, limit: number): ChildResultRow[];
    statusCounts(mapRunArn: string): { status: ExecutionStatus; executions: number; items: number }[];
    /** Marks a child as rerun by a redrive. */
    redrive(id: number): void;
  };
}
