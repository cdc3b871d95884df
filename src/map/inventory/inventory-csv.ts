/**
 * Rows of an S3 Inventory CSV data file as S3 writes them (spec §3): no header, every field double-quoted,
 * the key URL-encoded the way S3 encodes keys (form encoding: a space is `+`, `/` kept).
 */
import type { ListedObject } from '../objects';

export const INVENTORY_FILE_SCHEMA = 'Bucket, Key, Size, LastModifiedDate, ETag';

export function inventoryRow(bucket: string, object: ListedObject): string {
  return (
    `${quoted(bucket)},${quoted(encodeInventoryKey(object.Key))},"${object.Size}",` +
    `"${object.LastModified.toISOString()}",${quoted(object.ETag.replace(/^"|"$/g, ''))}\n`
  );
}

export function encodeInventoryKey(key: string): string {
  return encodeURIComponent(key).replace(/%20/g, '+').replace(/%2F/g, '/');
}

function quoted(value: string): string {
  return `"${value.includes('"') ? value.replace(/"/g, '""') : value}"`;
}
