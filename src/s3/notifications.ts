/**
 * Bucket notifications: PutBucketNotificationConfiguration / GetBucketNotificationConfiguration with
 * `<EventBridgeConfiguration/>`, and the object events such a bucket sends to EventBridge (`Object Created`,
 * `Object Deleted`) in the shape S3 sends them. Only EventBridge delivery is modelled: a configuration with
 * topic, queue or function destinations is refused rather than silently dropped.
 */
import { randomBytes } from 'node:crypto';
import { readSmallBody } from './body';
import { requireBucket, type S3Context } from './context';
import { malformedXml, notImplemented } from './errors';
import type { S3Request } from './request';
import { emptyResponse, xmlResponse, type S3Response } from './responses';
import { elements } from './xml';

/** One object event, before the event bus adds its envelope (id, account, region). */
export interface ObjectEvent {
  'detail-type': 'Object Created' | 'Object Deleted';
  time: Date;
  resources: string[];
  detail: {
    version: '0';
    bucket: { name: string };
    object: { key: string; size?: number; etag?: string; sequencer: string };
    'request-id': string;
    requester: string;
    'source-ip-address': string;
    reason: 'PutObject' | 'CopyObject' | 'CompleteMultipartUpload' | 'DeleteObject' | 'DeleteObjects';
    'deletion-type'?: 'Permanently Deleted';
  };
}

export async function putBucketNotification(
  context: S3Context,
  request: S3Request,
  bucket: string,
): Promise<S3Response> {
  requireBucket(context, bucket);
  const xml = await readSmallBody(request);
  if (elements(xml, 'NotificationConfiguration').length !== 1) throw malformedXml();
  for (const other of ['TopicConfiguration', 'QueueConfiguration', 'CloudFunctionConfiguration']) {
    if (elements(xml, other).length > 0) {
      throw notImplemented(
        `${other} (fanout sends bucket notifications to EventBridge only: use EventBridgeConfiguration)`,
      );
    }
  }
  context.store.setEventBridge(bucket, /<EventBridgeConfiguration\s*\/?>/.test(xml));
  return emptyResponse(200);
}

export function getBucketNotification(context: S3Context, bucket: string): S3Response {
  requireBucket(context, bucket);
  return xmlResponse(
    'NotificationConfiguration',
    context.store.eventBridgeEnabled(bucket) ? [['EventBridgeConfiguration', []]] : [],
  );
}

let lastSequencer = 0n;

/** S3's sequencer: hex that grows with each event, so later events on a key sort after earlier ones. */
function sequencer(now: Date): string {
  const next = BigInt(now.getTime()) * 1_000_000n;
  lastSequencer = next > lastSequencer ? next : lastSequencer + 1n;
  return lastSequencer.toString(16).toUpperCase().padStart(18, '0');
}

export interface ObjectChange {
  bucket: string;
  key: string;
  reason: ObjectEvent['detail']['reason'];
  /** For created objects. */
  size?: number;
  etag?: string;
}

/** Sends the event of a change to an object, if its bucket has EventBridge notifications on. */
export function notifyObjectChange(context: S3Context, request: S3Request, change: ObjectChange): void {
  if (context.onObjectEvent === undefined || !context.store.eventBridgeEnabled(change.bucket)) return;
  const now = new Date();
  const created = change.reason !== 'DeleteObject' && change.reason !== 'DeleteObjects';
  context.onObjectEvent({
    'detail-type': created ? 'Object Created' : 'Object Deleted',
    time: now,
    resources: [`arn:aws:s3:::${change.bucket}`],
    detail: {
      version: '0',
      bucket: { name: change.bucket },
      object: {
        key: change.key,
        ...(change.size === undefined ? {} : { size: change.size }),
        ...(change.etag === undefined ? {} : { etag: change.etag.replace(/"/g, '') }),
        sequencer: sequencer(now),
      },
      'request-id': randomBytes(8).toString('hex').toUpperCase(),
      requester: '',
      'source-ip-address': request.raw.socket.remoteAddress ?? '127.0.0.1',
      reason: change.reason,
      ...(created ? {} : { 'deletion-type': 'Permanently Deleted' as const }),
    },
  });
}
