import { noSuchBucket } from './errors';
import type { ObjectStore } from './object-store';
import type { ObjectEvent } from './notifications';
import type { S3Request } from './request';
import type { S3Response } from './responses';

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

/** An operation on one object: the router has checked its key and that its bucket exists. */
export type ObjectOperation = (
  context: S3Context,
  request: S3Request,
  bucket: string,
  key: string,
) => Promise<S3Response> | S3Response;
