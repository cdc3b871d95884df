import type { IncomingMessage } from 'node:http';
import { s3Error, type S3Error } from './errors';

/** A path-style S3 request: `/<bucket>/<key>?<subresources>`, bucket and key percent-decoded. */
export interface S3Request {
  method: string;
  bucket: string | undefined;
  key: string | undefined;
  query: URLSearchParams;
  /** The header value, or undefined; repeated headers joined as node joins them. */
  header(name: string): string | undefined;
  raw: IncomingMessage;
}

export function parseS3Request(req: IncomingMessage): S3Request {
  const url = req.url ?? '/';
  const queryAt = url.indexOf('?');
  // Never `new URL(...)`: it would resolve `..` segments before we could see (and refuse) them.
  let path = queryAt < 0 ? url : url.slice(0, queryAt);
  const origin = /^[a-z]+:\/\/[^/]*/i.exec(path);
  if (origin) path = path.slice(origin[0].length) || '/';
  if (!path.startsWith('/')) throw invalidUri(url);
  const rest = path.slice(1);
  const slash = rest.indexOf('/');
  const bucket = decode(slash < 0 ? rest : rest.slice(0, slash), url);
  const key = slash < 0 ? '' : decode(rest.slice(slash + 1), url);
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    bucket: bucket === '' ? undefined : bucket,
    key: key === '' ? undefined : key,
    query: new URLSearchParams(queryAt < 0 ? '' : url.slice(queryAt + 1)),
    header(name) {
      const value = req.headers[name];
      return Array.isArray(value) ? value.join(',') : value;
    },
    raw: req,
  };
}

function decode(part: string, url: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw invalidUri(url);
  }
}

function invalidUri(url: string): S3Error {
  return s3Error('InvalidURI', 400, `Couldn't parse the specified URI: ${url}`, { URI: url });
}
