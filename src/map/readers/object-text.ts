/**
 * One S3 object as the readers consume it: fetched, decompressed, decoded as UTF-8 in chunks. An empty object
 * is an error, as AWS reports for an empty item file; a missing one names the object.
 */
import { createHash } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import type { ObjectStore } from '../objects';
import { decompressed } from './decompress';
import type { ObjectRef } from './reader-failure';
import { asItemReaderFailed, failureIn } from './reader-failure';

export interface ObjectSource extends ObjectRef {
  versionId?: string;
  /** How the object is called in messages: "object", "manifest", "data file". */
  role?: string;
  /** The MD5 (hex) its bytes as stored must have, as an S3 Inventory manifest lists for its data files. */
  md5?: string;
}

/** The decompressed bytes of an object; rejects with ItemReaderFailed for a missing or empty object. */
export async function* objectBytes(store: ObjectStore, source: ObjectSource): AsyncGenerator<Buffer> {
  let body: AsyncIterable<Buffer>;
  try {
    body = await store.get(
      source.bucket,
      source.key,
      source.versionId === undefined ? {} : { versionId: source.versionId },
    );
  } catch (error) {
    throw asItemReaderFailed(error, source, source.role);
  }
  let total = 0;
  try {
    for await (const chunk of decompressed(
      source.md5 === undefined ? body : verified(body, source, source.md5),
      source,
    )) {
      total += chunk.length;
      if (chunk.length > 0) yield chunk;
    }
  } catch (error) {
    throw asItemReaderFailed(error, source, source.role);
  }
  if (total === 0) throw failureIn(source, `The ${source.role ?? 'object'} is empty`);
}

/** The object as UTF-8 text chunks; a multi-byte character split across chunks is kept whole. */
export async function* objectText(store: ObjectStore, source: ObjectSource): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let first = true;
  for await (const chunk of objectBytes(store, source)) {
    let text = decoder.write(chunk);
    // A UTF-8 byte order mark is not part of the first header or value.
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (text.length > 0) yield text;
  }
  const tail = decoder.end();
  if (tail.length > 0) yield tail;
}

/** A small object read whole (manifests), refusing one larger than `limit` bytes. */
export async function smallObjectText(store: ObjectStore, source: ObjectSource, limit: number): Promise<string> {
  const parts: string[] = [];
  let size = 0;
  for await (const text of objectText(store, source)) {
    size += text.length;
    if (size > limit) throw failureIn(source, `The ${source.role ?? 'object'} is larger than ${limit} bytes`);
    parts.push(text);
  }
  return parts.join('');
}

async function* verified(body: AsyncIterable<Buffer>, source: ObjectSource, md5: string): AsyncGenerator<Buffer> {
  const hash = createHash('md5');
  for await (const chunk of body) {
    hash.update(chunk);
    yield chunk;
  }
  const actual = hash.digest('hex');
  if (actual !== md5.toLowerCase()) {
    throw failureIn(source, `The ${source.role ?? 'object'}'s MD5 is ${actual}; the manifest says ${md5}`);
  }
}
