/** TaskS3 against the embedded S3 of the local endpoint, reached the way a task reaches it: AWS_ENDPOINT_URL. */
import { Readable } from 'node:stream';
import { TaskS3, parseS3Uri } from '../../../../tasks/common/src';
import { startEndpoint, type TestEndpoint } from '../../../support/endpoint';

describe('TaskS3', () => {
  let endpoint: TestEndpoint;
  let s3: TaskS3;

  beforeAll(async () => {
    endpoint = await startEndpoint({ name: 'task-s3' });
    s3 = new TaskS3(undefined, endpoint.taskEnv);
    expect((await fetch(`${endpoint.url}/bucket`, { method: 'PUT' })).status).toBe(200);
  });
  afterAll(async () => {
    s3.destroy();
    await endpoint.stop();
  });

  it('parses s3:// URIs', () => {
    expect(parseS3Uri('s3://b/a/b.json')).toEqual({ bucket: 'b', key: 'a/b.json' });
    expect(() => parseS3Uri('s3://b')).toThrow(/not an s3/);
  });

  it('puts and gets text, JSON and streams, and checks existence with an ETag', async () => {
    const at = { bucket: 'bucket', key: 'out/doc.json' };
    expect(await s3.existsWithETag(at)).toBe(false);
    const { etag } = await s3.put(at, JSON.stringify({ text: 'hi' }), { contentType: 'application/json' });
    expect(await s3.getJson(at)).toEqual({ text: 'hi' });
    expect(await s3.existsWithETag(at)).toBe(true);
    expect(await s3.existsWithETag(at, etag.replace(/"/g, ''))).toBe(true);
    expect(await s3.existsWithETag(at, '"0000"')).toBe(false);

    const streamed = { bucket: 'bucket', key: 'out/big.txt' };
    await s3.put(streamed, Readable.from([Buffer.from('a'.repeat(1000)), Buffer.from('b'.repeat(1000))]), {
      contentLength: 2000,
    });
    const chunks: Buffer[] = [];
    for await (const chunk of await s3.getStream(streamed)) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('a'.repeat(1000) + 'b'.repeat(1000));
    expect(await s3.head(streamed)).toMatchObject({ size: 2000 });
  });
});
