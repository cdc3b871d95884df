/** What every ETL command runs with: the sources, the store, a logger, resources and the stop signal. */
import type { Logger } from '../common/src';
import type { DuckDbOptions } from './duckdb';
import { InterruptedError } from './errors';
import type { ObjectStore } from './object-store';
import type { SourcesConfig } from './sources';

export interface EtlContext {
  /** With ETL_RAW_BUCKET / ETL_LAKE_BUCKET already applied. */
  readonly config: SourcesConfig;
  readonly store: ObjectStore;
  readonly log: Logger;
  /** Parent of the job's scratch directory (removed at the end). @default os.tmpdir() */
  readonly tmpDir?: string;
  readonly duckdb: Pick<DuckDbOptions, 'threads' | 'memoryLimit'>;
  /** Aborted on SIGTERM. */
  readonly signal?: AbortSignal;
}

/** Throws InterruptedError once SIGTERM arrived: called between steps, so a job stops at the next one. */
export function checkpoint(context: EtlContext): void {
  if (context.signal?.aborted) throw new InterruptedError('stopped by SIGTERM; the job is safe to re-run');
}
