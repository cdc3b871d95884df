/**
 * The demo night: one night of raw files for every source, with the faults real feeds have — malformed rows,
 * type mismatches, duplicates, late rows (below the previous watermark, which it seeds), one source whose schema
 * drifted (reordered columns, an extra column, a renamed one the sources file maps) and two that must fail: one
 * whose file never arrived, one whose file is cut short. Deterministic for a seed; it returns, per source, the
 * counts the ETL must report — the test oracle.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Db } from '../duckdb';
import { layout } from '../layout';
import type { RowCounts } from '../metrics';
import type { Source, SourcesConfig } from '../sources';
import { ident, literal } from '../sql';
import { Random } from './random';
import type { NightSink } from './sinks';
import { addDays, mismatch, plausible, timestamp, unique, type Value } from './values';

export type SourceFault = 'drifted' | 'missing-file' | 'corrupt-file';

export interface GenerateNightOptions {
  readonly config: SourcesConfig;
  readonly runDate: string;
  readonly sink: NightSink;
  /** @default 42 */
  readonly seed?: number;
  /** Clean rows per source, before faults are added. @default { min: 1000, max: 5000 } */
  readonly rows?: { readonly min: number; readonly max: number };
  /** Only these sources (tests). @default all */
  readonly only?: readonly string[];
  /** @default { 'crm_contacts': 'drifted', 'partner_feed_acme': 'missing-file', 'iot_gateway_events': 'corrupt-file' } */
  readonly faults?: Readonly<Record<string, SourceFault>>;
  /** Write the previous night's watermark for each source, so late rows are late. @default true */
  readonly seedWatermarks?: boolean;
  /** Scratch space for Parquet. @default os.tmpdir() */
  readonly tmpDir?: string;
}

export interface GeneratedSource {
  readonly name: string;
  readonly format: Source['format'];
  readonly fault: SourceFault | null;
  readonly files: readonly string[];
  /** What extract-transform must report; null for a source that must fail. */
  readonly expected: RowCounts | null;
}

export interface GeneratedNight {
  readonly runDate: string;
  readonly seed: number;
  /** The watermark seeded for the night before (`<runDate - 2> 23:59:59`). */
  readonly previousWatermark: string;
  readonly sources: readonly GeneratedSource[];
  readonly rows: number;
}

export const DEFAULT_FAULTS: Readonly<Record<string, SourceFault>> = {
  crm_contacts: 'drifted',
  partner_feed_acme: 'missing-file',
  iot_gateway_events: 'corrupt-file',
};

type Row = Record<string, Value>;

export async function generateNight(options: GenerateNightOptions): Promise<GeneratedNight> {
  const seed = options.seed ?? 42;
  const runDay = new Date(`${options.runDate}T00:00:00Z`);
  const previousWatermark = `${addDays(runDay, -2).toISOString().slice(0, 10)} 23:59:59`;
  const faults = options.faults ?? DEFAULT_FAULTS;
  const work = await mkdtemp(join(options.tmpDir ?? tmpdir(), 'etl-demo-'));
  const db = await Db.open({ tempDirectory: join(work, 'spill'), threads: 1 });
  try {
    const out: GeneratedSource[] = [];
    for (const source of options.config.sources) {
      if (options.only && !options.only.includes(source.name)) continue;
      const random = new Random(seed, source.name);
      const fault = faults[source.name] ?? null;
      const night = fault === 'missing-file' ? addDays(runDay, -1) : runDay;
      const plan = planRows(source, random, night, options.rows ?? { min: 1000, max: 5000 });
      const fileCount = fault === 'corrupt-file' ? 1 : fault === 'drifted' ? 2 : random.int(1, 3);
      const chunks = split(random.shuffle(plan.rows), fileCount);
      const files: string[] = [];
      for (const [index, rows] of chunks.entries()) {
        const key = fileKey(source, night.toISOString().slice(0, 10), index + 1, options.config.rawBucket);
        let body = await serialize(db, work, source, rows, random, fault === 'drifted' && index > 0, plan.dirtyColumn);
        if (fault === 'corrupt-file') body = body.subarray(0, Math.floor(body.length / 2));
        await options.sink.put(key.bucket, key.key, body);
        files.push(`s3://${key.bucket}/${key.key}`);
      }
      if (options.seedWatermarks ?? true) {
        const previousNight = addDays(runDay, -1).toISOString().slice(0, 10);
        const record = { source: source.name, runDate: previousNight, highWaterMark: previousWatermark };
        await options.sink.put(
          options.config.lakeBucket,
          layout.watermarkKey(source.name, previousNight),
          JSON.stringify(record),
        );
      }
      out.push({
        name: source.name,
        format: source.format,
        fault,
        files,
        expected: fault === 'missing-file' || fault === 'corrupt-file' ? null : plan.expected,
      });
    }
    const night: GeneratedNight = {
      runDate: options.runDate,
      seed,
      previousWatermark,
      sources: out,
      rows: out.reduce((n, s) => n + (s.expected?.rowsRead ?? 0), 0),
    };
    await options.sink.put(
      options.config.rawBucket,
      `_demo/dt=${options.runDate}/manifest.json`,
      JSON.stringify(night, null, 2),
    );
    return night;
  } finally {
    db.close();
    await rm(work, { recursive: true, force: true });
  }
}

interface PlannedRow {
  readonly values: Row;
  /** Serialize as a malformed line (CSV/JSONL); Parquet gets an empty key instead. */
  readonly malformed: boolean;
}

interface Plan {
  readonly rows: PlannedRow[];
  readonly expected: RowCounts;
  /** The column that carries the type mismatches in Parquet files (stored as text there, as drifted exports do). */
  readonly dirtyColumn: string;
}

/**
 * n clean rows with unique keys and watermarks inside the day before the run date, then the faults, each on
 * its own rows so the expected counts are exact: m type mismatches (on clean rows), d duplicates (copies of
 * other clean rows, ±up to an hour, some with the same watermark), l late rows (at or below the previous
 * watermark) and q malformed rows.
 */
function planRows(source: Source, random: Random, night: Date, size: { min: number; max: number }): Plan {
  const n = random.int(size.min, size.max);
  const m = Math.max(1, Math.round(n * 0.01));
  const d = Math.round(n * 0.03);
  const l = Math.max(1, Math.round(n * 0.01));
  const q = Math.max(1, Math.round(n * 0.005));
  const lastKey = source.primaryKey[source.primaryKey.length - 1]!;
  const day = addDays(night, -1);
  const typed = source.columns.filter((c) => c.type !== 'VARCHAR');
  const dirty = typed.find((c) => !source.primaryKey.includes(c.name) && c.name !== source.watermark) ?? typed[0]!;

  const make = (i: number, watermarkMs: number): Row => {
    const row: Row = {};
    for (const c of source.columns) {
      if (c.name === lastKey) row[c.name] = unique(c.name, c.type, i, day);
      else if (c.name === source.watermark) row[c.name] = timestamp(new Date(watermarkMs));
      else if (!source.primaryKey.includes(c.name) && random.next() < 0.02) row[c.name] = null;
      else row[c.name] = plausible(random, c.name, c.type, day);
    }
    return row;
  };
  // Inside [01:30, 22:30] of the day: a duplicate moved by up to an hour stays in the day, above the watermark.
  const fresh = (): number => day.getTime() + random.int(90 * 60, 22.5 * 3600) * 1000;
  const base = Array.from({ length: n }, (_, i) => make(i, fresh()));
  const picks = random.sample(n, m + d + l);
  const rows: PlannedRow[] = base.map((values) => ({ values, malformed: false }));

  for (const i of picks.slice(0, m)) {
    const column = source.format === 'parquet' ? dirty : random.pick(typed);
    base[i]![column.name] = mismatch(random, column.type);
  }
  for (const i of picks.slice(m, m + d)) {
    const copy = { ...base[i]! };
    const shift = random.next() < 0.2 ? 0 : random.int(-3600, 3600) * 1000;
    copy[source.watermark] = timestamp(new Date(Date.parse(`${copy[source.watermark]!.replace(' ', 'T')}Z`) + shift));
    rows.push({ values: copy, malformed: false });
  }
  // Late rows: half re-send an existing key (a stale update), half are new keys; all at or below the watermark.
  const lateAt = (): number => day.getTime() - random.int(1, 3 * 86_400) * 1000;
  for (const [j, i] of picks.slice(m + d).entries()) {
    const values =
      j % 2 === 0 ? { ...base[i]!, [source.watermark]: timestamp(new Date(lateAt())) } : make(n + j, lateAt());
    rows.push({ values, malformed: false });
  }
  for (let j = 0; j < q; j++) {
    const values = make(n + l + j, fresh());
    if (source.format === 'parquet') values[source.primaryKey[0]!] = null;
    rows.push({ values, malformed: source.format !== 'parquet' });
  }
  return {
    rows,
    dirtyColumn: dirty.name,
    expected: {
      rowsRead: n + d + l + q,
      rowsLoaded: n - m,
      rowsQuarantined: m + q,
      duplicatesDropped: d,
      lateRowsDropped: l,
    },
  };
}

async function serialize(
  db: Db,
  work: string,
  source: Source,
  rows: readonly PlannedRow[],
  random: Random,
  drifted: boolean,
  dirtyColumn: string,
): Promise<Buffer> {
  if (source.format === 'csv') return Buffer.from(toCsv(source, rows, random, drifted));
  if (source.format === 'jsonl') return Buffer.from(toJsonl(source, rows, random));
  return toParquet(db, work, source, rows, dirtyColumn);
}

/**
 * CSV; a drifted file reorders the columns, adds `utm_source` and writes renamed columns under their old name.
 * A malformed row loses its last field or gains one.
 */
function toCsv(source: Source, rows: readonly PlannedRow[], random: Random, drifted: boolean): string {
  const renamed = new Map([...source.renames].map(([from, to]) => [to, from]));
  let header = source.columns.map((c) => ({ name: c.name, as: c.name }));
  if (drifted) {
    header = random.shuffle(header.map((h) => ({ name: h.name, as: renamed.get(h.name) ?? h.name })));
    header.push({ name: 'utm_source', as: 'utm_source' });
  }
  const lines = [header.map((h) => h.as).join(source.delimiter)];
  for (const row of rows) {
    let fields = header.map((h) =>
      csvField(
        h.name === 'utm_source' ? random.pick(['google', 'newsletter', '']) : (row.values[h.name] ?? null),
        source.delimiter,
      ),
    );
    if (row.malformed) fields = random.next() < 0.5 ? fields.slice(0, -1) : [...fields, 'unexpected'];
    lines.push(fields.join(source.delimiter));
  }
  return `${lines.join('\n')}\n`;
}

function csvField(value: Value, delimiter: string): string {
  if (value === null) return '';
  return value.includes(delimiter) || /["\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** JSON Lines with JSON types where the value fits them; a malformed row is cut mid-object or is not an object. */
function toJsonl(source: Source, rows: readonly PlannedRow[], random: Random): string {
  const lines = rows.map((row) => {
    const object: Record<string, unknown> = {};
    for (const c of source.columns) {
      const value = row.values[c.name] ?? null;
      if (value === null) {
        if (random.next() < 0.5) object[c.name] = null;
        continue;
      }
      object[c.name] = jsonValue(c.type, value);
    }
    const text = JSON.stringify(object);
    if (!row.malformed) return text;
    return random.next() < 0.7 ? text.slice(0, Math.floor(text.length / 2)) : JSON.stringify(Object.values(object));
  });
  return `${lines.join('\n')}\n`;
}

function jsonValue(type: string, value: string): unknown {
  const numeric = type === 'BIGINT' || type === 'INTEGER' || type === 'DOUBLE' || type.startsWith('DECIMAL');
  if (numeric && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (type === 'BOOLEAN' && (value === 'true' || value === 'false')) return value === 'true';
  if (type === 'TIMESTAMP' && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(value)) return value.replace(' ', 'T');
  return value;
}

/** Parquet with the schema's types, except the dirty column, kept as text (where the mismatches are). */
async function toParquet(
  db: Db,
  work: string,
  source: Source,
  rows: readonly PlannedRow[],
  dirtyColumn: string,
): Promise<Buffer> {
  const jsonPath = join(work, `${source.name}.jsonl`);
  const parquetPath = join(work, `${source.name}.parquet`);
  await writeFile(jsonPath, rows.map((r) => JSON.stringify(r.values)).join('\n') + '\n');
  const columns = source.columns.map((c) => `${literal(c.name)}: 'VARCHAR'`).join(', ');
  const select = source.columns
    .map((c) =>
      c.name === dirtyColumn || c.type === 'VARCHAR'
        ? ident(c.name)
        : `CAST(${ident(c.name)} AS ${c.type}) AS ${ident(c.name)}`,
    )
    .join(', ');
  await db.run(
    `COPY (SELECT ${select} FROM read_json(${literal(jsonPath)}, format = 'newline_delimited', columns = {${columns}}))
     TO ${literal(parquetPath)} (FORMAT parquet)`,
  );
  return readFile(parquetPath);
}

function fileKey(source: Source, night: string, index: number, rawBucket: string): { bucket: string; key: string } {
  const uri = source.location.replace(/\{rawBucket\}/g, rawBucket).replace(/\{runDate\}/g, night);
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!match || match[2]!.split('*').length !== 2 || match[2]!.includes('?')) {
    throw new Error(`the demo generator needs a location with exactly one '*': ${source.location}`);
  }
  return { bucket: match[1]!, key: match[2]!.replace('*', `part-${String(index).padStart(4, '0')}`) };
}

function split<T>(items: readonly T[], parts: number): T[][] {
  const size = Math.ceil(items.length / parts);
  return Array.from({ length: parts }, (_, i) => items.slice(i * size, (i + 1) * size));
}
