/**
 * What `/ui/api/execution` answers: the shapes are declared once, for the server that builds them (ui/data.ts) and,
 * through `Jsonified`, for the page that reads them back from JSON. Types only, so the browser build can import it.
 */
import type { DescribeExecutionOutput, DescribeMapRunOutput } from '@aws-sdk/client-sfn';
import type { HistoryEvent } from '../../engine/events';

/** What JSON.stringify makes of T: dates become ISO strings, everything else keeps its shape. */
export type Jsonified<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Jsonified<U>[]
    : T extends object
      ? { [K in keyof T]: Jsonified<T[K]> }
      : T;

export interface ChildExecution {
  executionArn: string;
  name: string;
  status: string;
  startDate?: Date;
  stopDate?: Date;
  error?: string;
  cause?: string;
}

export interface MapRunDetail {
  mapRun: DescribeMapRunOutput;
  /** Failed children with their error and cause (the first few). */
  failed: ChildExecution[];
  /** The first few children of any status. */
  children: ChildExecution[];
  moreChildren: boolean;
  /** `s3://bucket/key` of the manifest once written, else the prefix results go under. */
  resultWriter?: string;
}

export interface ExecutionDetail {
  execution: DescribeExecutionOutput;
  definition: string;
  /** GetExecutionHistory's events, timestamps as epoch milliseconds. */
  events: HistoryEvent[];
  mapRuns: MapRunDetail[];
  /** For a Map Run child: its parent execution and Map Run. */
  parent?: { executionArn: string; mapRunArn: string };
}
