import { createHash } from 'node:crypto';
import { concatBlobs, copyBlob, readSmallBody, receiveBody } from './body';
import type { ObjectOperation, S3Context } from './context';
import { invalidArgument, malformedXml, noSuchKey, noSuchUpload, s3Error } from './errors';
import { objectHeadersFrom } from './object-headers';
import type { Part, Upload } from './object-store';
import { copySourceObject } from './objects';
import type { S3Request } from './request';
import { notifyObjectChange } from './notifications';
import { emptyResponse, isoTime, xmlResponse } from './responses';
import { elements, textOf } from './xml';

/** Every part but the last must be at least this big, as in S3. */
const MIN_PART_BYTES = 5 * 1024 * 1024;
const MAX_PART_NUMBER = 10_000;

export const createMultipartUpload: ObjectOperation = (context, request, bucket, key) => {
  const uploadId = context.store.createUpload(bucket, key, objectHeadersFrom(request), context.now());
  return xmlResponse('InitiateMultipartUploadResult', [
    ['Bucket', bucket],
    ['Key', key],
    ['UploadId', uploadId],
  ]);
};

/** UploadPart, and UploadPartCopy when `x-amz-copy-source` names the bytes instead of the body. */
export const uploadPart: ObjectOperation = async (context, request, bucket, key) => {
  const upload = requireUpload(context, request, bucket, key);
  const partText = request.query.get('partNumber') ?? '';
  const partNumber = Number(partText);
  if (!/^\d+$/.test(partText) || partNumber < 1 || partNumber > MAX_PART_NUMBER) {
    throw invalidArgument('Part number must be an integer between 1 and 10000, inclusive', 'partNumber', partText);
  }
  const copying = request.header('x-amz-copy-source') !== undefined;
  const body = copying ? await copyPartSource(context, request) : await receiveBody(request, context.store);
  const etag = `"${body.md5.toString('hex')}"`;
  const now = context.now();
  if (!context.store.putPart(upload.uploadId, { partNumber, blob: body.blob, size: body.size, etag }, now)) {
    context.store.blobs.discard([body.blob]);
    throw noSuchUpload(upload.uploadId);
  }
  if (!copying) return emptyResponse(200, { etag });
  return xmlResponse('CopyPartResult', [
    ['LastModified', isoTime(now)],
    ['ETag', etag],
  ]);
};

async function copyPartSource(context: S3Context, request: S3Request): ReturnType<typeof copyBlob> {
  const source = copySourceObject(context, request);
  const rangeText = request.header('x-amz-copy-source-range');
  let range: { start: number; end: number } | undefined;
  if (rangeText !== undefined) {
    const match = /^bytes=(\d+)-(\d+)$/.exec(rangeText.trim());
    const start = Number(match?.[1]);
    const end = Number(match?.[2]);
    if (!match || end < start || end >= source.size) {
      throw invalidArgument(
        'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy',
        'x-amz-copy-source-range',
        rangeText,
      );
    }
    range = { start, end };
  }
  return copyBlob(context.store, source.blob, range).catch((error: unknown) => {
    throw (error as NodeJS.ErrnoException).code === 'ENOENT' ? noSuchKey(source.key) : error;
  });
}

/**
 * Assembles the listed parts into the object. Its ETag is S3's: the MD5 of the parts' binary MD5s,
 * a dash, and the part count. Parts uploaded but not listed are discarded.
 */
export const completeMultipartUpload: ObjectOperation = async (context, request, bucket, key) => {
  const upload = requireUpload(context, request, bucket, key);
  const listed = parseCompletion(await readSmallBody(request));
  const stored = new Map(context.store.parts(upload.uploadId).map((part) => [part.partNumber, part]));
  const chosen: Part[] = [];
  for (const [index, entry] of listed.entries()) {
    const previous = listed[index - 1];
    if (previous !== undefined && entry.partNumber <= previous.partNumber) {
      throw s3Error(
        'InvalidPartOrder',
        400,
        'The list of parts was not in ascending order. The parts list must be specified in order by part number.',
      );
    }
    const part = stored.get(entry.partNumber);
    if (!part || (entry.etag !== undefined && entry.etag !== part.etag.replace(/"/g, ''))) {
      throw s3Error(
        'InvalidPart',
        400,
        "One or more of the specified parts could not be found.  The part may not have been uploaded, or the specified entity tag may not have matched the part's entity tag.",
        { UploadId: upload.uploadId, PartNumber: String(entry.partNumber), ETag: entry.etag ?? '' },
      );
    }
    chosen.push(part);
  }
  for (const part of chosen.slice(0, -1)) {
    if (part.size < MIN_PART_BYTES) {
      throw s3Error('EntityTooSmall', 400, 'Your proposed upload is smaller than the minimum allowed object size.', {
        ProposedSize: String(part.size),
        MinSizeAllowed: String(MIN_PART_BYTES),
        PartNumber: String(part.partNumber),
      });
    }
  }
  const md5s = createHash('md5');
  for (const part of chosen) md5s.update(Buffer.from(part.etag.replace(/"/g, ''), 'hex'));
  const etag = `"${md5s.digest('hex')}-${chosen.length}"`;
  const assembled = await concatBlobs(
    context.store,
    chosen.map((part) => part.blob),
  );
  const object = { blob: assembled.blob, size: assembled.size, etag, headers: upload.headers };
  if (!context.store.completeUpload(upload, object, context.now())) {
    context.store.blobs.discard([assembled.blob]);
    throw noSuchUpload(upload.uploadId);
  }
  notifyObjectChange(context, request, { bucket, key, reason: 'CompleteMultipartUpload', size: object.size, etag });
  const host = request.header('host') ?? 'localhost';
  return xmlResponse('CompleteMultipartUploadResult', [
    ['Location', `http://${host}/${bucket}/${encodeURIComponent(key).replace(/%2F/g, '/')}`],
    ['Bucket', bucket],
    ['Key', key],
    ['ETag', etag],
  ]);
};

export const abortMultipartUpload: ObjectOperation = (context, request, bucket, key) => {
  const upload = requireUpload(context, request, bucket, key);
  context.store.abortUpload(upload.uploadId);
  return emptyResponse(204);
};

function requireUpload(context: S3Context, request: S3Request, bucket: string, key: string): Upload {
  const uploadId = request.query.get('uploadId') ?? '';
  const upload = context.store.getUpload(uploadId);
  if (!upload || upload.bucket !== bucket || upload.key !== key) throw noSuchUpload(uploadId);
  return upload;
}

function parseCompletion(xml: string): Array<{ partNumber: number; etag: string | undefined }> {
  if (elements(xml, 'CompleteMultipartUpload').length !== 1) throw malformedXml();
  const parts = elements(xml, 'Part').map((part) => {
    const number = textOf(part, 'PartNumber')?.trim() ?? '';
    if (!/^\d+$/.test(number)) throw malformedXml();
    return { partNumber: Number(number), etag: textOf(part, 'ETag')?.trim().replace(/"/g, '') };
  });
  if (parts.length === 0) {
    throw s3Error(
      'MalformedXML',
      400,
      'The XML you provided was not well-formed or did not validate against our published schema',
    );
  }
  return parts;
}
