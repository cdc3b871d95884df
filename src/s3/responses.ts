import type { Readable } from 'node:stream';
import type { S3Error } from './errors';
import { escapeXml, xmlDocument, type XmlNode } from './xml';

/** What an operation answers; a Readable body is streamed (object contents), a string is sent whole. */
export interface S3Response {
  status: number;
  headers: Record<string, string>;
  body?: string | Readable;
}

export function xmlResponse(root: string, children: readonly (XmlNode | undefined)[], status = 200): S3Response {
  return { status, headers: { 'content-type': 'application/xml' }, body: xmlDocument(root, children) };
}

export function emptyResponse(status: number, headers: Record<string, string> = {}): S3Response {
  return { status, headers };
}

/** S3's error document (no namespace on `<Error>`, unlike the result documents). */
export function errorResponse(error: S3Error, requestId: string, resource: string): S3Response {
  const extra = Object.entries(error.details)
    .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
    .join('');
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message>${extra}` +
    `<Resource>${escapeXml(resource)}</Resource><RequestId>${requestId}</RequestId></Error>`;
  return { status: error.status, headers: { 'content-type': 'application/xml' }, body };
}

/** S3's timestamp format in XML documents: ISO 8601 with milliseconds. */
export function isoTime(date: Date): string {
  return date.toISOString();
}

/** Every object is encrypted at rest with S3-managed keys (SSE-S3), S3's default since 2023, and says so. */
export const SERVER_SIDE_ENCRYPTION: Readonly<Record<string, string>> = { 'x-amz-server-side-encryption': 'AES256' };
