/**
 * External compression of item files: GZIP or ZSTD, chosen by the key's extension (.gz/.gzip, .zst/.zstd) and
 * otherwise by the magic bytes, so an inventory data file or a `.csv` that is really gzip still reads. Both
 * decompress as a stream: memory holds a chunk, never the file.
 */
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Decompress } from 'fzstd';
import type { ObjectRef } from './reader-failure';
import { failureIn } from './reader-failure';

export type Compression = 'NONE' | 'GZIP' | 'ZSTD';

const GZIP_MAGIC = [0x1f, 0x8b];
const ZSTD_MAGIC = [0x28, 0xb5, 0x2f, 0xfd];

export function compressionByKey(key: string): Compression | undefined {
  const lower = key.toLowerCase();
  if (lower.endsWith('.gz') || lower.endsWith('.gzip')) return 'GZIP';
  if (lower.endsWith('.zst') || lower.endsWith('.zstd')) return 'ZSTD';
  return undefined;
}

function compressionByMagic(head: Buffer): Compression {
  if (startsWith(head, GZIP_MAGIC)) return 'GZIP';
  if (startsWith(head, ZSTD_MAGIC)) return 'ZSTD';
  return 'NONE';
}

function startsWith(head: Buffer, magic: number[]): boolean {
  return head.length >= magic.length && magic.every((byte, i) => head[i] === byte);
}

/** The object's decompressed bytes. Decompression errors name the object and the compressed byte offset. */
export async function* decompressed(body: AsyncIterable<Buffer>, ref: ObjectRef): AsyncGenerator<Buffer> {
  const iterator = body[Symbol.asyncIterator]();
  let first: IteratorResult<Buffer>;
  // Skip empty chunks: the magic bytes need a non-empty first chunk.
  do first = await iterator.next();
  while (first.done !== true && first.value.length === 0);
  if (first.done === true) return;
  const compression = compressionByKey(ref.key) ?? compressionByMagic(first.value);
  const rest: AsyncIterable<Buffer> = { [Symbol.asyncIterator]: () => iterator };
  const all = prepend(first.value, rest);
  if (compression === 'NONE') yield* all;
  else if (compression === 'GZIP') yield* gunzip(all, ref);
  else yield* unzstd(all, ref);
}

async function* prepend(head: Buffer, rest: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  yield head;
  yield* rest;
}

async function* gunzip(source: AsyncIterable<Buffer>, ref: ObjectRef): AsyncGenerator<Buffer> {
  let offset = 0;
  // Errors of the source (S3, a checksum) pass through as they are; only zlib's own mean corrupt data.
  let sourceError: unknown;
  async function* counted(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of source) {
        yield chunk;
        offset += chunk.length;
      }
    } catch (error) {
      sourceError = error;
      throw error;
    }
  }
  const input = Readable.from(counted(), { objectMode: false });
  const inflate = createGunzip();
  input.on('error', (error) => inflate.destroy(error));
  input.pipe(inflate);
  try {
    for await (const chunk of inflate) yield chunk as Buffer;
  } catch (error) {
    if (sourceError !== undefined) throw sourceError as Error;
    throw failureIn(ref, `Corrupt gzip data: ${messageOf(error)}`, `near compressed byte ${offset}`);
  } finally {
    input.destroy();
    inflate.destroy();
  }
}

async function* unzstd(source: AsyncIterable<Buffer>, ref: ObjectRef): AsyncGenerator<Buffer> {
  let offset = 0;
  const out: Buffer[] = [];
  const stream = new Decompress((data) => void out.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength)));
  const push = (chunk: Uint8Array, final: boolean): void => {
    try {
      stream.push(chunk, final);
    } catch (error) {
      throw failureIn(ref, `Corrupt zstd data: ${messageOf(error)}`, `near compressed byte ${offset}`);
    }
  };
  for await (const chunk of source) {
    // Only the decompressor's errors are corrupt data; the source's pass through.
    push(chunk, false);
    offset += chunk.length;
    while (out.length > 0) yield out.shift()!;
  }
  push(new Uint8Array(0), true);
  while (out.length > 0) yield out.shift()!;
}

function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}
