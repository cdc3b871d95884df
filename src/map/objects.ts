/**
 * S3 as the Distributed Map sees it: stream an object, list a prefix, write an object. The readers, the
 * ResultWriter and the inventory writer depend on this interface only, so unit tests run on an in-memory store
 * and the product runs on @aws-sdk/client-s3 against AWS or the local endpoint.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';

export interface ListedObject {
  Key: string;
  Size: number;
  ETag: string;
  LastModified: Date;
  StorageClass: string;
}

/** A streaming write: parts go out as they fill, so memory holds at most one part, never the whole object. */
export interface ObjectUpload {
  write(chunk: string | Buffer): Promise<void>;
  /** Finishes the object; nothing is visible under the key before this resolves. */
  complete(): Promise<{ etag: string; size: number }>;
  abort(): Promise<void>;
}

export interface ObjectStore {
  /** Streams the object's bytes; rejects with ObjectNotFound (NoSuchKey / NoSuchBucket) naming bucket and key. */
  get(bucket: string, key: string, options?: { versionId?: string }): Promise<AsyncIterable<Buffer>>;
  list(
    bucket: string,
    prefix: string,
    continuationToken?: string,
  ): Promise<{ objects: ListedObject[]; nextContinuationToken?: string }>;
  put(bucket: string, key: string, body: string | Buffer): Promise<{ etag: string }>;
  /** Starts a streaming upload of an object whose size is not known in advance (result and inventory files). */
  upload(bucket: string, key: string): ObjectUpload;
}

export class ObjectNotFound extends Error {
  constructor(
    readonly bucket: string,
    readonly key: string,
    /** NoSuchKey or NoSuchBucket, as S3 says. */
    readonly code: string = 'NoSuchKey',
  ) {
    super(code === 'NoSuchBucket' ? `The bucket ${bucket} does not exist` : `s3://${bucket}/${key} does not exist`);
    this.name = 'ObjectNotFound';
  }
}

export function isObjectNotFound(e: unknown): e is ObjectNotFound {
  return e instanceof ObjectNotFound;
}

export interface S3ObjectStoreOptions {
  /**
   * Bytes per multipart part. S3 needs at least 5 MiB for every part but the last; an upload that ends below
   * one part goes up as a single PutObject.
   * @default 8 MiB
   */
  partSize?: number;
}

const DEFAULT_PART_SIZE = 8 * 1024 * 1024;
const MIN_PART_SIZE = 5 * 1024 * 1024;

export function s3ObjectStore(client: S3Client, options: S3ObjectStoreOptions = {}): ObjectStore {
  const partSize = Math.max(options.partSize ?? DEFAULT_PART_SIZE, MIN_PART_SIZE);
  const put = async (bucket: string, key: string, body: string | Buffer): Promise<{ etag: string }> => {
    const out = await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    return { etag: out.ETag ?? '' };
  };
  return {
    async get(bucket, key, getOptions = {}) {
      try {
        const out = await client.send(
          new GetObjectCommand({
            Bucket: bucket,
            Key: key,
            ...(getOptions.versionId === undefined ? {} : { VersionId: getOptions.versionId }),
          }),
        );
        if (out.Body === undefined) return emptyBody();
        // In Node the SDK's body is a Readable, which is an AsyncIterable<Buffer>.
        return out.Body as unknown as AsyncIterable<Buffer>;
      } catch (error) {
        const code = s3ErrorCode(error);
        if (code === 'NoSuchKey' || code === 'NoSuchBucket' || code === 'NotFound') {
          throw new ObjectNotFound(bucket, key, code === 'NoSuchBucket' ? 'NoSuchBucket' : 'NoSuchKey');
        }
        throw error;
      }
    },
    async list(bucket, prefix, continuationToken) {
      let out;
      try {
        out = await client.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: prefix,
            ...(continuationToken === undefined ? {} : { ContinuationToken: continuationToken }),
          }),
        );
      } catch (error) {
        if (s3ErrorCode(error) === 'NoSuchBucket') throw new ObjectNotFound(bucket, prefix, 'NoSuchBucket');
        throw error;
      }
      const objects = (out.Contents ?? []).map((o): ListedObject => ({
        Key: o.Key ?? '',
        Size: o.Size ?? 0,
        ETag: o.ETag ?? '',
        LastModified: o.LastModified ?? new Date(0),
        StorageClass: o.StorageClass ?? 'STANDARD',
      }));
      return out.IsTruncated === true && out.NextContinuationToken !== undefined
        ? { objects, nextContinuationToken: out.NextContinuationToken }
        : { objects };
    },
    put,
    upload(bucket, key) {
      return new MultipartUpload(client, bucket, key, partSize, put);
    },
  };
}

/** Buffers one part; switches to a multipart upload only when the object outgrows it. */
class MultipartUpload implements ObjectUpload {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private size = 0;
  private uploadId: string | undefined;
  private readonly parts: { ETag: string; PartNumber: number }[] = [];

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly key: string,
    private readonly partSize: number,
    private readonly put: (bucket: string, key: string, body: Buffer) => Promise<{ etag: string }>,
  ) {}

  async write(chunk: string | Buffer): Promise<void> {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    this.size += bytes.length;
    if (this.pendingBytes >= this.partSize) await this.flushPart();
  }

  async complete(): Promise<{ etag: string; size: number }> {
    if (this.uploadId === undefined) {
      const { etag } = await this.put(this.bucket, this.key, Buffer.concat(this.pending));
      this.pending = [];
      return { etag, size: this.size };
    }
    if (this.pendingBytes > 0) await this.flushPart();
    const out = await this.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.bucket,
        Key: this.key,
        UploadId: this.uploadId,
        MultipartUpload: { Parts: this.parts },
      }),
    );
    return { etag: out.ETag ?? '', size: this.size };
  }

  async abort(): Promise<void> {
    this.pending = [];
    if (this.uploadId === undefined) return;
    await this.client.send(
      new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: this.key, UploadId: this.uploadId }),
    );
  }

  private async flushPart(): Promise<void> {
    if (this.uploadId === undefined) {
      const created = await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: this.key }));
      if (created.UploadId === undefined)
        throw new Error(`S3 returned no UploadId for s3://${this.bucket}/${this.key}`);
      this.uploadId = created.UploadId;
    }
    const body = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    const partNumber = this.parts.length + 1;
    const out = await this.client.send(
      new UploadPartCommand({
        Bucket: this.bucket,
        Key: this.key,
        UploadId: this.uploadId,
        PartNumber: partNumber,
        Body: body,
      }),
    );
    this.parts.push({ ETag: out.ETag ?? '', PartNumber: partNumber });
  }
}

function s3ErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { name, Code } = error as { name?: unknown; Code?: unknown };
  if (typeof Code === 'string') return Code;
  return typeof name === 'string' ? name : undefined;
}

async function* emptyBody(): AsyncIterable<Buffer> {}
