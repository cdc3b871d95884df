import { readSmallBody } from './body';
import { assertBucketName } from './bucket-name';
import { requireBucket, type S3Context } from './context';
import { noSuchBucket, s3Error } from './errors';
import type { S3Request } from './request';
import { escapeXml } from './xml';
import { emptyResponse, isoTime, xmlResponse, type S3Response } from './responses';

/** The one local account, as S3 names owners in listings. */
export const OWNER = { ID: '75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a', DisplayName: 'fanout' };

export function listBuckets(context: S3Context): S3Response {
  return xmlResponse('ListAllMyBucketsResult', [
    [
      'Owner',
      [
        ['ID', OWNER.ID],
        ['DisplayName', OWNER.DisplayName],
      ],
    ],
    [
      'Buckets',
      context.store.listBuckets().map(
        (bucket) =>
          [
            'Bucket',
            [
              ['Name', bucket.name],
              ['CreationDate', isoTime(bucket.created)],
            ],
          ] as const,
      ),
    ],
  ]);
}

export async function createBucket(context: S3Context, request: S3Request, bucket: string): Promise<S3Response> {
  assertBucketName(bucket);
  // A CreateBucketConfiguration (LocationConstraint) may come along; there is one region locally.
  await readSmallBody(request);
  if (!context.store.createBucket(bucket, context.now())) {
    // What every region but us-east-1 answers; a silent 200 would hide a name clash between workflows.
    throw s3Error(
      'BucketAlreadyOwnedByYou',
      409,
      'Your previous request to create the named bucket succeeded and you already own it.',
      {
        BucketName: bucket,
      },
    );
  }
  return emptyResponse(200, { location: `/${bucket}` });
}

export function headBucket(context: S3Context, bucket: string, region: string): S3Response {
  requireBucket(context, bucket);
  return emptyResponse(200, { 'x-amz-bucket-region': region });
}

export function getBucketLocation(context: S3Context, bucket: string, region: string): S3Response {
  requireBucket(context, bucket);
  // us-east-1 is the empty LocationConstraint.
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${region === 'us-east-1' ? '' : escapeXml(region)}</LocationConstraint>`;
  return { status: 200, headers: { 'content-type': 'application/xml' }, body };
}

export function deleteBucket(context: S3Context, bucket: string): S3Response {
  const outcome = context.store.deleteBucket(bucket);
  if (outcome === 'missing') throw noSuchBucket(bucket);
  if (outcome === 'not-empty') {
    throw s3Error('BucketNotEmpty', 409, 'The bucket you tried to delete is not empty', { BucketName: bucket });
  }
  return emptyResponse(204);
}
