import { OWNER } from './buckets';
import { requireBucket, type S3Context } from './context';
import { invalidArgument } from './errors';
import type { StoredObject } from './object-store';
import type { S3Request } from './request';
import { isoTime, xmlResponse, type S3Response } from './responses';
import type { XmlNode } from './xml';

/** S3 returns at most 1,000 entries (keys plus common prefixes) per page, whatever MaxKeys asks. */
const PAGE_LIMIT = 1000;

/**
 * ListObjectsV2 (`list-type=2`) and the original ListObjects. Continuation tokens are opaque to clients:
 * ours are the page's exclusive lower bound in base64url, so a token stays valid across restarts and writes.
 */
export function listObjects(context: S3Context, request: S3Request, bucket: string): S3Response {
  requireBucket(context, bucket);
  const { query } = request;
  const v2 = query.get('list-type') === '2';
  const prefix = query.get('prefix') ?? '';
  const delimiter = query.get('delimiter') ?? '';
  const maxKeysText = query.get('max-keys');
  const maxKeys = maxKeysText === null ? PAGE_LIMIT : parseMaxKeys(maxKeysText);
  const encodingType = query.get('encoding-type');
  if (encodingType !== null && encodingType !== 'url') {
    throw invalidArgument('Invalid Encoding Method specified in Request', 'encoding-type', encodingType);
  }
  const encode = encodingType === 'url' ? urlEncode : (text: string): string => text;

  const token = v2 ? query.get('continuation-token') : null;
  const startAfter = (v2 ? query.get('start-after') : query.get('marker')) ?? '';
  let after: Buffer;
  if (token !== null) {
    after = Buffer.from(token, 'base64url');
    if (token === '' || after.toString('base64url') !== token) {
      throw invalidArgument('The continuation token provided is incorrect', 'continuation-token', token);
    }
  } else {
    after = Buffer.from(startAfter, 'utf8');
    // A V1 marker naming a common prefix resumes after everything folded into it.
    if (!v2 && delimiter !== '' && startAfter.startsWith(prefix) && startAfter.endsWith(delimiter)) {
      after = Buffer.concat([after, Buffer.from([0xff])]);
    }
  }

  const page = context.store.listObjects(bucket, { prefix, after, delimiter, maxKeys: Math.min(maxKeys, PAGE_LIMIT) });
  const contents = page.contents.map((object) =>
    contentsNode(object, encode, !v2 || query.get('fetch-owner') === 'true'),
  );
  const commonPrefixes = page.commonPrefixes.map((common): XmlNode => ['CommonPrefixes', [['Prefix', encode(common)]]]);
  const common: Array<XmlNode | undefined> = [
    ['Name', bucket],
    ['Prefix', encode(prefix)],
    ['MaxKeys', maxKeys],
    delimiter === '' ? undefined : ['Delimiter', encode(delimiter)],
    encodingType === null ? undefined : ['EncodingType', encodingType],
    ['IsTruncated', page.truncated],
  ];
  if (v2) {
    return xmlResponse('ListBucketResult', [
      ...common,
      token === null ? undefined : ['ContinuationToken', token],
      token !== null || startAfter === '' ? undefined : ['StartAfter', encode(startAfter)],
      ['KeyCount', page.contents.length + page.commonPrefixes.length],
      page.next === undefined ? undefined : ['NextContinuationToken', page.next.toString('base64url')],
      ...contents,
      ...commonPrefixes,
    ]);
  }
  const lastEntry = [page.contents.at(-1)?.key, page.commonPrefixes.at(-1)]
    .filter((entry) => entry !== undefined)
    .sort()
    .at(-1);
  return xmlResponse('ListBucketResult', [
    ...common,
    ['Marker', encode(startAfter)],
    // S3 sends NextMarker only with a delimiter; without one, clients resume after the last key.
    page.truncated && delimiter !== '' && lastEntry !== undefined ? ['NextMarker', encode(lastEntry)] : undefined,
    ...contents,
    ...commonPrefixes,
  ]);
}

function contentsNode(object: StoredObject, encode: (text: string) => string, withOwner: boolean): XmlNode {
  return [
    'Contents',
    [
      ['Key', encode(object.key)],
      ['LastModified', isoTime(object.lastModified)],
      ['ETag', object.etag],
      ['Size', object.size],
      withOwner
        ? [
            'Owner',
            [
              ['ID', OWNER.ID],
              ['DisplayName', OWNER.DisplayName],
            ],
          ]
        : undefined,
      ['StorageClass', 'STANDARD'],
    ],
  ];
}

function parseMaxKeys(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 2147483647) {
    throw invalidArgument('Provided max-keys not an integer or within integer range', 'max-keys', text);
  }
  return Number(text);
}

/** `encoding-type=url`: what botocore asks for and decodes (unquote_plus), so `+` must be encoded too. */
function urlEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}
