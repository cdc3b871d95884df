import { noSuchBucket } from './errors';
import type { ObjectStore } from './object-store';

/** What every S3 operation works with. */
export interface S3Context {
  store: ObjectStore;
  /** S3 keeps times to the second (listings show `.000Z`). */
  now(): Date;
}

export function requireBucket(context: S3Context, bucket: string): void {
  if (!context.store.bucketExists(bucket)) throw noSuchBucket(bucket);
}
