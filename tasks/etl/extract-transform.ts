/**
 * `etl extract-transform --source NAME --run-date D`: one source, one night, one Batch job.
 * Extract (download the night's files) → transform (DuckDB, local) → publish: lake parts, quarantine, watermark,
 * and the metrics object last — the marker the load step trusts. Every output is a pure function of the night's
 * files and the previous night's watermark, so a retry or re-run rewrites the same objects.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { checkpoint, type EtlContext } from './context';
import { Db } from './duckdb';
import { BadInputError } from './errors';
import { layout, s3Uri } from './layout';
import { checkRunDate, resolveLocation } from './location';
import { INVARIANT, type SourceMetrics } from './metrics';
import { mapLimit } from './object-store';
import { findSource, type Source } from './sources';
import type { LocalFile } from './stage';
import { transform } from './transform';
import { readPreviousWatermark, writeWatermark } from './watermark';

/** Parallel downloads per job: enough to hide S3 latency, few enough to leave bandwidth to the other jobs. */
const DOWNLOAD_CONCURRENCY = 4;

export async function extractTransform(
  context: EtlContext,
  sourceName: string,
  runDateText: string,
): Promise<SourceMetrics> {
  const runDate = checkRunDate(runDateText);
  const source = findSource(context.config, sourceName);
  if (!source) {
    throw new BadInputError(`unknown source '${sourceName}' (the sources file has ${context.config.sources.length})`);
  }
  const started = Date.now();
  const log = context.log.child({ source: source.name, runDate });
  const work = await mkdtemp(join(context.tmpDir ?? tmpdir(), `etl-${source.name}-`));
  let db: Db | undefined;
  const onAbort = (): void => db?.interrupt();
  context.signal?.addEventListener('abort', onAbort);
  try {
    const files = await extract(context, source, runDate, join(work, 'in'));
    const previous = await readPreviousWatermark(context.store, context.config.lakeBucket, source.name, runDate);
    const extracted = Date.now();
    log.info('extracted', { files: files.length, bytes: sum(files.map((f) => f.bytes)), previous: previous ?? null });

    checkpoint(context);
    db = await Db.open({ ...context.duckdb, tempDirectory: join(work, 'spill') });
    const out = join(work, 'out');
    await mkdir(out, { recursive: true });
    const result = await transform(db, {
      source,
      runDate,
      files,
      previousWatermark: previous?.highWaterMark ?? null,
      outDir: out,
      checkpoint: () => checkpoint(context),
    });
    db.close();
    db = undefined;
    const transformed = Date.now();
    log.info('transformed', { ...result.counts });

    checkpoint(context);
    const outputs = await publish(context, source, runDate, result.lakeFiles, result.quarantineFile);
    await writeWatermark(context.store, context.config.lakeBucket, {
      source: source.name,
      runDate,
      highWaterMark: result.watermark,
    });
    const metrics: SourceMetrics = {
      source: source.name,
      runDate,
      status: 'SUCCEEDED',
      ...result.counts,
      invariant: INVARIANT,
      previousWatermark: previous?.highWaterMark ?? null,
      watermark: result.watermark,
      files: files.map((f, i) => ({ uri: f.name, bytes: f.bytes, rows: result.rowsPerFile[i] ?? 0 })),
      outputs: { ...outputs, metrics: s3Uri(context.config.lakeBucket, layout.metricsKey(source.name, runDate)) },
      seconds: seconds(Date.now() - started),
      extractSeconds: seconds(extracted - started),
      transformSeconds: seconds(transformed - extracted),
      publishSeconds: seconds(Date.now() - transformed),
    };
    await context.store.putText(
      context.config.lakeBucket,
      layout.metricsKey(source.name, runDate),
      `${JSON.stringify(metrics, null, 2)}\n`,
      'application/json',
    );
    return metrics;
  } finally {
    context.signal?.removeEventListener('abort', onAbort);
    db?.close();
    await rm(work, { recursive: true, force: true });
  }
}

interface DownloadedFile extends LocalFile {
  readonly bytes: number;
}

/** The night's files, downloaded; none at all is BadInput (the feed did not arrive), naming the pattern. */
async function extract(context: EtlContext, source: Source, runDate: string, dir: string): Promise<DownloadedFile[]> {
  const location = resolveLocation(source.location, { rawBucket: context.config.rawBucket, runDate });
  const objects = (await context.store.list(location.bucket, location.prefix)).filter((o) => location.matches(o.key));
  if (objects.length === 0) {
    throw new BadInputError(`source ${source.name}: no file for run date ${runDate}: nothing matches ${location.uri}`);
  }
  await mkdir(dir, { recursive: true });
  return mapLimit(objects, DOWNLOAD_CONCURRENCY, async (o) => {
    checkpoint(context);
    const name = s3Uri(location.bucket, o.key);
    // The index keeps two objects with one base name apart.
    const path = join(dir, `${objects.indexOf(o)}-${basename(o.key)}`);
    try {
      return { path, name, bytes: await context.store.download(location.bucket, o.key, path) };
    } catch (error) {
      throw new Error(`source ${source.name}: downloading ${name} failed: ${(error as Error).message}`);
    }
  });
}

/**
 * Uploads the night's partition. The metrics object is deleted first (un-committing an earlier run of this
 * night), and lake parts an earlier run wrote but this one did not are deleted after, so the partition is exactly
 * this run's output once the metrics reappear.
 */
async function publish(
  context: EtlContext,
  source: Source,
  runDate: string,
  lakeFiles: readonly string[],
  quarantineFile: string,
): Promise<{ lake: string[]; quarantine: string }> {
  const bucket = context.config.lakeBucket;
  await context.store.delete(bucket, [layout.metricsKey(source.name, runDate)]);
  const prefix = layout.lakePrefix(source.name, runDate);
  const existing = await context.store.list(bucket, prefix);
  const keys = lakeFiles.map((f) => `${prefix}${basename(f)}`);
  await mapLimit(lakeFiles, DOWNLOAD_CONCURRENCY, (file) =>
    context.store.upload(file, bucket, `${prefix}${basename(file)}`, 'application/vnd.apache.parquet'),
  );
  const stale = existing.map((o) => o.key).filter((k) => !keys.includes(k));
  if (stale.length > 0) await context.store.delete(bucket, stale);
  const quarantineKey = layout.quarantineKey(source.name, runDate);
  await context.store.upload(quarantineFile, bucket, quarantineKey, 'application/vnd.apache.parquet');
  return { lake: keys.map((k) => s3Uri(bucket, k)), quarantine: s3Uri(bucket, quarantineKey) };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

function seconds(ms: number): number {
  return Math.round(ms) / 1000;
}
