/**
 * MANIFEST / S3_INVENTORY: the manifest.json of an S3 Inventory report lists gzip CSV data files without a
 * header row; their columns are the manifest's `fileSchema`, every value a string. Files are read one after
 * the other, row by row, so the inventory's size does not matter.
 *
 * Inventory CSV URL-encodes object keys (form encoding: a space is `+`). The item's `Key` is decoded, because
 * what a child does with it is call GetObject, which needs the real key (docs/map.md). Other columns are kept
 * as written.
 */
import type { JsonObject } from '../../engine';
import type { ObjectStore } from '../objects';
import { csvRecords } from './csv-parser';
import type { ObjectSource } from './object-text';
import { objectText, smallObjectText } from './object-text';
import type { ReadItem } from './read-item';
import { itemSource } from './read-item';
import type { CsvOptions } from './reader-config';
import type { ObjectRef } from './reader-failure';
import { failureIn } from './reader-failure';

const MAX_MANIFEST_CHARS = 64 * 1024 * 1024;

export interface InventoryManifest {
  columns: string[];
  files: { key: string; md5?: string }[];
}

export async function* inventoryItems(
  store: ObjectStore,
  manifest: ObjectSource,
  csv: CsvOptions,
): AsyncGenerator<ReadItem> {
  const { columns: schema, files } = await readInventoryManifest(store, manifest);
  const columns = csv.headers ?? schema;
  const keyColumn = columns.indexOf('Key');
  const source = itemSource(manifest.bucket, manifest.key);
  for (const file of files) {
    // Data files live beside the manifest, in the destination bucket.
    const data: ObjectSource = {
      bucket: manifest.bucket,
      key: file.key,
      role: 'inventory data file',
      ...(file.md5 === undefined ? {} : { md5: file.md5 }),
    };
    for await (const record of csvRecords(objectText(store, data), csv.delimiter, data)) {
      const { fields } = record;
      if (fields.length !== columns.length) {
        throw failureIn(
          data,
          `Invalid inventory row: it has ${fields.length} fields, the manifest's fileSchema has ${columns.length}`,
          `line ${record.line}`,
        );
      }
      const row: JsonObject = {};
      for (let i = 0; i < columns.length; i++) {
        const value = fields[i]!;
        row[columns[i]!] = i === keyColumn ? decodeKey(value, data, record.line) : value;
      }
      yield { value: row, source };
    }
  }
}

export async function readInventoryManifest(store: ObjectStore, manifest: ObjectSource): Promise<InventoryManifest> {
  const ref: ObjectSource = { ...manifest, role: 'manifest' };
  const text = await smallObjectText(store, ref, MAX_MANIFEST_CHARS);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw failureIn(ref, `The manifest is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw failureIn(ref, 'The manifest is not a JSON object');
  }
  const { fileFormat, fileSchema, files } = parsed as { fileFormat?: unknown; fileSchema?: unknown; files?: unknown };
  if (typeof fileFormat !== 'string' || fileFormat.toUpperCase() !== 'CSV') {
    throw failureIn(
      ref,
      `Only CSV inventories can be read; the manifest's fileFormat is ${JSON.stringify(fileFormat) ?? 'missing'}`,
    );
  }
  if (typeof fileSchema !== 'string' || fileSchema.trim() === '') {
    throw failureIn(ref, 'The manifest has no fileSchema');
  }
  if (!Array.isArray(files)) throw failureIn(ref, 'The manifest has no files list');
  return {
    columns: fileSchema.split(',').map((c) => c.trim()),
    files: files.map((entry: unknown, i) => {
      const { key, MD5checksum } = (entry ?? {}) as { key?: unknown; MD5checksum?: unknown };
      if (typeof key !== 'string' || key === '') throw failureIn(ref, `files[${i}] of the manifest has no key`);
      return typeof MD5checksum === 'string' && MD5checksum !== '' ? { key, md5: MD5checksum } : { key };
    }),
  };
}

/** Form URL decoding, as S3 encodes keys in inventory CSV. */
export function decodeKey(raw: string, ref: ObjectRef, line: number): string {
  if (!raw.includes('%') && !raw.includes('+')) return raw;
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    throw failureIn(ref, `Invalid inventory row: the key '${raw}' is not valid URL encoding`, `line ${line}`);
  }
}
