/**
 * The two outputs of a document, `<prefix>/<key>.txt` then `<prefix>/<key>.json` — JSON last, so its presence
 * means the document is done. The JSON carries the source ETag as object metadata too, so the idempotency check
 * is one HeadObject: a retried batch (after a Spot interruption) skips a document whose JSON exists for the same
 * source ETag, and redoes one whose source changed since.
 */
import { HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { unquoteETag } from './settings';

export interface OutputKeys {
  json: string;
  txt: string;
}

/** The metadata key (x-amz-meta-source-etag) holding the source ETag the outputs were made from. */
export const SOURCE_ETAG_METADATA = 'source-etag';

export function outputKeys(prefix: string, key: string): OutputKeys {
  const base = prefix === '' ? key : `${prefix}/${key}`;
  return { json: `${base}.json`, txt: `${base}.txt` };
}

/** True when the document's JSON exists and was made from a source with this ETag. */
export async function isDone(s3: S3Client, bucket: string, keys: OutputKeys, sourceETag: string): Promise<boolean> {
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: keys.json }));
    const made = head.Metadata?.[SOURCE_ETAG_METADATA];
    return made !== undefined && unquoteETag(made) === unquoteETag(sourceETag);
  } catch (error) {
    if (statusOf(error) === 404) return false;
    throw error;
  }
}

export async function writeOutputs(
  s3: S3Client,
  bucket: string,
  keys: OutputKeys,
  sourceETag: string,
  text: string,
  record: unknown,
): Promise<void> {
  const Metadata = { [SOURCE_ETAG_METADATA]: unquoteETag(sourceETag) };
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: keys.txt,
      Body: text,
      ContentType: 'text/plain; charset=utf-8',
      Metadata,
    }),
  );
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: keys.json,
      Body: `${JSON.stringify(record, null, 1)}\n`,
      ContentType: 'application/json',
      Metadata,
    }),
  );
}

export function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}
