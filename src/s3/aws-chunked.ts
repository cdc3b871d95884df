import { Transform, type TransformCallback } from 'node:stream';
import { s3Error, type S3Error } from './errors';

/** Longest chunk header or trailer line we accept (signatures are 64 hex digits; trailers are short). */
const MAX_LINE = 4096;

/**
 * Decodes `Content-Encoding: aws-chunked` request bodies (SigV4 streaming, signed or unsigned, with or
 * without trailing checksums): the framing the v3 SDK and the AWS CLI use for streamed uploads.
 * Signatures are not verified, as nothing else is authenticated locally. Trailers are collected.
 */
export class AwsChunkedDecoder extends Transform {
  readonly trailers = new Map<string, string>();
  private state: 'size' | 'data' | 'data-end' | 'trailer' | 'done' = 'size';
  private remaining = 0;
  private line = '';
  private pendingCr = false;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.consume(chunk);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    callback(this.state === 'done' ? null : incomplete('the aws-chunked body ended before its final chunk'));
  }

  private consume(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.state === 'data') {
        const take = Math.min(this.remaining, chunk.length - at);
        this.push(chunk.subarray(at, at + take));
        at += take;
        this.remaining -= take;
        if (this.remaining === 0) this.state = 'data-end';
        continue;
      }
      const line = this.readLine(chunk, at);
      at = line.next;
      if (line.text === undefined) continue;
      this.onLine(line.text);
    }
  }

  /** Accumulates bytes up to CRLF; returns the completed line (without CRLF) when there is one. */
  private readLine(chunk: Buffer, from: number): { text: string | undefined; next: number } {
    let at = from;
    while (at < chunk.length) {
      const byte = chunk[at++];
      if (this.pendingCr) {
        this.pendingCr = false;
        if (byte === 0x0a) {
          const text = this.line;
          this.line = '';
          return { text, next: at };
        }
        this.line += '\r';
      }
      if (byte === 0x0d) this.pendingCr = true;
      else this.line += String.fromCharCode(byte ?? 0);
      if (this.line.length > MAX_LINE) throw incomplete('an aws-chunked header line is too long');
    }
    return { text: undefined, next: at };
  }

  private onLine(text: string): void {
    switch (this.state) {
      case 'size': {
        const size = text.split(';', 1)[0]?.trim() ?? '';
        if (!/^[0-9a-fA-F]{1,12}$/.test(size))
          throw incomplete(`bad aws-chunked chunk header ${JSON.stringify(text.slice(0, 80))}`);
        this.remaining = parseInt(size, 16);
        this.state = this.remaining === 0 ? 'trailer' : 'data';
        return;
      }
      case 'data-end':
        if (text !== '') throw incomplete('an aws-chunked chunk is longer than its declared size');
        this.state = 'size';
        return;
      case 'trailer': {
        if (text === '') {
          this.state = 'done';
          return;
        }
        const colon = text.indexOf(':');
        if (colon > 0) this.trailers.set(text.slice(0, colon).trim().toLowerCase(), text.slice(colon + 1).trim());
        return;
      }
      default:
        if (text !== '') throw incomplete('data after the final aws-chunked chunk');
    }
  }
}

function incomplete(detail: string): S3Error {
  return s3Error(
    'IncompleteBody',
    400,
    `You did not provide the number of bytes specified by the Content-Length HTTP header: ${detail}.`,
  );
}

/** True when the request body is aws-chunked framed (the header or the streaming payload hash says so). */
export function isAwsChunked(contentEncoding: string | undefined, contentSha256: string | undefined): boolean {
  return (
    (contentEncoding ?? '').split(',').some((coding) => coding.trim() === 'aws-chunked') ||
    (contentSha256 ?? '').startsWith('STREAMING-')
  );
}
