/**
 * Quoting for the SQL this task builds. Column and source names are checked against IDENTIFIER when the sources
 * file is read, types against the type grammar; quoting is still applied everywhere, so a name is never SQL.
 */

/** Lower-case identifiers only: they become table, column, S3 key and JSON path segments unchanged. */
export const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** The DuckDB types a schema may use; parameters (DECIMAL(p,s)) are checked for range in `parseColumnType`. */
const SIMPLE_TYPES = new Set([
  'BOOLEAN',
  'TINYINT',
  'SMALLINT',
  'INTEGER',
  'BIGINT',
  'HUGEINT',
  'UTINYINT',
  'USMALLINT',
  'UINTEGER',
  'UBIGINT',
  'FLOAT',
  'DOUBLE',
  'VARCHAR',
  'DATE',
  'TIME',
  'TIMESTAMP',
  'TIMESTAMPTZ',
  'UUID',
  'INTERVAL',
  'BLOB',
]);

/** The canonical spelling of a schema type, or undefined when it is not one this task supports. */
export function parseColumnType(text: string): string | undefined {
  const upper = text.trim().toUpperCase();
  if (SIMPLE_TYPES.has(upper)) return upper;
  const decimal = /^DECIMAL\(\s*(\d{1,2})\s*,\s*(\d{1,2})\s*\)$/.exec(upper);
  if (!decimal) return undefined;
  const precision = Number(decimal[1]);
  const scale = Number(decimal[2]);
  return precision >= 1 && precision <= 38 && scale <= precision ? `DECIMAL(${precision},${scale})` : undefined;
}

export function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
