/**
 * High-water marks, one object per source and night: `watermarks/<source>/dt=<runDate>.json`. A night reads the
 * mark of the latest night *before* it, never its own, so re-running a night (a retry, or the whole night again)
 * sees the same previous mark and produces the same output: the watermark never makes a re-run drop its own rows.
 */
import { layout } from './layout';
import type { ObjectStore } from './object-store';

export interface WatermarkRecord {
  readonly source: string;
  readonly runDate: string;
  /** The watermark column's greatest loaded value, as DuckDB prints it; null before any row was loaded. */
  readonly highWaterMark: string | null;
}

export async function readPreviousWatermark(
  store: ObjectStore,
  bucket: string,
  source: string,
  runDate: string,
): Promise<WatermarkRecord | undefined> {
  const nights = (await store.list(bucket, layout.watermarkPrefix(source)))
    .map((o) => /dt=(\d{4}-\d{2}-\d{2})\.json$/.exec(o.key)?.[1])
    .filter((d): d is string => d !== undefined && d < runDate)
    .sort();
  const previous = nights[nights.length - 1];
  if (previous === undefined) return undefined;
  const key = layout.watermarkKey(source, previous);
  const text = await store.getText(bucket, key);
  if (text === undefined) return undefined;
  const record = JSON.parse(text) as Partial<WatermarkRecord>;
  if (record.highWaterMark !== null && typeof record.highWaterMark !== 'string') {
    throw new Error(`s3://${bucket}/${key}: highWaterMark must be a string or null`);
  }
  return { source, runDate: previous, highWaterMark: record.highWaterMark };
}

export async function writeWatermark(store: ObjectStore, bucket: string, record: WatermarkRecord): Promise<void> {
  await store.putText(
    bucket,
    layout.watermarkKey(record.source, record.runDate),
    `${JSON.stringify(record)}\n`,
    'application/json',
  );
}
