/**
 * The row accounting of one source for one night, and the invariant that closes it:
 *
 *   rowsRead = rowsLoaded + rowsQuarantined + duplicatesDropped + lateRowsDropped
 *
 * Each term is measured on its own (loaded and quarantined by reading back the written Parquet, duplicates by
 * grouping on the key, late rows by comparing with the watermark), so the equation checks the pipeline instead
 * of restating it.
 */
import { InvariantError } from './errors';

export interface RowCounts {
  /** Data rows in the source's files: parsed and malformed, header lines and blank lines excluded. */
  readonly rowsRead: number;
  /** Rows written to the lake. */
  readonly rowsLoaded: number;
  /** Rows in the quarantine file: malformed, failed a cast, or an empty key or watermark. */
  readonly rowsQuarantined: number;
  /** Older versions of a key seen again this night (the latest by watermark is kept). */
  readonly duplicatesDropped: number;
  /** Valid rows whose watermark is at or below the previous night's high-water mark. */
  readonly lateRowsDropped: number;
}

export const INVARIANT = 'rowsRead = rowsLoaded + rowsQuarantined + duplicatesDropped + lateRowsDropped';

export function assertRowInvariant(source: string, counts: RowCounts): void {
  const accounted = counts.rowsLoaded + counts.rowsQuarantined + counts.duplicatesDropped + counts.lateRowsDropped;
  if (accounted !== counts.rowsRead) {
    throw new InvariantError(
      `source ${source}: ${INVARIANT} does not hold: ${counts.rowsRead} ≠ ${counts.rowsLoaded} + ` +
        `${counts.rowsQuarantined} + ${counts.duplicatesDropped} + ${counts.lateRowsDropped} (= ${accounted})`,
    );
  }
}

export interface FileRead {
  readonly uri: string;
  readonly bytes: number;
  readonly rows: number;
}

/** What `extract-transform` writes to `metrics/dt=<runDate>/<source>.json` and prints as its result. */
export interface SourceMetrics extends RowCounts {
  readonly source: string;
  readonly runDate: string;
  readonly status: 'SUCCEEDED';
  readonly invariant: string;
  readonly previousWatermark: string | null;
  readonly watermark: string | null;
  readonly files: readonly FileRead[];
  readonly outputs: { readonly lake: readonly string[]; readonly quarantine: string; readonly metrics: string };
  /** Wall time of the whole job, and of its three phases. */
  readonly seconds: number;
  readonly extractSeconds: number;
  readonly transformSeconds: number;
  readonly publishSeconds: number;
}
