import { createBucket, deleteBucket, getBucketLocation, headBucket, listBuckets } from './buckets';
import { assertBucketName, bucketNameProblem, LEGACY_BUCKET_NAME } from './bucket-name';
import { requireBucket, type ObjectOperation, type S3Context } from './context';
import { deleteObjects } from './delete-objects';
import { methodNotAllowed, noSuchBucket, notImplemented } from './errors';
import { listObjects } from './listing';
import { abortMultipartUpload, completeMultipartUpload, createMultipartUpload, uploadPart } from './multipart';
import { assertObjectKey } from './object-key';
import { copyObject, deleteObject, getObject, putObject } from './objects';
import { getBucketNotification, putBucketNotification } from './notifications';
import type { S3Request } from './request';
import type { S3Response } from './responses';

/** Subresources that select an S3 operation we do not implement; any other query parameter is a plain one. */
const UNSUPPORTED_SUBRESOURCES = [
  'accelerate',
  'acl',
  'analytics',
  'attributes',
  'cors',
  'encryption',
  'intelligent-tiering',
  'inventory',
  'legal-hold',
  'lifecycle',
  'logging',
  'metadataTable',
  'metrics',
  'object-lock',
  'ownershipControls',
  'policy',
  'policyStatus',
  'publicAccessBlock',
  'replication',
  'requestPayment',
  'restore',
  'retention',
  'select',
  'tagging',
  'torrent',
  'versioning',
  'versions',
  'website',
];

/** Picks the operation for a path-style request, the way S3 does: method, then bucket/key, then subresource. */
export function route(context: S3Context, request: S3Request, region: string): Promise<S3Response> | S3Response {
  const { method, bucket, key, query } = request;
  if (bucket === undefined) {
    if (method === 'GET') return listBuckets(context);
    throw methodNotAllowed(method, 'SERVICE');
  }
  // A name only the legacy rules allowed (capitals, underscores) cannot be created now, so it names no bucket.
  if (method === 'PUT' && key === undefined) assertBucketName(bucket);
  else if (bucketNameProblem(bucket) !== undefined) {
    if (LEGACY_BUCKET_NAME.test(bucket)) throw noSuchBucket(bucket);
    assertBucketName(bucket);
  }
  const unsupported = UNSUPPORTED_SUBRESOURCES.find((name) => query.has(name));
  if (unsupported !== undefined) throw notImplemented(`The ?${unsupported} subresource (${method})`);

  if (key === undefined) {
    switch (method) {
      case 'PUT':
        if (query.has('notification')) return putBucketNotification(context, request, bucket);
        return createBucket(context, request, bucket);
      case 'HEAD':
        return headBucket(context, bucket, region);
      case 'DELETE':
        return deleteBucket(context, bucket);
      case 'GET':
        if (query.has('location')) return getBucketLocation(context, bucket, region);
        if (query.has('notification')) return getBucketNotification(context, bucket);
        if (query.has('uploads')) throw notImplemented('ListMultipartUploads');
        return listObjects(context, request, bucket);
      case 'POST':
        if (query.has('delete')) return deleteObjects(context, request, bucket);
        throw notImplemented('POST Object (browser form uploads)');
      default:
        throw methodNotAllowed(method, 'BUCKET');
    }
  }

  assertObjectKey(key);
  const onObject = (operation: ObjectOperation): Promise<S3Response> | S3Response => {
    requireBucket(context, bucket);
    return operation(context, request, bucket, key);
  };
  switch (method) {
    case 'PUT':
      if (query.has('uploadId')) return onObject(uploadPart);
      if (request.header('x-amz-copy-source') !== undefined) return onObject(copyObject);
      return onObject(putObject);
    case 'GET':
    case 'HEAD':
      if (query.has('uploadId')) throw notImplemented('ListParts');
      return onObject(getObject);
    case 'POST':
      if (query.has('uploads')) return onObject(createMultipartUpload);
      if (query.has('uploadId')) return onObject(completeMultipartUpload);
      throw methodNotAllowed(method, 'OBJECT');
    case 'DELETE':
      if (query.has('uploadId')) return onObject(abortMultipartUpload);
      return onObject(deleteObject);
    default:
      throw methodNotAllowed(method, 'OBJECT');
  }
}
