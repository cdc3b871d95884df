import { noSuchBucket } from './errors';
import type { ObjectStore } from './object-store';
import type { ObjectEvent } from './notifications';

/** What every S3 operation works with. */
export interface S3Context {
  store: ObjectStore;
  /** S3 keeps times to the second (listings show `.000Z`). */
  now(): Date;
  /** Receives the object events of buckets with EventBridge notifications on. */
  onObjectEvent?: (event: ObjectEvent) => void;
}

export function requireBucket(context: S3Context, bucket: string): void {
  if (!context.store.bucketExists(bucket)) throw noSuchBucket(bucket);
}
