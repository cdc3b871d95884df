import { Readable } from 'node:stream';
import { AwsChunkedDecoder, isAwsChunked } from '../../../src/s3/aws-chunked';

async function decode(pieces: Array<string | Buffer>): Promise<{ body: string; trailers: Map<string, string> }> {
  const decoder = new AwsChunkedDecoder();
  const chunks: Buffer[] = [];
  for await (const chunk of Readable.from(pieces.map((p) => Buffer.from(p))).pipe(decoder))
    chunks.push(chunk as Buffer);
  return { body: Buffer.concat(chunks).toString(), trailers: decoder.trailers };
}

describe('AwsChunkedDecoder', () => {
  it('decodes unsigned chunks with a trailing checksum', async () => {
    const out = await decode(['b\r\nhello world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n']);
    expect(out.body).toBe('hello world');
    expect(out.trailers.get('x-amz-checksum-crc32')).toBe('DUoRhQ==');
  });

  it('decodes signed chunks split at every byte boundary', async () => {
    const sig = ';chunk-signature=' + 'a'.repeat(64);
    const framed = `5${sig}\r\nhello\r\n6${sig}\r\n world\r\n0${sig}\r\n\r\n`;
    const bytes = [...Buffer.from(framed)].map((b) => Buffer.from([b]));
    expect((await decode(bytes)).body).toBe('hello world');
  });

  it('keeps CR and LF bytes inside chunk data', async () => {
    expect((await decode(['4\r\n\r\n\r\n\r\n0\r\n\r\n'])).body).toBe('\r\n\r\n');
  });

  it('fails on truncated or malformed framing', async () => {
    await expect(decode(['b\r\nhello'])).rejects.toMatchObject({ code: 'IncompleteBody' });
    await expect(decode(['zz\r\nhello\r\n'])).rejects.toMatchObject({ code: 'IncompleteBody' });
    await expect(decode(['2\r\nhello\r\n0\r\n\r\n'])).rejects.toMatchObject({ code: 'IncompleteBody' });
  });

  it('recognises aws-chunked bodies by header or payload hash', () => {
    expect(isAwsChunked('aws-chunked', undefined)).toBe(true);
    expect(isAwsChunked('gzip, aws-chunked', undefined)).toBe(true);
    expect(isAwsChunked(undefined, 'STREAMING-UNSIGNED-PAYLOAD-TRAILER')).toBe(true);
    expect(isAwsChunked('gzip', 'UNSIGNED-PAYLOAD')).toBe(false);
  });
});
