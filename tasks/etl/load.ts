/**
 * `etl load --run-date D`: the warehouse — one DuckDB file in S3, one table per source with a `dt` column — is
 * downloaded, refreshed from the night's lake partitions and uploaded. Each refreshed table is delete-then-insert
 * by `dt`, all in one transaction, so running the same night twice leaves the same rows (idempotent), and a
 * failure leaves the previous file in S3 untouched. Sources without metrics for the night (failed or not run)
 * are skipped: their tables keep what they had.
 *
 * One load at a time: the workflow runs it once after the Map. Two concurrent loads would race on the file (the
 * last upload wins).
 */
import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkpoint, type EtlContext } from './context';
import { Db, toCount } from './duckdb';
import { InvariantError } from './errors';
import { layout, s3Uri } from './layout';
import { checkRunDate } from './location';
import type { SourceMetrics } from './metrics';
import { mapLimit } from './object-store';
import type { Source } from './sources';
import { ident, literal } from './sql';

export interface LoadResult {
  readonly runDate: string;
  readonly warehouse: string;
  /** Sources refreshed for the night, with the rows now in their `dt` partition. */
  readonly loaded: Readonly<Record<string, number>>;
  /** Sources with no metrics for the night (their job failed or did not run). */
  readonly skipped: readonly string[];
  /** Every table's total row count after the load. */
  readonly tables: Readonly<Record<string, number>>;
  readonly bytes: number;
  readonly seconds: number;
}

export async function load(context: EtlContext, runDateText: string): Promise<LoadResult> {
  const runDate = checkRunDate(runDateText);
  const started = Date.now();
  const bucket = context.config.lakeBucket;
  const work = await mkdtemp(join(context.tmpDir ?? tmpdir(), 'etl-load-'));
  let db: Db | undefined;
  try {
    const file = join(work, 'warehouse.duckdb');
    const exists = (await context.store.list(bucket, layout.warehouseKey)).some((o) => o.key === layout.warehouseKey);
    if (exists) await context.store.download(bucket, layout.warehouseKey, file);

    const ready: { source: Source; metrics: SourceMetrics; parts: string[] }[] = [];
    const skipped: string[] = [];
    for (const source of context.config.sources) {
      checkpoint(context);
      const text = await context.store.getText(bucket, layout.metricsKey(source.name, runDate));
      if (text === undefined) {
        skipped.push(source.name);
        continue;
      }
      const prefix = layout.lakePrefix(source.name, runDate);
      const keys = (await context.store.list(bucket, prefix)).map((o) => o.key).filter((k) => k.endsWith('.parquet'));
      const dir = join(work, 'lake', source.name);
      await mkdir(dir, { recursive: true });
      const parts = await mapLimit(keys, 4, async (key) => {
        const path = join(dir, key.slice(prefix.length));
        await context.store.download(bucket, key, path);
        return path;
      });
      ready.push({ source, metrics: JSON.parse(text) as SourceMetrics, parts });
    }

    checkpoint(context);
    db = await Db.open({ ...context.duckdb, path: file, tempDirectory: join(work, 'spill') });
    const loaded: Record<string, number> = {};
    await db.run('BEGIN TRANSACTION');
    try {
      for (const { source, metrics, parts } of ready) {
        loaded[source.name] = await refreshTable(db, source, runDate, parts, metrics.rowsLoaded);
      }
      await db.run('COMMIT');
    } catch (error) {
      await db.run('ROLLBACK');
      throw error;
    }
    // Fold the WAL into the file: the one file uploaded must hold everything.
    await db.run('CHECKPOINT');
    const tables: Record<string, number> = {};
    for (const row of await db.all(`SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1`)) {
      const name = String(row['table_name']);
      tables[name] = toCount((await db.one(`SELECT count(*)::BIGINT AS n FROM ${ident(name)}`))['n']);
    }
    db.close();
    db = undefined;
    await context.store.upload(file, bucket, layout.warehouseKey, 'application/octet-stream');
    return {
      runDate,
      warehouse: s3Uri(bucket, layout.warehouseKey),
      loaded,
      skipped,
      tables,
      bytes: (await stat(file)).size,
      seconds: Math.round(Date.now() - started) / 1000,
    };
  } finally {
    db?.close();
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * Replaces the night's partition of one table: creates the table (or adds columns the schema gained), deletes
 * `dt = runDate`, inserts the lake parts. The rows inserted must be the rows the job says it loaded.
 */
async function refreshTable(
  db: Db,
  source: Source,
  runDate: string,
  parts: readonly string[],
  expected: number,
): Promise<number> {
  const table = ident(source.name);
  const columns = source.columns.map((c) => `${ident(c.name)} ${c.type}`).join(', ');
  await db.run(`CREATE TABLE IF NOT EXISTS ${table} (${columns}, dt DATE NOT NULL)`);
  const existing = new Set(
    (await db.all(`SELECT column_name FROM duckdb_columns() WHERE table_name = ${literal(source.name)}`)).map((r) =>
      String(r['column_name']),
    ),
  );
  for (const c of source.columns) {
    if (!existing.has(c.name)) await db.run(`ALTER TABLE ${table} ADD COLUMN ${ident(c.name)} ${c.type}`);
  }
  const dt = `DATE ${literal(runDate)}`;
  await db.run(`DELETE FROM ${table} WHERE dt = ${dt}`);
  if (parts.length > 0) {
    await db.run(
      `INSERT INTO ${table} BY NAME SELECT *, ${dt} AS dt FROM read_parquet([${parts.map(literal).join(', ')}])`,
    );
  }
  const rows = toCount((await db.one(`SELECT count(*)::BIGINT AS n FROM ${table} WHERE dt = ${dt}`))['n']);
  if (rows !== expected) {
    throw new InvariantError(
      `source ${source.name}: the lake partition dt=${runDate} holds ${rows} rows but its metrics say ${expected} were loaded`,
    );
  }
  return rows;
}
