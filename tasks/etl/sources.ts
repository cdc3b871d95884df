/**
 * The sources file (workflows/etl-sources.json): raw JSON → validated → compiled `Source`s. Every problem is
 * listed with its field path, so a bad edit fails the first job loudly instead of loading wrong data.
 */
import { SourcesFileError } from './errors';
import { IDENTIFIER, parseColumnType } from './sql';

export type SourceFormat = 'csv' | 'jsonl' | 'parquet';
const FORMATS: readonly SourceFormat[] = ['csv', 'jsonl', 'parquet'];

export interface Column {
  readonly name: string;
  /** Canonical DuckDB type, e.g. `DECIMAL(12,2)`. */
  readonly type: string;
}

export interface Source {
  readonly name: string;
  readonly description: string;
  readonly owner: string;
  readonly format: SourceFormat;
  /** `s3://{rawBucket}/<name>/dt={runDate}/*.csv`: `*` and `?` match within one path segment. */
  readonly location: string;
  /** In the order of the lake and warehouse tables. */
  readonly columns: readonly Column[];
  readonly primaryKey: readonly string[];
  /** The column whose maximum is the high-water mark; rows at or below the previous one are late. */
  readonly watermark: string;
  /** Raw column name → schema column, for feeds that renamed a column (both names load). */
  readonly renames: ReadonlyMap<string, string>;
  /** CSV field delimiter. @default ',' */
  readonly delimiter: string;
}

export interface SourcesConfig {
  /** Fills `{rawBucket}` in locations (ETL_RAW_BUCKET overrides it). */
  readonly rawBucket: string;
  /** Holds lake/, quarantine/, metrics/, watermarks/, warehouse/ and reports/ (ETL_LAKE_BUCKET overrides it). */
  readonly lakeBucket: string;
  readonly sources: readonly Source[];
}

export function findSource(config: SourcesConfig, name: string): Source | undefined {
  return config.sources.find((s) => s.name === name);
}

export function parseSourcesFile(text: string, where: string): SourcesConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new SourcesFileError(`${where} is not valid JSON: ${(error as Error).message}`);
  }
  return compileSources(raw, where);
}

export function compileSources(raw: unknown, where: string): SourcesConfig {
  const problems: string[] = [];
  const fail = (path: string, message: string): void => void problems.push(`${path}: ${message}`);
  const top = isObject(raw) ? raw : (fail('(top)', 'must be an object'), {});
  const rawBucket = text(top, 'rawBucket', '', fail) ?? 'fanout-raw';
  const lakeBucket = text(top, 'lakeBucket', '', fail) ?? 'fanout-lake';
  const list = Array.isArray(top['sources'])
    ? (top['sources'] as unknown[])
    : (fail('sources', 'must be an array'), []);
  const sources: Source[] = [];
  const seen = new Set<string>();
  list.forEach((item, i) => {
    const source = compileSource(item, `sources[${i}]`, fail);
    if (!source) return;
    if (seen.has(source.name)) fail(`sources[${i}].name`, `'${source.name}' appears twice`);
    seen.add(source.name);
    sources.push(source);
  });
  if (problems.length > 0) throw new SourcesFileError(`${where} is invalid:\n  ${problems.join('\n  ')}`);
  return { rawBucket, lakeBucket, sources };
}

type Fail = (path: string, message: string) => void;

function compileSource(raw: unknown, path: string, fail: Fail): Source | undefined {
  if (!isObject(raw)) return void fail(path, 'must be an object');
  const name = text(raw, 'name', path, fail);
  if (name === undefined) fail(`${path}.name`, 'is required');
  else if (!IDENTIFIER.test(name)) fail(`${path}.name`, `'${name}' must match ${String(IDENTIFIER)}`);
  const format = raw['format'];
  if (!FORMATS.includes(format as SourceFormat)) fail(`${path}.format`, `must be one of ${FORMATS.join(', ')}`);
  const owner = text(raw, 'owner', path, fail);
  if (owner === undefined) fail(`${path}.owner`, 'is required: who to call when the feed breaks');
  const location = text(raw, 'location', path, fail) ?? '';
  if (!/^s3:\/\/[^/]+\/.+/.test(location)) fail(`${path}.location`, 'must be s3://bucket/key-pattern');
  if (!location.includes('{runDate}')) fail(`${path}.location`, 'must contain {runDate}');

  const columns: Column[] = [];
  if (!isObject(raw['schema']) || Object.keys(raw['schema']).length === 0) {
    fail(`${path}.schema`, 'must be a non-empty object of column → DuckDB type');
  } else {
    for (const [column, type] of Object.entries(raw['schema'])) {
      const canonical = typeof type === 'string' ? parseColumnType(type) : undefined;
      if (!IDENTIFIER.test(column)) fail(`${path}.schema.${column}`, `the name must match ${String(IDENTIFIER)}`);
      else if (canonical === undefined) fail(`${path}.schema.${column}`, `unsupported type ${JSON.stringify(type)}`);
      else columns.push({ name: column, type: canonical });
    }
  }
  const names = new Set(columns.map((c) => c.name));
  const primaryKey = Array.isArray(raw['primaryKey']) ? (raw['primaryKey'] as unknown[]) : [];
  if (primaryKey.length === 0) fail(`${path}.primaryKey`, 'must be a non-empty array of schema columns');
  for (const key of primaryKey) {
    if (typeof key !== 'string' || !names.has(key))
      fail(`${path}.primaryKey`, `${JSON.stringify(key)} is not a schema column`);
  }
  const watermark = text(raw, 'watermark', path, fail);
  if (watermark === undefined || !names.has(watermark)) fail(`${path}.watermark`, 'must name a schema column');

  const renames = new Map<string, string>();
  if (raw['renames'] !== undefined) {
    if (!isObject(raw['renames'])) fail(`${path}.renames`, 'must be an object of raw column → schema column');
    else {
      for (const [from, to] of Object.entries(raw['renames'])) {
        if (!IDENTIFIER.test(from)) fail(`${path}.renames.${from}`, `the raw name must match ${String(IDENTIFIER)}`);
        else if (typeof to !== 'string' || !names.has(to)) fail(`${path}.renames.${from}`, 'must name a schema column');
        else if (names.has(from)) fail(`${path}.renames.${from}`, 'is itself a schema column');
        else renames.set(from, to);
      }
    }
  }
  const delimiter = raw['delimiter'] === undefined ? ',' : raw['delimiter'];
  if (typeof delimiter !== 'string' || delimiter.length !== 1) fail(`${path}.delimiter`, 'must be one character');

  if (name === undefined || watermark === undefined) return undefined;
  return {
    name,
    description: typeof raw['description'] === 'string' ? raw['description'] : '',
    owner: owner ?? '',
    format: format as SourceFormat,
    location,
    columns,
    primaryKey: primaryKey.filter((k): k is string => typeof k === 'string'),
    watermark,
    renames,
    delimiter: typeof delimiter === 'string' ? delimiter : ',',
  };
}

function text(obj: Record<string, unknown>, key: string, path: string, fail: Fail): string | undefined {
  const value = obj[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') {
    fail(path === '' ? key : `${path}.${key}`, 'must be a non-empty string');
    return undefined;
  }
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
