import { preconditionFailed, s3Error } from './errors';
import type { ObjectHeaders, StoredObject } from './object-store';
import type { S3Request } from './request';
import { SERVER_SIDE_ENCRYPTION } from './responses';

/** System metadata S3 keeps from the upload request and returns on GetObject/HeadObject. */
const STORED_HEADERS = [
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-language',
  'content-type',
  'expires',
  'x-amz-website-redirect-location',
];
/** S3's limit on the user-defined metadata (names and values of `x-amz-meta-*`, in bytes). */
const MAX_USER_METADATA_BYTES = 2048;

/** The headers an upload request asks S3 to store with the object. */
export function objectHeadersFrom(request: S3Request): ObjectHeaders {
  const headers: ObjectHeaders = {};
  for (const name of STORED_HEADERS) {
    let value = request.header(name);
    // aws-chunked is transfer framing, not a property of the object.
    if (name === 'content-encoding' && value !== undefined) {
      value = value
        .split(',')
        .map((coding) => coding.trim())
        .filter((coding) => coding !== '' && coding !== 'aws-chunked')
        .join(', ');
    }
    if (value !== undefined && value !== '') headers[name] = value;
  }
  let metadataBytes = 0;
  for (const [name, value] of Object.entries(request.raw.headers)) {
    if (!name.startsWith('x-amz-meta-') || value === undefined) continue;
    const text = Array.isArray(value) ? value.join(',') : value;
    headers[name] = text;
    metadataBytes += Buffer.byteLength(name.slice('x-amz-meta-'.length)) + Buffer.byteLength(text);
  }
  if (metadataBytes > MAX_USER_METADATA_BYTES) {
    throw s3Error('MetadataTooLarge', 400, 'Your metadata headers exceed the maximum allowed metadata size.', {
      Size: String(metadataBytes),
      MaxSizeAllowed: String(MAX_USER_METADATA_BYTES),
    });
  }
  return headers;
}

const RESPONSE_OVERRIDES: Record<string, string> = {
  'response-content-type': 'content-type',
  'response-content-language': 'content-language',
  'response-expires': 'expires',
  'response-cache-control': 'cache-control',
  'response-content-disposition': 'content-disposition',
  'response-content-encoding': 'content-encoding',
};

/** GetObject/HeadObject headers for a stored object (before any Range narrowing). */
export function objectResponseHeaders(object: StoredObject, query: URLSearchParams): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'binary/octet-stream',
    ...object.headers,
    etag: object.etag,
    'last-modified': object.lastModified.toUTCString(),
    'accept-ranges': 'bytes',
    'content-length': String(object.size),
    ...SERVER_SIDE_ENCRYPTION,
  };
  for (const [parameter, header] of Object.entries(RESPONSE_OVERRIDES)) {
    const value = query.get(parameter);
    if (value !== null) headers[header] = value;
  }
  return headers;
}

/** The outcome of GetObject/HeadObject conditional headers, in the precedence RFC 7232 and S3 apply. */
export function checkConditions(request: S3Request, object: StoredObject, prefix = ''): 'ok' | 'not-modified' {
  const ifMatch = request.header(`${prefix}if-match`);
  const ifNoneMatch = request.header(`${prefix}if-none-match`);
  const ifModifiedSince = date(request.header(`${prefix}if-modified-since`));
  const ifUnmodifiedSince = date(request.header(`${prefix}if-unmodified-since`));
  const modified = Math.floor(object.lastModified.getTime() / 1000) * 1000;
  if (ifMatch !== undefined) {
    if (!etagMatches(ifMatch, object.etag)) throw preconditionFailed(`${prefix}If-Match`);
  } else if (ifUnmodifiedSince !== undefined && modified > ifUnmodifiedSince) {
    throw preconditionFailed(`${prefix}If-Unmodified-Since`);
  }
  if (ifNoneMatch !== undefined) {
    if (etagMatches(ifNoneMatch, object.etag)) {
      if (prefix !== '') throw preconditionFailed(`${prefix}If-None-Match`);
      return 'not-modified';
    }
  } else if (ifModifiedSince !== undefined && modified <= ifModifiedSince) {
    if (prefix !== '') throw preconditionFailed(`${prefix}If-Modified-Since`);
    return 'not-modified';
  }
  return 'ok';
}

export function etagMatches(condition: string, etag: string): boolean {
  const bare = etag.replace(/"/g, '');
  return condition
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, '').replace(/"/g, ''))
    .some((tag) => tag === '*' || tag === bare);
}

function date(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}
