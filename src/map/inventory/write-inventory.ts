/**
 * Writes an S3 Inventory report of a bucket, as S3 would deliver one (CSV format): gzip CSV data files,
 * manifest.json, manifest.checksum and the Hive symlink file. Streaming both ways: the listing is read page by
 * page, rows go through gzip into a multipart upload, and a data file is closed every `rowsPerFile` rows.
 */
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { ListedObject, ObjectStore } from '../objects';
import { INVENTORY_FILE_SCHEMA, inventoryRow } from './inventory-csv';
import type { InventoryDataFile, InventoryManifestJson } from './inventory-layout';
import { checksumKey, dataKey, inventoryLocation, manifestKey, symlinkKey } from './inventory-layout';

export interface InventoryOptions {
  sourceBucket: string;
  /** Only objects under this prefix. @default '' */
  sourcePrefix?: string;
  destinationBucket: string;
  /** @default '' */
  destinationPrefix?: string;
  /** The inventory configuration's id, a folder in the report's path. @default 'fanout' */
  configId?: string;
  /** Rows per gzip data file before a new one starts. @default 1,000,000 */
  rowsPerFile?: number;
  /** The report's time (folder name, creationTimestamp). @default now */
  now?: Date;
  /** Called after each listed page and each data file. */
  onProgress?: (progress: { rows: number; files: number }) => void;
}

export interface InventoryReport {
  bucket: string;
  manifestKey: string;
  rows: number;
  files: InventoryDataFile[];
}

export const DEFAULT_ROWS_PER_FILE = 1_000_000;
/** Rows are handed to gzip in blocks of about this many characters. */
const BLOCK_CHARS = 256 * 1024;

export async function writeInventory(store: ObjectStore, options: InventoryOptions): Promise<InventoryReport> {
  const now = options.now ?? new Date();
  const rowsPerFile = Math.max(1, options.rowsPerFile ?? DEFAULT_ROWS_PER_FILE);
  const location = inventoryLocation(
    options.destinationBucket,
    options.destinationPrefix ?? '',
    options.sourceBucket,
    options.configId ?? 'fanout',
    now,
  );
  const objects = new Lookahead(listAll(store, options.sourceBucket, options.sourcePrefix ?? ''));
  const files: InventoryDataFile[] = [];
  let rows = 0;

  while (await objects.hasNext()) {
    const key = dataKey(location, randomUUID());
    async function* blocks(): AsyncGenerator<string> {
      let block = '';
      for (let n = 0; n < rowsPerFile && (await objects.hasNext()); n++) {
        block += inventoryRow(options.sourceBucket, objects.take());
        rows++;
        if (block.length >= BLOCK_CHARS) {
          yield block;
          block = '';
          options.onProgress?.({ rows, files: files.length });
        }
      }
      if (block.length > 0) yield block;
    }
    files.push(await uploadGzip(store, location.destinationBucket, key, blocks()));
    options.onProgress?.({ rows, files: files.length });
  }

  const manifest: InventoryManifestJson = {
    sourceBucket: options.sourceBucket,
    destinationBucket: `arn:aws:s3:::${location.destinationBucket}`,
    version: '2016-11-30',
    creationTimestamp: String(now.getTime()),
    fileFormat: 'CSV',
    fileSchema: INVENTORY_FILE_SCHEMA,
    files,
  };
  const manifestText = JSON.stringify(manifest);
  const symlinks = files.map((f) => `s3://${location.destinationBucket}/${f.key}\n`).join('');
  await store.put(location.destinationBucket, symlinkKey(location), symlinks);
  await store.put(location.destinationBucket, manifestKey(location), manifestText);
  await store.put(
    location.destinationBucket,
    checksumKey(location),
    createHash('md5').update(manifestText).digest('hex'),
  );
  return { bucket: location.destinationBucket, manifestKey: manifestKey(location), rows, files };
}

async function uploadGzip(
  store: ObjectStore,
  bucket: string,
  key: string,
  blocks: AsyncIterable<string>,
): Promise<InventoryDataFile> {
  const upload = store.upload(bucket, key);
  const md5 = createHash('md5');
  const input = Readable.from(blocks);
  const gzip = createGzip();
  input.on('error', (error) => gzip.destroy(error));
  input.pipe(gzip);
  try {
    for await (const chunk of gzip) {
      md5.update(chunk as Buffer);
      await upload.write(chunk as Buffer);
    }
    const { size } = await upload.complete();
    return { key, size, MD5checksum: md5.digest('hex') };
  } catch (error) {
    await upload.abort().catch(() => undefined);
    throw error;
  } finally {
    input.destroy();
  }
}

async function* listAll(store: ObjectStore, bucket: string, prefix: string): AsyncGenerator<ListedObject> {
  let token: string | undefined;
  do {
    const page = await store.list(bucket, prefix, token);
    yield* page.objects;
    token = page.nextContinuationToken;
  } while (token !== undefined);
}

/** An async iterator one can ask "is there more?" without taking the item: no empty data file at the end. */
class Lookahead<T> {
  private readonly iterator: AsyncIterator<T>;
  private buffered: { value: T } | undefined;
  private done = false;

  constructor(source: AsyncIterable<T>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  async hasNext(): Promise<boolean> {
    if (this.buffered !== undefined) return true;
    if (this.done) return false;
    const next = await this.iterator.next();
    if (next.done === true) {
      this.done = true;
      return false;
    }
    this.buffered = { value: next.value };
    return true;
  }

  take(): T {
    if (this.buffered === undefined) throw new Error('Lookahead.take() without hasNext()');
    const { value } = this.buffered;
    this.buffered = undefined;
    return value;
  }
}
