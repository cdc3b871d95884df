import { isStatesError } from '../../../../src/engine/errors';
import type { Json } from '../../../../src/engine/json';
import type { ItemReaderRequest } from '../../../../src/engine/map-port';
import type { ObjectStore } from '../../../../src/map/objects';
import type { ReadItem } from '../../../../src/map/readers';
import { readItems } from '../../../../src/map/readers';

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

export function getObject(
  bucket: string,
  key: string,
  readerConfig: Record<string, Json>,
  maxItems?: number,
): ItemReaderRequest {
  return {
    resource: 'arn:aws:states:::s3:getObject',
    parameters: { Bucket: bucket, Key: key },
    readerConfig,
    ...(maxItems === undefined ? {} : { maxItems }),
  };
}

export async function values(request: ItemReaderRequest, store: ObjectStore): Promise<Json[]> {
  return (await collect<ReadItem>(readItems(request, store))).map((i) => i.value);
}

/** The error and cause a read fails with. */
export async function failure(
  request: ItemReaderRequest,
  store: ObjectStore,
): Promise<{ error: string | null; cause: string | null }> {
  try {
    await collect(readItems(request, store));
  } catch (e) {
    if (isStatesError(e)) return { error: e.error, cause: e.cause };
    throw e;
  }
  throw new Error('the read did not fail');
}
