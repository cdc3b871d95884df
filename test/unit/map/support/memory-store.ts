/** An ObjectStore in memory, for unit tests and the read benchmark: S3 semantics, no network. */
import { createHash } from 'node:crypto';
import type { ListedObject, ObjectStore, ObjectUpload } from '../../../../src/map/objects';
import { ObjectNotFound } from '../../../../src/map/objects';

interface Stored {
  body: Buffer;
  etag: string;
  lastModified: Date;
}

export interface MemoryStoreOptions {
  /** Bytes per chunk handed out by get(), so readers see objects arrive in pieces. @default 64 KiB */
  chunkSize?: number;
  /** Keys per list() page, as S3's MaxKeys. @default 1000 */
  pageSize?: number;
}

export class MemoryStore implements ObjectStore {
  readonly buckets = new Map<string, Map<string, Stored>>();
  /** Every get() call, in order: lets tests assert what was (not) read. */
  readonly reads: string[] = [];
  private readonly chunkSize: number;
  private readonly pageSize: number;

  constructor(options: MemoryStoreOptions = {}) {
    this.chunkSize = options.chunkSize ?? 64 * 1024;
    this.pageSize = options.pageSize ?? 1000;
  }

  createBucket(bucket: string): this {
    if (!this.buckets.has(bucket)) this.buckets.set(bucket, new Map());
    return this;
  }

  /** Synchronous put for test setup. */
  set(bucket: string, key: string, body: string | Buffer, lastModified = new Date('2024-01-02T03:04:05.000Z')): void {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    this.createBucket(bucket);
    const etag = `"${createHash('md5').update(bytes).digest('hex')}"`;
    this.buckets.get(bucket)!.set(key, { body: bytes, etag, lastModified });
  }

  body(bucket: string, key: string): Buffer | undefined {
    return this.buckets.get(bucket)?.get(key)?.body;
  }

  text(bucket: string, key: string): string {
    const body = this.body(bucket, key);
    if (body === undefined) throw new Error(`no object s3://${bucket}/${key}`);
    return body.toString('utf8');
  }

  keys(bucket: string): string[] {
    return [...(this.buckets.get(bucket)?.keys() ?? [])].sort();
  }

  get(bucket: string, key: string): Promise<AsyncIterable<Buffer>> {
    this.reads.push(`${bucket}/${key}`);
    const objects = this.buckets.get(bucket);
    if (objects === undefined) return Promise.reject(new ObjectNotFound(bucket, key, 'NoSuchBucket'));
    const stored = objects.get(key);
    if (stored === undefined) return Promise.reject(new ObjectNotFound(bucket, key));
    return Promise.resolve(chunks(stored.body, this.chunkSize));
  }

  list(
    bucket: string,
    prefix: string,
    continuationToken?: string,
  ): Promise<{ objects: ListedObject[]; nextContinuationToken?: string }> {
    const objects = this.buckets.get(bucket);
    if (objects === undefined) return Promise.reject(new ObjectNotFound(bucket, prefix, 'NoSuchBucket'));
    const keys = [...objects.keys()].filter((k) => k.startsWith(prefix)).sort();
    const start = continuationToken === undefined ? 0 : keys.findIndex((k) => k > continuationToken);
    const page = start < 0 ? [] : keys.slice(start, start + this.pageSize);
    const listed = page.map((key): ListedObject => {
      const stored = objects.get(key)!;
      return {
        Key: key,
        Size: stored.body.length,
        ETag: stored.etag,
        LastModified: stored.lastModified,
        StorageClass: 'STANDARD',
      };
    });
    const last = page[page.length - 1];
    const more = start >= 0 && start + this.pageSize < keys.length && last !== undefined;
    return Promise.resolve(more ? { objects: listed, nextContinuationToken: last } : { objects: listed });
  }

  put(bucket: string, key: string, body: string | Buffer): Promise<{ etag: string }> {
    if (!this.buckets.has(bucket)) return Promise.reject(new ObjectNotFound(bucket, key, 'NoSuchBucket'));
    this.set(bucket, key, body, new Date());
    return Promise.resolve({ etag: this.buckets.get(bucket)!.get(key)!.etag });
  }

  upload(bucket: string, key: string): ObjectUpload {
    const parts: Buffer[] = [];
    let size = 0;
    return {
      write: (chunk) => {
        const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
        parts.push(bytes);
        size += bytes.length;
        return Promise.resolve();
      },
      complete: async () => {
        const { etag } = await this.put(bucket, key, Buffer.concat(parts));
        return { etag, size };
      },
      abort: () => Promise.resolve(),
    };
  }
}

// eslint-disable-next-line @typescript-eslint/require-await
async function* chunks(body: Buffer, size: number): AsyncIterable<Buffer> {
  for (let i = 0; i < body.length; i += size) yield body.subarray(i, i + size);
}

/** A store holding the one object `s3://b/<key>`, handed out in `chunkSize` pieces. */
export function oneObjectStore(key: string, body: string | Buffer, chunkSize?: number): MemoryStore {
  const store = new MemoryStore(chunkSize === undefined ? {} : { chunkSize });
  store.set('b', key, body);
  return store;
}
