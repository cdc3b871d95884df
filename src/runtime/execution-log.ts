/**
 * Structured log records of what executions do, with the execution and state they concern, derived from the
 * history events as they are appended: starts and ends at `info`, failures at `warn`, state transitions at `debug`.
 */
import type { HistoryEvent } from '../engine';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogRecord {
  level: LogLevel;
  msg: string;
  executionArn: string;
  stateName?: string;
  error?: string;
  cause?: string;
}

export type LogSink = (record: LogRecord) => void;

const LEVEL_ORDER: Readonly<Record<LogLevel, number>> = { debug: 0, info: 1, warn: 2, error: 3 };

export function atLeast(level: LogLevel, threshold: LogLevel): boolean {
  return LEVEL_ORDER[level] >= LEVEL_ORDER[threshold];
}

/**
 * Follows one execution's events and turns the notable ones into records. `stateName` is the state entered last on
 * the event's thread, so a failed Task reports which state it belongs to.
 */
export class ExecutionLogger {
  private readonly stateByEvent = new Map<number, string>();

  constructor(
    private readonly executionArn: string,
    private readonly sink: LogSink,
  ) {}

  observe(event: HistoryEvent): void {
    const entered = event.stateEnteredEventDetails?.name;
    const state =
      entered ??
      event.stateExitedEventDetails?.name ??
      event.evaluationFailedEventDetails?.state ??
      this.stateByEvent.get(event.previousEventId);
    if (state !== undefined) this.stateByEvent.set(event.id, state);
    const record = this.recordFor(event, state);
    if (record) this.sink(record);
  }

  private recordFor(event: HistoryEvent, stateName: string | undefined): LogRecord | undefined {
    const base = { executionArn: this.executionArn, ...(stateName === undefined ? {} : { stateName }) };
    const failure =
      event.executionFailedEventDetails ??
      event.executionTimedOutEventDetails ??
      event.executionAbortedEventDetails ??
      event.taskFailedEventDetails ??
      event.taskTimedOutEventDetails ??
      event.mapRunFailedEventDetails;
    const details = {
      ...(failure?.error === undefined ? {} : { error: failure.error }),
      ...(failure?.cause === undefined ? {} : { cause: failure.cause }),
    };
    switch (event.type) {
      case 'ExecutionStarted':
      case 'ExecutionRedriven':
        return {
          level: 'info',
          msg: event.type === 'ExecutionStarted' ? 'execution started' : 'execution redriven',
          ...base,
        };
      case 'ExecutionSucceeded':
        return { level: 'info', msg: 'execution succeeded', executionArn: this.executionArn };
      case 'ExecutionFailed':
      case 'ExecutionTimedOut':
      case 'ExecutionAborted':
        return {
          level: 'warn',
          msg: `execution ${event.type.slice('Execution'.length).toLowerCase()}`,
          executionArn: this.executionArn,
          ...details,
        };
      case 'TaskFailed':
      case 'TaskTimedOut':
      case 'MapRunFailed':
        return {
          level: 'warn',
          msg: event.type === 'MapRunFailed' ? 'map run failed' : 'task failed',
          ...base,
          ...details,
        };
      default:
        if (event.type.endsWith('StateEntered')) return { level: 'debug', msg: 'state entered', ...base };
        if (event.type.endsWith('StateExited')) return { level: 'debug', msg: 'state exited', ...base };
        return undefined;
    }
  }
}

/** One line of text or JSON for a record. */
export function formatLogRecord(record: LogRecord, format: 'text' | 'json', now: Date): string {
  if (format === 'json') return JSON.stringify({ time: now.toISOString(), ...record });
  const where = record.stateName === undefined ? record.executionArn : `${record.executionArn} ${record.stateName}`;
  const why =
    record.error === undefined ? '' : `: ${record.error}${record.cause === undefined ? '' : `: ${record.cause}`}`;
  return `${record.level}: ${record.msg} ${where}${why}`;
}
