import { open, type FileHandle } from 'node:fs/promises';
import { copyBlob, receiveBody } from './body';
import type { ObjectOperation, S3Context } from './context';
import { invalidArgument, noSuchBucket, noSuchKey, preconditionFailed, s3Error, type S3Error } from './errors';
import { checkConditions, objectHeadersFrom, objectResponseHeaders } from './object-headers';
import type { StoredObject } from './object-store';
import { notifyObjectChange } from './notifications';
import { parseRange } from './range';
import type { S3Request } from './request';
import { emptyResponse, isoTime, SERVER_SIDE_ENCRYPTION, xmlResponse } from './responses';

const READ_CHUNK_BYTES = 1024 * 1024;

export const putObject: ObjectOperation = async (context, request, bucket, key) => {
  const headers = objectHeadersFrom(request);
  const body = await receiveBody(request, context.store);
  // Conditional writes are decided at commit time: nothing awaits between this check and the write.
  if (request.header('if-none-match') === '*' && context.store.getObject(bucket, key)) {
    context.store.blobs.discard([body.blob]);
    throw preconditionFailed('If-None-Match');
  }
  const etag = `"${body.md5.toString('hex')}"`;
  context.store.putObject(bucket, key, { blob: body.blob, size: body.size, etag, headers }, context.now());
  notifyObjectChange(context, request, { bucket, key, reason: 'PutObject', size: body.size, etag });
  return emptyResponse(200, {
    etag,
    ...SERVER_SIDE_ENCRYPTION,
    // S3 keeps and echoes the whole-object checksum the client sent.
    ...(body.checksum ? { [body.checksum.header]: body.checksum.value, 'x-amz-checksum-type': 'FULL_OBJECT' } : {}),
  });
};

/** GetObject and HeadObject: the object streamed from its blob file, whole or one byte range. */
export const getObject: ObjectOperation = async (context, request, bucket, key) => {
  const { object, file } = await openObject(context, bucket, key);
  try {
    const headers = objectResponseHeaders(object, request.query);
    if (checkConditions(request, object) === 'not-modified') {
      await file.close();
      return emptyResponse(304, { etag: object.etag, 'last-modified': headers['last-modified'] ?? '' });
    }
    const range = parseRange(request.header('range'), object.size);
    if (range.kind === 'unsatisfiable') {
      throw s3Error('InvalidRange', 416, 'The requested range is not satisfiable', {
        RangeRequested: request.header('range') ?? '',
        ActualObjectSize: String(object.size),
      });
    }
    if (request.method === 'HEAD') {
      await file.close();
      return { status: range.kind === 'range' ? 206 : 200, headers: narrow(headers, range, object.size) };
    }
    // Bigger reads than the 64 KiB default: fewer syscalls and socket writes per object.
    const window = range.kind === 'range' ? { start: range.start, end: range.end } : {};
    const body = file.createReadStream({ ...window, highWaterMark: READ_CHUNK_BYTES });
    return { status: range.kind === 'range' ? 206 : 200, headers: narrow(headers, range, object.size), body };
  } catch (error) {
    await file.close().catch(() => undefined);
    throw error;
  }
};

function narrow(
  headers: Record<string, string>,
  range: ReturnType<typeof parseRange>,
  size: number,
): Record<string, string> {
  if (range.kind !== 'range') return headers;
  return {
    ...headers,
    'content-length': String(range.end - range.start + 1),
    'content-range': `bytes ${range.start}-${range.end}/${size}`,
  };
}

/**
 * Looks the object up and opens its blob. Blobs are immutable and an overwrite only unlinks the old one, so
 * an open file is a consistent snapshot; if the blob vanished between lookup and open, the key was just
 * overwritten or deleted, and looking again gives the current answer.
 */
async function openObject(
  context: S3Context,
  bucket: string,
  key: string,
): Promise<{ object: StoredObject; file: FileHandle }> {
  for (let attempt = 0; ; attempt++) {
    const object = context.store.getObject(bucket, key);
    if (!object) throw noSuchKey(key);
    try {
      return { object, file: await open(context.store.blobs.path(object.blob), 'r') };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 3) throw error;
    }
  }
}

export const deleteObject: ObjectOperation = (context, request, bucket, key) => {
  if (context.store.deleteObject(bucket, key))
    notifyObjectChange(context, request, { bucket, key, reason: 'DeleteObject' });
  return emptyResponse(204);
};

/** The source named by `x-amz-copy-source`: `[/]bucket/key[?versionId=...]`, URL-encoded. */
export function copySource(request: S3Request): { bucket: string; key: string } {
  const header = request.header('x-amz-copy-source') ?? '';
  const bad = (): S3Error =>
    invalidArgument(
      'Copy Source must mention the source bucket and key: sourcebucket/sourcekey',
      'x-amz-copy-source',
      header,
    );
  let decoded: string;
  try {
    decoded = decodeURIComponent(header.split('?', 1)[0] ?? '');
  } catch {
    throw bad();
  }
  if (decoded.startsWith('/')) decoded = decoded.slice(1);
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1) throw bad();
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1) };
}

/** The source object of a copy, with the `x-amz-copy-source-if-*` conditions checked. */
export function copySourceObject(context: S3Context, request: S3Request): StoredObject {
  const source = copySource(request);
  if (!context.store.bucketExists(source.bucket)) throw noSuchBucket(source.bucket);
  const object = context.store.getObject(source.bucket, source.key);
  if (!object) throw noSuchKey(source.key);
  checkConditions(request, object, 'x-amz-copy-source-');
  return object;
}

export const copyObject: ObjectOperation = async (context, request, bucket, key) => {
  const source = copySource(request);
  const object = copySourceObject(context, request);
  const directive = (request.header('x-amz-metadata-directive') ?? 'COPY').toUpperCase();
  if (directive !== 'COPY' && directive !== 'REPLACE') {
    throw invalidArgument('Unknown metadata directive.', 'x-amz-metadata-directive', directive);
  }
  if (source.bucket === bucket && source.key === key && directive === 'COPY') {
    throw s3Error(
      'InvalidRequest',
      400,
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
  }
  const headers = directive === 'REPLACE' ? objectHeadersFrom(request) : object.headers;
  const copy = await copyBlob(context.store, object.blob, undefined).catch((error: unknown) => {
    throw (error as NodeJS.ErrnoException).code === 'ENOENT' ? noSuchKey(source.key) : error;
  });
  // A copy is a new single-part object: its ETag is the MD5 of its bytes, even from a multipart source.
  const etag = `"${copy.md5.toString('hex')}"`;
  const now = context.now();
  context.store.putObject(bucket, key, { blob: copy.blob, size: copy.size, etag, headers }, now);
  notifyObjectChange(context, request, { bucket, key, reason: 'CopyObject', size: copy.size, etag });
  return xmlResponse('CopyObjectResult', [
    ['LastModified', isoTime(now)],
    ['ETag', etag],
  ]);
};
