import { readSmallBody } from './body';
import { requireBucket, type S3Context } from './context';
import { malformedXml } from './errors';
import type { S3Request } from './request';
import { xmlResponse, type S3Response } from './responses';
import { elements, textOf, type XmlNode } from './xml';

const MAX_KEYS = 1000;

/** DeleteObjects: up to 1,000 keys; deleting a missing key succeeds, as in S3. */
export async function deleteObjects(context: S3Context, request: S3Request, bucket: string): Promise<S3Response> {
  requireBucket(context, bucket);
  const xml = await readSmallBody(request);
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
    context.store.deleteObject(bucket, key);
    if (!quiet) deleted.push(['Deleted', [['Key', key]]]);
  }
  return xmlResponse('DeleteResult', deleted);
}
