/**
 * The little of S3 the ETL needs — list, download to a file, upload a file, small JSON objects, delete — behind an
 * interface, so the transform never sees the SDK. Files are streamed both ways: memory stays flat whatever the
 * feed's size.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { awsClientConfig, type Env } from '../common/src';

export interface ObjectInfo {
  readonly key: string;
  readonly size: number;
}

export interface ObjectStore {
  /** Every object under `prefix`, in key order. */
  list(bucket: string, prefix: string): Promise<ObjectInfo[]>;
  /** Streams the object to `path`; resolves with its size in bytes. */
  download(bucket: string, key: string, path: string): Promise<number>;
  upload(path: string, bucket: string, key: string, contentType: string): Promise<void>;
  /** The object's text, or undefined when there is no such object. */
  getText(bucket: string, key: string): Promise<string | undefined>;
  putText(bucket: string, key: string, body: string, contentType: string): Promise<void>;
  delete(bucket: string, keys: readonly string[]): Promise<void>;
}

/** Safety bound on one listing: a pattern matching more than this is a mistake, not a night's feed. */
const MAX_LISTED = 100_000;
/** DeleteObjects takes at most 1000 keys per call. */
const DELETE_BATCH = 1000;

export class S3ObjectStore implements ObjectStore {
  constructor(readonly client: S3Client = new S3Client(awsClientConfig(process.env, 'S3'))) {}

  static fromEnv(env: Env = process.env): S3ObjectStore {
    return new S3ObjectStore(new S3Client(awsClientConfig(env, 'S3')));
  }

  async list(bucket: string, prefix: string): Promise<ObjectInfo[]> {
    const out: ObjectInfo[] = [];
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ...(token ? { ContinuationToken: token } : {}) }),
      );
      for (const o of page.Contents ?? []) if (o.Key !== undefined) out.push({ key: o.Key, size: o.Size ?? 0 });
      if (out.length > MAX_LISTED) throw new Error(`s3://${bucket}/${prefix} lists more than ${MAX_LISTED} objects`);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async download(bucket: string, key: string, path: string): Promise<number> {
    const out = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (!(out.Body instanceof Readable)) throw new Error(`s3://${bucket}/${key}: the response has no body stream`);
    await pipeline(out.Body, createWriteStream(path));
    return (await stat(path)).size;
  }

  async upload(path: string, bucket: string, key: string, contentType: string): Promise<void> {
    // PutObject takes up to 5 GiB; lake parts are cut at 256 MB and the warehouse file is the one to watch.
    const { size } = await stat(path);
    await this.client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        Body: createReadStream(path),
        ContentLength: size,
        ContentType: contentType,
      }),
    );
  }

  async getText(bucket: string, key: string): Promise<string | undefined> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return out.Body ? await out.Body.transformToString('utf8') : '';
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async putText(bucket: string, key: string, body: string, contentType: string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
  }

  async delete(bucket: string, keys: readonly string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += DELETE_BATCH) {
      const batch = keys.slice(i, i + DELETE_BATCH);
      const out = await this.client.send(
        new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }),
      );
      const failed = out.Errors ?? [];
      if (failed.length > 0) {
        throw new Error(
          `deleting from s3://${bucket} failed for ${failed.map((e) => `${e.Key}: ${e.Code}`).join(', ')}`,
        );
      }
    }
  }

  destroy(): void {
    this.client.destroy();
  }
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
}

/** Runs `work` over `items`, at most `limit` at a time, keeping the input order in the result. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
