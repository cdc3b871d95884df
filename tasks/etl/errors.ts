/**
 * The ETL's failures, each with a stable `name` (what a workflow's Retry/Catch and the DLQ message show) and the
 * exit code the job ends with, so Batch's retry strategy and the workflow can tell "fix the feed" from "try again".
 */
import { TaskExitCode } from '../common/exit-codes';

export class EtlError extends Error {
  readonly exitCode: number = 1;
}

/**
 * The job's input is wrong and retrying will not fix it: a missing or unreadable file, a header without a schema
 * column, an unknown source, bad arguments. Exit code BadInput (3).
 */
export class BadInputError extends EtlError {
  override name = 'Etl.BadInput';
  override readonly exitCode: number = TaskExitCode.BadInput;
}

/** The sources file itself is invalid (a deployment error, not a feed error). Exit code BadInput (3). */
export class SourcesFileError extends BadInputError {
  override name = 'Etl.SourcesFileInvalid';
}

/**
 * Row accounting does not add up: a bug in the ETL, never a property of the feed. Nothing is published when it
 * fires (metrics are written last), so a fixed program can re-run the night. Exit code 1.
 */
export class InvariantError extends EtlError {
  override name = 'Etl.InvariantViolated';
}

/** SIGTERM arrived (Spot reclaim, timeout): outputs are idempotent, so the retry simply redoes the job. */
export class InterruptedError extends EtlError {
  override name = 'Etl.Interrupted';
  override readonly exitCode: number = TaskExitCode.Interrupted;
}
