/**
 * Transform, on local files only (no S3: the DuckDB-direct baseline runs exactly this):
 * stage → TRY_CAST to the schema (failures, with the column and value, to the quarantine) → drop rows at or below
 * the previous watermark → keep the latest row per primary key → write the lake Parquet and the quarantine
 * Parquet, and account for every row.
 */
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type Db, toCount } from './duckdb';
import { assertRowInvariant, type RowCounts } from './metrics';
import type { Column, Source } from './sources';
import { ident, literal } from './sql';
import { createRawTable, stageFile, type LocalFile } from './stage';

export interface TransformInput {
  readonly source: Source;
  readonly runDate: string;
  readonly files: readonly LocalFile[];
  /** The previous night's high-water mark (text of the watermark column's type), or null for a first load. */
  readonly previousWatermark: string | null;
  /** Where the lake parts (`lake/part-*.parquet`) and `quarantine.parquet` are written. */
  readonly outDir: string;
  /** Checked between statements: SIGTERM stops the job at the next one. */
  readonly checkpoint?: () => void;
}

export interface TransformOutput {
  readonly counts: RowCounts;
  readonly rowsPerFile: readonly number[];
  /** The new high-water mark: the greatest watermark loaded, else the previous one. */
  readonly watermark: string | null;
  /** Part files, in order (names as `part-<i>.parquet`). */
  readonly lakeFiles: readonly string[];
  readonly quarantineFile: string;
}

/** Raw values in the quarantine are cut to this many characters: a row is evidence, not a payload. */
const MAX_VALUE_CHARS = 1000;
/** Lake parts are cut near this size, so each uploads in one PutObject and reads in parallel. */
const PART_SIZE = '256MB';

export async function transform(db: Db, input: TransformInput): Promise<TransformOutput> {
  const { source, outDir } = input;
  const step = input.checkpoint ?? (() => undefined);
  await createRawTable(db, source);
  const rowsPerFile: number[] = [];
  for (const file of input.files) {
    step();
    rowsPerFile.push(await stageFile(db, source, file));
  }
  step();
  await db.run(checkedSql(source));
  step();
  await writeQuarantine(db, input, join(outDir, 'quarantine.parquet'));
  step();

  const wm = ident(source.watermark);
  const wmType = source.columns.find((c) => c.name === source.watermark)!.type;
  const late =
    input.previousWatermark === null ? 'false' : `${wm} <= CAST(${literal(input.previousWatermark)} AS ${wmType})`;
  await db.run(`CREATE OR REPLACE TEMP TABLE fresh AS SELECT * FROM checked WHERE _ok AND NOT (${late})`);
  const key = source.primaryKey.map(ident).join(', ');
  // The latest version of a key wins; on a watermark tie, the later file and row (the feed's own order).
  await db.run(
    `CREATE OR REPLACE TEMP TABLE loaded AS SELECT ${source.columns.map((c) => ident(c.name)).join(', ')}
     FROM fresh QUALIFY row_number() OVER (PARTITION BY ${key} ORDER BY ${wm} DESC, _file DESC, _row DESC) = 1`,
  );
  step();
  const lakeDir = join(outDir, 'lake');
  await mkdir(lakeDir, { recursive: true });
  await db.run(
    `COPY (SELECT * FROM loaded ORDER BY ${key}) TO ${literal(lakeDir)}
     (FORMAT parquet, COMPRESSION zstd, FILE_SIZE_BYTES '${PART_SIZE}', FILENAME_PATTERN 'part-{i}', OVERWRITE true)`,
  );
  let lakeFiles = (await readdir(lakeDir)).filter((f) => /^part-\d+\.parquet$/.test(f)).sort(byPartNumber);
  if (lakeFiles.length === 0) {
    // No row survived: still publish one empty part, so the partition exists with its schema.
    await db.run(`COPY (SELECT * FROM loaded) TO ${literal(join(lakeDir, 'part-0.parquet'))} (FORMAT parquet)`);
    lakeFiles = ['part-0.parquet'];
  }
  lakeFiles = lakeFiles.map((f) => join(lakeDir, f));

  const counts = await db.one(
    `SELECT
       (SELECT count(*) FROM raw)::BIGINT AS rows_read,
       (SELECT count(*) FROM read_parquet([${lakeFiles.map(literal).join(', ')}]))::BIGINT AS rows_loaded,
       (SELECT count(*) FROM read_parquet(${literal(join(outDir, 'quarantine.parquet'))}))::BIGINT AS rows_quarantined,
       (SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM fresh GROUP BY ${key}))::BIGINT AS duplicates,
       (SELECT count(*) FROM checked WHERE _ok AND (${late}))::BIGINT AS late,
       (SELECT max(${wm})::VARCHAR FROM loaded) AS watermark`,
  );
  const rowCounts: RowCounts = {
    rowsRead: toCount(counts['rows_read']),
    rowsLoaded: toCount(counts['rows_loaded']),
    rowsQuarantined: toCount(counts['rows_quarantined']),
    duplicatesDropped: toCount(counts['duplicates']),
    lateRowsDropped: toCount(counts['late']),
  };
  assertRowInvariant(source.name, rowCounts);
  const newest = counts['watermark'];
  return {
    counts: rowCounts,
    rowsPerFile,
    watermark: typeof newest === 'string' ? newest : input.previousWatermark,
    lakeFiles,
    quarantineFile: join(outDir, 'quarantine.parquet'),
  };
}

/**
 * `checked`: the typed row (TRY_CAST of each column), `_errors` (every problem of the row: column, raw value,
 * what is wrong) and `_ok`. Blank text is NULL for non-text types; a NULL key or watermark is an error, since
 * such a row can be neither deduplicated nor ordered.
 */
function checkedSql(source: Source): string {
  const valueOf = (c: Column): string => (c.type === 'VARCHAR' ? ident(c.name) : `nullif(trim(${ident(c.name)}), '')`);
  const problem = (column: string, value: string, text: string): string =>
    `{'column': ${literal(column)}, 'value': ${value}, 'problem': ${literal(text)}}`;
  const castErrors = source.columns.map(
    (c) =>
      `CASE WHEN ${valueOf(c)} IS NOT NULL AND TRY_CAST(${valueOf(c)} AS ${c.type}) IS NULL
            THEN ${problem(c.name, `left(${ident(c.name)}, ${MAX_VALUE_CHARS})`, `not a valid ${c.type}`)} END`,
  );
  const required = [...new Set([...source.primaryKey, source.watermark])].map((name) => {
    const c = source.columns.find((col) => col.name === name)!;
    const role = source.primaryKey.includes(name) ? 'primary key' : 'watermark';
    return `CASE WHEN ${valueOf(c)} IS NULL THEN ${problem(name, 'NULL::VARCHAR', `${role} column is empty`)} END`;
  });
  const rawJson = `to_json({${source.columns.map((c) => `${literal(c.name)}: ${ident(c.name)}`).join(', ')}})::VARCHAR`;
  return `CREATE OR REPLACE TEMP TABLE checked AS
    SELECT *, len(_errors) = 0 AS _ok FROM (
      SELECT _file, _row,
        ${source.columns.map((c) => `TRY_CAST(${valueOf(c)} AS ${c.type}) AS ${ident(c.name)}`).join(',\n        ')},
        CASE WHEN _error IS NOT NULL
             THEN [{'column': NULL::VARCHAR, 'value': left(_line, ${MAX_VALUE_CHARS}), 'problem': _error}]
             ELSE list_filter([${[...castErrors, ...required].join(',\n               ')}], x -> x IS NOT NULL)
        END AS _errors,
        CASE WHEN _error IS NOT NULL THEN left(_line, ${MAX_VALUE_CHARS}) ELSE ${rawJson} END AS _raw
      FROM raw)`;
}

/**
 * One row per rejected row: where it came from (file, row), the first problem (column, value) and all of them
 * (reason as text, errors as a list), and the raw row (the line, or a JSON object of the raw values).
 */
async function writeQuarantine(db: Db, input: TransformInput, path: string): Promise<void> {
  const reason = `array_to_string(list_transform(_errors, e -> coalesce(e.column || ' = ' ||
      coalesce('''' || e.value || '''', 'NULL') || ': ', '') || e.problem), '; ')`;
  await db.run(
    `COPY (
       SELECT ${literal(input.source.name)} AS source, DATE ${literal(input.runDate)} AS run_date,
              _file AS file, _row AS "row", _errors[1].column AS "column", _errors[1].value AS value,
              ${reason} AS reason, _errors AS errors, _raw AS raw
       FROM checked WHERE NOT _ok ORDER BY _file, _row
     ) TO ${literal(path)} (FORMAT parquet, COMPRESSION zstd)`,
  );
}

function byPartNumber(a: string, b: string): number {
  return Number(/\d+/.exec(a)?.[0]) - Number(/\d+/.exec(b)?.[0]);
}
