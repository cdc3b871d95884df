/**
 * Stage: every local file of a source → the `raw` table, one VARCHAR per schema column plus where the row came
 * from (`_file`, `_row`) and, for a row that could not even be parsed, why (`_error`) and its text (`_line`).
 * Columns are matched by name (case-insensitive), so reordered and extra columns load; a rename from the
 * sources file maps an old name; a schema column missing from a file's header fails the job (BadInput) rather
 * than loading a column of NULLs.
 */
import type { Db } from './duckdb';
import { BadInputError } from './errors';
import type { Source } from './sources';
import { ident, literal } from './sql';

export interface LocalFile {
  /** Where the file is on disk. */
  readonly path: string;
  /** What messages and the quarantine call it: its s3:// URI. */
  readonly name: string;
}

/** The staging table every format lands in. */
export async function createRawTable(db: Db, source: Source): Promise<void> {
  const columns = source.columns.map((c) => `${ident(c.name)} VARCHAR`).join(', ');
  await db.run(
    `CREATE OR REPLACE TEMP TABLE raw (_file VARCHAR, _row BIGINT, _error VARCHAR, _line VARCHAR, ${columns})`,
  );
}

/** Appends one file to `raw`; resolves with the number of rows it added (parsed and malformed). */
export async function stageFile(db: Db, source: Source, file: LocalFile): Promise<number> {
  const before = await countRaw(db);
  try {
    if (source.format === 'csv') await stageCsv(db, source, file);
    else if (source.format === 'jsonl') await stageJsonl(db, source, file);
    else await stageParquet(db, source, file);
  } catch (error) {
    if (error instanceof BadInputError) throw error;
    throw new BadInputError(`source ${source.name}: cannot read ${file.name}: ${firstLine(error)}`);
  }
  return (await countRaw(db)) - before;
}

/**
 * CSV through DuckDB's reader with `store_rejects`: a row with too many or too few fields lands in a rejects table
 * with its line and the parser's message instead of failing the file, and is staged with `_error` set. DuckDB
 * numbers only the rows it accepted, so each accepted row's position in the file is rebuilt from the rejected
 * lines before it (exact unless a quoted field spans lines).
 */
async function stageCsv(db: Db, source: Source, file: LocalFile): Promise<void> {
  await db.run('DROP TABLE IF EXISTS etl_rejects; DROP TABLE IF EXISTS etl_reject_scans');
  await db.run(
    `CREATE OR REPLACE TEMP TABLE file_rows AS SELECT * FROM read_csv(${literal(file.path)}, header = true,
       delim = ${literal(source.delimiter)}, quote = '"', escape = '"', all_varchar = true, store_rejects = true,
       rejects_table = 'etl_rejects', rejects_scan = 'etl_reject_scans')`,
  );
  const projection = await project(db, source, file, 'file_rows');
  // One row per rejected line (DuckDB may report a line more than once); j numbers them in file order.
  await db.run(
    `CREATE OR REPLACE TEMP TABLE file_rejects AS
     SELECT row_number() OVER (ORDER BY line) AS j, line - 1 AS data_row, problem, csv_line FROM (
       SELECT line, min(error_type || ': ' || error_message) AS problem, min(csv_line) AS csv_line
       FROM etl_rejects GROUP BY line)`,
  );
  // Accepted row k sits after rejected row j exactly when fewer than k accepted rows precede j (data_row - j).
  await db.run(
    `INSERT INTO raw BY NAME
     SELECT ${literal(file.name)} AS _file, g.__etl_k + coalesce(r.j, 0) AS _row, ${projection}
     FROM (SELECT rowid + 1 AS __etl_k, * FROM file_rows) g
     ASOF LEFT JOIN (SELECT data_row - j AS good_before, max(j) AS j FROM file_rejects GROUP BY ALL) r
       ON g.__etl_k > r.good_before`,
  );
  await db.run(
    `INSERT INTO raw (_file, _row, _error, _line)
     SELECT ${literal(file.name)}, data_row, 'malformed CSV row: ' || problem, csv_line FROM file_rejects`,
  );
}

/**
 * JSON Lines are read as text lines (a delimiter that valid JSON cannot contain unescaped), so one malformed line
 * is one quarantined row with its line number instead of a failed file; values are pulled by key, so key order
 * and extra keys do not matter.
 */
async function stageJsonl(db: Db, source: Source, file: LocalFile): Promise<void> {
  await db.run(
    `CREATE OR REPLACE TEMP TABLE file_lines AS SELECT line FROM read_csv(${literal(file.path)},
       columns = {'line': 'VARCHAR'}, header = false, delim = E'\\x1f', quote = '', escape = '',
       auto_detect = false, strict_mode = false)`,
  );
  // Invalid JSON becomes a NULL document before any json_* function sees it: DuckDB evaluates CASE branches
  // eagerly enough that a guard alone does not stop json_type() from raising on the bad line.
  const values = source.columns.map((c) => {
    const names = [c.name, ...[...source.renames].filter(([, to]) => to === c.name).map(([from]) => from)];
    const extract = names.map((n) => `json_extract_string(obj, ${literal(`$."${n}"`)})`);
    return `${extract.length === 1 ? extract[0]! : `coalesce(${extract.join(', ')})`} AS ${ident(c.name)}`;
  });
  await db.run(
    `INSERT INTO raw BY NAME
     SELECT ${literal(file.name)} AS _file, _row,
       CASE WHEN doc IS NULL THEN 'malformed JSON line' WHEN obj IS NULL THEN 'JSON line is not an object' END AS _error,
       CASE WHEN obj IS NULL THEN line END AS _line,
       ${values.join(',\n       ')}
     FROM (
       SELECT *, CASE WHEN json_type(doc) = 'OBJECT' THEN doc END AS obj FROM (
         SELECT rowid + 1 AS _row, line, CASE WHEN json_valid(line) THEN line END AS doc FROM file_lines)
       WHERE line IS NOT NULL AND trim(line) <> '')`,
  );
}

/** Parquet is typed already; values are staged as text so every format goes through the same TRY_CAST. */
async function stageParquet(db: Db, source: Source, file: LocalFile): Promise<void> {
  await db.run(`CREATE OR REPLACE TEMP VIEW file_rows AS SELECT * FROM read_parquet(${literal(file.path)})`);
  const projection = await project(db, source, file, 'file_rows', (e) => `CAST(${e} AS VARCHAR)`);
  await db.run(
    `INSERT INTO raw BY NAME
     SELECT ${literal(file.name)} AS _file, file_row_number + 1 AS _row, ${projection}
     FROM read_parquet(${literal(file.path)}, file_row_number = true)`,
  );
}

/**
 * `expr AS "column"` for each schema column, from the file's own column names. Throws BadInput naming the file,
 * the missing columns and the ones the file has — the message an owner needs to fix the feed or the mapping.
 */
async function project(
  db: Db,
  source: Source,
  file: LocalFile,
  relation: string,
  wrap: (expr: string) => string = (e) => e,
): Promise<string> {
  const described = await db.all(`SELECT column_name FROM (DESCRIBE ${relation})`);
  const available = new Map<string, string>();
  for (const row of described) {
    const name = String(row['column_name']);
    available.set(name.trim().toLowerCase(), name);
  }
  const missing: string[] = [];
  const exprs = source.columns.map((c) => {
    const candidates = [c.name, ...[...source.renames].filter(([, to]) => to === c.name).map(([from]) => from)]
      .map((n) => available.get(n))
      .filter((n): n is string => n !== undefined);
    if (candidates.length === 0) missing.push(c.name);
    const parts = candidates.map((n) => wrap(ident(n)));
    return `${parts.length === 1 ? parts[0]! : `coalesce(${parts.join(', ')})`} AS ${ident(c.name)}`;
  });
  if (missing.length > 0) {
    throw new BadInputError(
      `source ${source.name}: ${file.name} lacks column(s) ${missing.join(', ')} ` +
        `(it has: ${[...available.values()].join(', ').slice(0, 500)}); add a rename to the sources file if the feed renamed it`,
    );
  }
  return exprs.join(', ');
}

async function countRaw(db: Db): Promise<number> {
  return Number((await db.one('SELECT count(*)::BIGINT AS n FROM raw'))['n']);
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 1000);
}
