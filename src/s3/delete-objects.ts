import { BodyHasher, readSmallBodyBytes, requestedChecksum } from './body';
import { requireBucket, type S3Context } from './context';
import { malformedXml, s3Error } from './errors';
import { notifyObjectChange } from './notifications';
import type { S3Request } from './request';
import { xmlResponse, type S3Response } from './responses';
import { elements, textOf, type XmlNode } from './xml';

const MAX_KEYS = 1000;

/** DeleteObjects: up to 1,000 keys; deleting a missing key succeeds, as in S3. */
export async function deleteObjects(context: S3Context, request: S3Request, bucket: string): Promise<S3Response> {
  requireBucket(context, bucket);
  const xml = (await checkedBody(request)).toString('utf8');
  if (elements(xml, 'Delete').length !== 1) throw malformedXml();
  const objects = elements(xml, 'Object');
  if (objects.length === 0 || objects.length > MAX_KEYS) throw malformedXml();
  const keys = objects.map((object) => {
    const key = textOf(object, 'Key');
    if (key === undefined) throw malformedXml();
    return key;
  });
  const quiet = textOf(xml, 'Quiet')?.trim().toLowerCase() === 'true';
  const deleted: XmlNode[] = [];
  for (const key of keys) {
    if (context.store.deleteObject(bucket, key))
      notifyObjectChange(context, request, { bucket, key, reason: 'DeleteObjects' });
    if (!quiet) deleted.push(['Deleted', [['Key', key]]]);
  }
  return xmlResponse('DeleteResult', deleted);
}

/**
 * S3 requires Content-MD5 or an `x-amz-checksum-*` header on a multi-object delete and checks it against the
 * body, so a delete is never applied from a truncated or altered document.
 */
async function checkedBody(request: S3Request): Promise<Buffer> {
  const contentMd5 = request.header('content-md5');
  const checksum = requestedChecksum(request);
  if (contentMd5 === undefined && checksum === undefined) {
    throw s3Error('InvalidRequest', 400, 'Missing required header for this request: Content-MD5 OR x-amz-checksum-*');
  }
  const body = await readSmallBodyBytes(request);
  const hasher = new BodyHasher(checksum?.algorithm).add(body);
  if (contentMd5 !== undefined && contentMd5 !== hasher.md5.digest('base64')) {
    throw s3Error('BadDigest', 400, 'The Content-MD5 you specified did not match what we received.');
  }
  if (checksum?.value !== undefined) {
    const actual = hasher.checksum();
    if (actual !== undefined && actual !== checksum.value) {
      throw s3Error(
        'BadDigest',
        400,
        `The ${checksum.algorithm.toUpperCase()} you specified did not match the calculated checksum.`,
      );
    }
  }
  return body;
}
