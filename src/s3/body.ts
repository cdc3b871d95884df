import { createHash, type Hash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { unlink } from 'node:fs/promises';
import { PassThrough, Transform, type Readable, type TransformCallback } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';
import { AwsChunkedDecoder, isAwsChunked } from './aws-chunked';
import { s3Error } from './errors';
import type { ObjectStore } from './object-store';
import type { S3Request } from './request';

/** A request body received into a committed blob file. */
export interface ReceivedBody {
  blob: string;
  size: number;
  md5: Buffer;
  /** The checksum the client declared, as S3 returns it (`x-amz-checksum-crc32: …`), when it declared one. */
  checksum?: { header: string; value: string };
}

/** S3's largest single upload (PutObject, UploadPart): 5 GiB. */
const MAX_UPLOAD_BYTES = 5 * 1024 * 1024 * 1024;

/** Largest XML request document we read into memory (DeleteObjects of 1,000 long keys fits). */
const MAX_XML_BYTES = 4 * 1024 * 1024;

/**
 * Streams the request body to a blob file (never holding it in memory), hashing as it goes, then checks
 * what the client declared: length, Content-MD5, and `x-amz-checksum-*` (header or aws-chunked trailer)
 * for the algorithms node computes natively (CRC32, SHA1, SHA256; CRC32C and CRC64NVME are accepted
 * unverified).
 */
export async function receiveBody(request: S3Request, store: ObjectStore): Promise<ReceivedBody> {
  const { raw } = request;
  const chunked = isAwsChunked(request.header('content-encoding'), request.header('x-amz-content-sha256'));
  if (request.header('content-length') === undefined && request.header('transfer-encoding') === undefined) {
    throw s3Error('MissingContentLength', 411, 'You must provide the Content-Length HTTP header.');
  }
  const declared = chunked ? request.header('x-amz-decoded-content-length') : request.header('content-length');
  const expected = declared === undefined ? undefined : Number(declared);
  if (expected !== undefined && expected > MAX_UPLOAD_BYTES) {
    throw s3Error('EntityTooLarge', 400, 'Your proposed upload exceeds the maximum allowed size', {
      ProposedSize: String(expected),
      MaxSizeAllowed: String(MAX_UPLOAD_BYTES),
    });
  }

  const decoder = chunked ? new AwsChunkedDecoder() : undefined;
  const checksum = requestedChecksum(request);
  const hasher = new BodyHasher(checksum?.algorithm);
  const file = store.blobs.tempFile();
  try {
    // The request is piped in by hand, never destroyed by pipeline(): when the file cannot be written (a full
    // disk) the connection must stay up to carry the error.
    await pipeline(decoder ? decodedBody(raw, decoder) : detachedBody(raw), hasher, createWriteStream(file.path));
    if (expected !== undefined && hasher.size !== expected) {
      throw s3Error(
        'IncompleteBody',
        400,
        `You did not provide the number of bytes specified by the Content-Length HTTP header (declared ${expected}, received ${hasher.size}).`,
      );
    }
    const md5 = hasher.md5.digest();
    const contentMd5 = request.header('content-md5');
    if (contentMd5 !== undefined && contentMd5 !== md5.toString('base64')) {
      throw s3Error('BadDigest', 400, 'The Content-MD5 you specified did not match what we received.');
    }
    if (checksum) {
      const value = checksum.value ?? decoder?.trailers.get(checksum.header);
      const actual = hasher.checksum();
      if (value !== undefined && actual !== undefined && value !== actual) {
        throw s3Error(
          'BadDigest',
          400,
          `The ${checksum.algorithm.toUpperCase()} you specified did not match the calculated checksum.`,
        );
      }
    }
    await store.blobs.commit(file.id);
    const declaredChecksum =
      checksum && (checksum.value ?? decoder?.trailers.get(checksum.header) ?? hasher.checksum());
    return {
      blob: file.id,
      size: hasher.size,
      md5,
      ...(checksum && declaredChecksum !== undefined
        ? { checksum: { header: checksum.header, value: declaredChecksum } }
        : {}),
    };
  } catch (error) {
    await unlink(file.path).catch(() => undefined);
    throw error;
  }
}

/** Reads a small request document (XML), refusing more than MAX_XML_BYTES. */
export async function readSmallBody(request: S3Request): Promise<string> {
  return (await readSmallBodyBytes(request)).toString('utf8');
}

export async function readSmallBodyBytes(request: S3Request): Promise<Buffer> {
  const chunked = isAwsChunked(request.header('content-encoding'), request.header('x-amz-content-sha256'));
  const source: Readable = chunked ? decodedBody(request.raw, new AwsChunkedDecoder()) : request.raw;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of source as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_XML_BYTES) {
      throw s3Error('MaxMessageLengthExceeded', 400, `Your request was too big (over ${MAX_XML_BYTES} bytes).`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * The request piped by hand into the decoder, not through pipeline(): a framing error then fails the decoder
 * alone, and the request socket stays up to carry the XML error (the handler closes the connection after).
 */
function decodedBody(raw: IncomingMessage, decoder: AwsChunkedDecoder): AwsChunkedDecoder {
  raw.pipe(decoder);
  raw.once('close', () => {
    if (!raw.complete) decoder.destroy(new Error('the client closed the connection before the end of the body'));
  });
  return decoder;
}

function detachedBody(raw: IncomingMessage): PassThrough {
  const body = new PassThrough();
  raw.pipe(body);
  raw.once('close', () => {
    if (!raw.complete) body.destroy(new Error('the client closed the connection before the end of the body'));
  });
  body.once('close', () => raw.unpipe(body));
  return body;
}

type ChecksumAlgorithm = 'crc32' | 'sha1' | 'sha256' | 'crc32c' | 'crc64nvme';

export function requestedChecksum(
  request: S3Request,
): { algorithm: ChecksumAlgorithm; header: string; value: string | undefined } | undefined {
  for (const algorithm of ['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256'] as const) {
    const header = `x-amz-checksum-${algorithm}`;
    const value = request.header(header);
    const trailer = (request.header('x-amz-trailer') ?? '')
      .toLowerCase()
      .split(',')
      .map((name) => name.trim());
    if (value !== undefined || trailer.includes(header)) return { algorithm, header, value };
  }
  return undefined;
}

/** Counts, MD5s and optionally checksums the bytes flowing to the blob file. */
export class BodyHasher extends Transform {
  readonly md5: Hash = createHash('md5');
  size = 0;
  private readonly digest: Hash | undefined;
  private crc: number | undefined;

  constructor(private readonly algorithm: ChecksumAlgorithm | undefined) {
    super();
    if (algorithm === 'sha1' || algorithm === 'sha256') this.digest = createHash(algorithm);
    if (algorithm === 'crc32' && typeof zlib.crc32 === 'function') this.crc = 0;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.add(chunk);
    callback(null, chunk);
  }

  add(chunk: Buffer): this {
    this.size += chunk.length;
    this.md5.update(chunk);
    this.digest?.update(chunk);
    if (this.crc !== undefined) this.crc = zlib.crc32(chunk, this.crc);
    return this;
  }

  /** The base64 checksum S3 would compute, or undefined when we cannot compute this algorithm. */
  checksum(): string | undefined {
    if (this.digest) return this.digest.digest('base64');
    if (this.crc === undefined || this.algorithm !== 'crc32') return undefined;
    const bytes = Buffer.alloc(4);
    bytes.writeUInt32BE(this.crc >>> 0);
    return bytes.toString('base64');
  }
}

/** Copies a blob (or a byte range of it) into a new committed blob, hashing it like an upload. */
export async function copyBlob(
  store: ObjectStore,
  blob: string,
  range: { start: number; end: number } | undefined,
): Promise<ReceivedBody> {
  const hasher = new BodyHasher(undefined);
  const file = store.blobs.tempFile();
  try {
    await pipeline(createReadStream(store.blobs.path(blob), range ?? {}), hasher, createWriteStream(file.path));
    await store.blobs.commit(file.id);
    return { blob: file.id, size: hasher.size, md5: hasher.md5.digest() };
  } catch (error) {
    await unlink(file.path).catch(() => undefined);
    throw error;
  }
}

/** Concatenates blobs into a new committed blob (completing a multipart upload); nothing is rehashed. */
export async function concatBlobs(
  store: ObjectStore,
  blobs: readonly string[],
): Promise<{ blob: string; size: number }> {
  const file = store.blobs.tempFile();
  const out = createWriteStream(file.path);
  let size = 0;
  try {
    for (const blob of blobs) {
      for await (const chunk of createReadStream(store.blobs.path(blob)) as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (!out.write(chunk)) await once(out, 'drain');
      }
    }
    out.end();
    await finished(out);
    await store.blobs.commit(file.id);
    return { blob: file.id, size };
  } catch (error) {
    out.destroy();
    await unlink(file.path).catch(() => undefined);
    throw error;
  }
}
