/**
 * MANIFEST / ATHENA_DATA: an Athena UNLOAD manifest is a text file listing one `s3://bucket/key` data file per
 * line; every file is read with the InputType (CSV, JSONL or PARQUET). UNLOAD writes CSV without a header, so
 * CSV files here take CSVHeaders (GIVEN) or use their first row as AWS does for CSV.
 */
import type { ObjectStore } from '../objects';
import { fileItems } from './file-items';
import type { ObjectSource } from './object-text';
import { objectText } from './object-text';
import type { ReadItem } from './read-item';
import { itemSource } from './read-item';
import type { FileFormat } from './reader-config';
import { failureIn } from './reader-failure';
import { textLines } from './text-lines';

const MAX_LINE = 64 * 1024;

export async function* athenaItems(
  store: ObjectStore,
  manifest: ObjectSource,
  format: FileFormat,
): AsyncGenerator<ReadItem> {
  const ref: ObjectSource = { ...manifest, role: 'manifest' };
  const source = itemSource(manifest.bucket, manifest.key);
  for await (const { text, line } of textLines(objectText(store, ref), ref, MAX_LINE)) {
    const uri = text.trim().replace(/^"(.*)"$/, '$1');
    if (uri === '') continue;
    const match = /^s3:\/\/([^/]+)\/(.+)$/i.exec(uri);
    if (match === null) throw failureIn(ref, `Not an S3 URI: '${uri}'`, `line ${line}`);
    yield* fileItems(store, { bucket: match[1]!, key: match[2]!, role: 'data file' }, format, source);
  }
}
