import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { S3Context } from './context';
import { DISK_FULL_MESSAGE, isDiskFull } from '../protocol/disk-full';
import { isWireError } from '../protocol/wire-error';
import { s3Error } from './errors';
import type { ObjectEvent } from './notifications';
import { ObjectStore } from './object-store';
import { parseS3Request, type S3Request } from './request';
import { errorResponse, type S3Response } from './responses';
import { route } from './router';

export interface LocalS3Options {
  /** Objects live under `<dataDir>/s3/`. */
  dataDir: string;
  /** @default 'us-east-1' */
  region?: string;
  log?: (line: string) => void;
  /** Receives the object events of buckets with EventBridge notifications on. */
  onObjectEvent?: (event: ObjectEvent) => void;
}

/**
 * The S3 REST API (path-style) served from `<dataDir>/s3`, as a node:http handler: it reads request bodies
 * and writes response bodies as streams, so object size never shows in memory.
 */
export class LocalS3 {
  private readonly context: S3Context;
  private readonly region: string;

  private constructor(
    private readonly store: ObjectStore,
    options: LocalS3Options,
    private readonly log: ((line: string) => void) | undefined,
  ) {
    this.region = options.region ?? 'us-east-1';
    this.context = {
      store,
      now: () => new Date(Math.floor(Date.now() / 1000) * 1000),
      ...(options.onObjectEvent === undefined ? {} : { onObjectEvent: options.onObjectEvent }),
    };
    void store.sweepOrphans().then(
      (freed) => {
        if (freed.files > 0) log?.(`s3: removed ${freed.files} orphaned object files (${freed.bytes} bytes)`);
      },
      (error: unknown) => log?.(`s3: the orphaned-file sweep stopped: ${String(error)}`),
    );
  }

  static open(options: LocalS3Options): LocalS3 {
    return new LocalS3(ObjectStore.open(join(options.dataDir, 's3')), options, options.log);
  }

  /** Answers one request; never rejects. */
  handle(req: IncomingMessage, res: ServerResponse): void {
    void this.serve(req, res);
  }

  close(): void {
    this.store.close();
  }

  /** Creates the bucket if missing and sends its object events to EventBridge (workflows/rules.json buckets). */
  watchBucket(name: string): void {
    this.store.createBucket(name, this.context.now());
    this.store.setEventBridge(name, true);
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomBytes(8).toString('hex').toUpperCase();
    let request: S3Request | undefined;
    let response: S3Response;
    try {
      request = parseS3Request(req);
      response = await route(this.context, request, this.region);
    } catch (error) {
      const diskFull = isDiskFull(error);
      if (!isWireError(error) && !diskFull) {
        if (req.destroyed || res.destroyed) return;
        this.log?.(
          `s3 ${req.method ?? ''} ${req.url ?? ''} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        );
      }
      if (diskFull) this.log?.(`s3 ${req.method ?? ''} ${req.url ?? ''}: disk full (${String(error)})`);
      const wire = isWireError(error)
        ? error
        : diskFull
          ? s3Error('ServiceUnavailable', 503, DISK_FULL_MESSAGE)
          : s3Error('InternalError', 500, 'We encountered an internal error. Please try again.');
      response = errorResponse(wire, requestId, (req.url ?? '/').split('?', 1)[0] ?? '/');
      // A body rejected half-read cannot be resynchronised: answer, then close the connection.
      if (req.readableFlowing !== null && !req.complete) response.headers['connection'] = 'close';
    }
    await this.send(req, res, response, requestId);
  }

  private async send(
    req: IncomingMessage,
    res: ServerResponse,
    response: S3Response,
    requestId: string,
  ): Promise<void> {
    const headers: Record<string, string> = {
      'x-amz-request-id': requestId,
      'x-amz-id-2': Buffer.from(requestId).toString('base64'),
      ...response.headers,
    };
    const { body } = response;
    if (body instanceof Readable) {
      res.writeHead(response.status, headers);
      try {
        await pipeline(body, res);
      } catch {
        // The client went away mid-download; the file handle closes with the stream.
        body.destroy();
        res.destroy();
      }
      return;
    }
    const text = body ?? '';
    // HEAD keeps the object's Content-Length; 204 and 304 carry none at all.
    const bodiless = response.status === 204 || response.status === 304;
    if (!bodiless && (body !== undefined || headers['content-length'] === undefined)) {
      headers['content-length'] = String(Buffer.byteLength(text));
    }
    res.writeHead(response.status, headers);
    res.end(req.method === 'HEAD' || bodiless ? undefined : text);
  }
}

/**
 * Which requests on the shared endpoint are S3's: everything except the web UI (`/ui`) and the other AWS
 * protocols, which all POST: the JSON ones (Step Functions, SQS) with `X-Amz-Target` and an
 * `application/x-amz-json` body, the query ones (SNS, SQS's older clients) with a form body, to `/` or to
 * a queue URL. S3 never POSTs to the service root nor sends form bodies outside browser uploads.
 */
export function isS3Request(req: IncomingMessage): boolean {
  const url = req.url ?? '/';
  const path = url.split('?', 1)[0] ?? '/';
  if (path === '/ui' || path.startsWith('/ui/')) return false;
  if (req.method !== 'POST') return true;
  if (path === '/' || req.headers['x-amz-target'] !== undefined) return false;
  const contentType = req.headers['content-type'] ?? '';
  return (
    !contentType.startsWith('application/x-amz-json') && !contentType.startsWith('application/x-www-form-urlencoded')
  );
}
