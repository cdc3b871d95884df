/**
 * CSV rows → items: an object keyed by the header, every value a string. A short row is padded with "",
 * extra fields are dropped (example-csv-parse-dist-map).
 */
import type { JsonObject } from '../../engine';
import type { CsvOptions } from './reader-config';
import { csvRecords } from './csv-parser';
import type { ObjectRef } from './reader-failure';
import { failureIn, itemReaderFailed } from './reader-failure';

export async function* csvItems(
  text: AsyncIterable<string>,
  options: CsvOptions,
  ref: ObjectRef,
): AsyncGenerator<JsonObject> {
  let headers = options.headers;
  for await (const record of csvRecords(text, options.delimiter, ref)) {
    if (headers === undefined) {
      headers = record.fields;
      // AWS documents the duplicate check for GIVEN headers; a first row with duplicates would lose columns.
      if (new Set(headers).size !== headers.length) throw itemReaderFailed('CSV headers cannot contain duplicates.');
      continue;
    }
    yield rowObject(headers, record.fields);
  }
  if (headers === undefined) throw failureIn(ref, 'The CSV file has no header row');
}

/** One row as an object; `__proto__` as a header is a key like any other. */
export function rowObject(headers: readonly string[], fields: readonly string[]): JsonObject {
  const row: JsonObject = {};
  for (let i = 0; i < headers.length; i++) {
    const header = headers[i]!;
    const value = fields[i] ?? '';
    if (header === '__proto__')
      Object.defineProperty(row, header, { value, enumerable: true, writable: true, configurable: true });
    else row[header] = value;
  }
  return row;
}
