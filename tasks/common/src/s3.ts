/**
 * The S3 a task needs: read inputs (as text, JSON or a stream), write outputs (string, bytes or a stream), and
 * check whether an output already exists — with the expected ETag — so a re-run skips finished work.
 */
import { Readable } from 'node:stream';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { awsClientConfig, type Env } from './aws-config';

export interface S3Location {
  bucket: string;
  key: string;
}

export function parseS3Uri(uri: string): S3Location {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!match) throw new Error(`not an s3://bucket/key URI: '${uri}'`);
  return { bucket: match[1]!, key: match[2]! };
}

export interface ObjectHead {
  etag: string;
  size: number;
}

export class TaskS3 {
  readonly client: S3Client;

  constructor(client?: S3Client, env: Env = process.env) {
    this.client = client ?? new S3Client(awsClientConfig(env, 'S3'));
  }

  async getStream(location: S3Location): Promise<Readable> {
    const out = await this.client.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }));
    if (out.Body instanceof Readable) return out.Body;
    throw new Error(`s3://${location.bucket}/${location.key}: the response has no body stream`);
  }

  async getText(location: S3Location): Promise<string> {
    const out = await this.client.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }));
    if (!out.Body) return '';
    return out.Body.transformToString('utf8');
  }

  async getJson<T = unknown>(location: S3Location): Promise<T> {
    return JSON.parse(await this.getText(location)) as T;
  }

  /** Writes the object; a stream of unknown length needs `contentLength` (or use @aws-sdk/lib-storage). */
  async put(
    location: S3Location,
    body: string | Uint8Array | Readable,
    options: { contentType?: string; contentLength?: number } = {},
  ): Promise<{ etag: string }> {
    const out = await this.client.send(
      new PutObjectCommand({
        Bucket: location.bucket,
        Key: location.key,
        Body: body,
        ...(options.contentType === undefined ? {} : { ContentType: options.contentType }),
        ...(options.contentLength === undefined ? {} : { ContentLength: options.contentLength }),
      }),
    );
    return { etag: out.ETag ?? '' };
  }

  /** The object's ETag and size, or undefined when there is none. */
  async head(location: S3Location): Promise<ObjectHead | undefined> {
    try {
      const out = await this.client.send(new HeadObjectCommand({ Bucket: location.bucket, Key: location.key }));
      return { etag: out.ETag ?? '', size: out.ContentLength ?? 0 };
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404) return undefined;
      throw error;
    }
  }

  /**
   * True when the object exists and, if `etag` is given, has that ETag (quotes optional): the idempotency check
   * before redoing an item whose output may already have been written by an interrupted run.
   */
  async existsWithETag(location: S3Location, etag?: string): Promise<boolean> {
    const head = await this.head(location);
    if (!head) return false;
    return etag === undefined || unquote(head.etag) === unquote(etag);
  }

  destroy(): void {
    this.client.destroy();
  }
}

function unquote(etag: string): string {
  return etag.replace(/^W\//, '').replace(/^"|"$/g, '');
}
