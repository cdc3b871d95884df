/** One item file read with its InputType: the getObject reader, and each file of LOAD_AND_FLATTEN and ATHENA_DATA. */
import type { ObjectStore } from '../objects';
import { csvItems } from './csv-items';
import { jsonItems } from './json-items';
import { jsonlItems } from './jsonl-items';
import type { ObjectSource } from './object-text';
import { objectBytes, objectText } from './object-text';
import { parquetItems } from './parquet-items';
import type { ReadItem } from './read-item';
import { itemSource } from './read-item';
import type { FileFormat } from './reader-config';

/** `itemFrom` is `$$.Map.Item.Source`: the file itself, or the manifest that listed it. */
export async function* fileItems(
  store: ObjectStore,
  source: ObjectSource,
  format: FileFormat,
  itemFrom = itemSource(source.bucket, source.key),
): AsyncGenerator<ReadItem> {
  switch (format.inputType) {
    case 'CSV':
      for await (const value of csvItems(objectText(store, source), format.csv, source))
        yield { value, source: itemFrom };
      return;
    case 'JSON':
      for await (const { value, key } of jsonItems(objectText(store, source), source, format.itemsPointer)) {
        yield key === undefined ? { value, source: itemFrom } : { value, source: itemFrom, key };
      }
      return;
    case 'JSONL':
      for await (const value of jsonlItems(objectText(store, source), source)) yield { value, source: itemFrom };
      return;
    case 'PARQUET':
      for await (const value of parquetItems(objectBytes(store, source), source)) yield { value, source: itemFrom };
      return;
  }
}
