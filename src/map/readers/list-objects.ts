/**
 * `s3:listObjectsV2`: one item per object under the prefix, page by page as the consumer pulls. Without a
 * transformation the item is the object's metadata, shaped as AWS hands it over (`Etag`, epoch seconds);
 * with LOAD_AND_FLATTEN each object's contents are read with the InputType.
 */
import type { JsonObject } from '../../engine';
import type { ListedObject, ObjectStore } from '../objects';
import { fileItems } from './file-items';
import type { ReadItem } from './read-item';
import { itemSource } from './read-item';
import type { FileFormat } from './reader-config';
import { asItemReaderFailed } from './reader-failure';

export async function* listedObjects(store: ObjectStore, bucket: string, prefix: string): AsyncGenerator<ListedObject> {
  let token: string | undefined;
  do {
    let page: { objects: ListedObject[]; nextContinuationToken?: string };
    try {
      page = await store.list(bucket, prefix, token);
    } catch (error) {
      throw asItemReaderFailed(error, { bucket, key: prefix }, 'prefix');
    }
    yield* page.objects;
    token = page.nextContinuationToken;
  } while (token !== undefined);
}

export async function* listItems(store: ObjectStore, bucket: string, prefix: string): AsyncGenerator<ReadItem> {
  const source = itemSource(bucket);
  for await (const object of listedObjects(store, bucket, prefix)) yield { value: objectItem(object), source };
}

export function objectItem(object: ListedObject): JsonObject {
  return {
    Etag: object.ETag,
    Key: object.Key,
    LastModified: Math.floor(object.LastModified.getTime() / 1000),
    Size: object.Size,
    StorageClass: object.StorageClass,
  };
}

export async function* listAndLoadItems(
  store: ObjectStore,
  bucket: string,
  prefix: string,
  format: FileFormat,
): AsyncGenerator<ReadItem> {
  for await (const object of listedObjects(store, bucket, prefix)) {
    // Console "folders" are empty objects named with a trailing slash: they hold no items.
    if (object.Key.endsWith('/') && object.Size === 0) continue;
    yield* fileItems(store, { bucket, key: object.Key }, format);
  }
}
