/**
 * The embedded S3 on the local endpoint, driven as tasks and users drive it: the real server on an ephemeral
 * port, @aws-sdk/client-s3 (path-style), raw HTTP for what SDKs never send, and the AWS CLI.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
  type ListObjectsV2CommandOutput,
  type S3Client,
} from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { awsCliText, hasAws } from '../support/aws-cli';
import { startEndpoint, type TestEndpoint } from '../support/endpoint';

const md5 = (data: Buffer | string): string => createHash('md5').update(data).digest('hex');

/** A raw HTTP request, for paths no SDK would send (traversal attempts). */
function raw(
  url: string,
  method: string,
  path: string,
  body?: string,
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, method, path }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the embedded S3 through @aws-sdk/client-s3', () => {
  let endpoint: TestEndpoint;
  let s3: S3Client;

  beforeAll(async () => {
    // The SDK's own retries, as a user's client has them.
    endpoint = await startEndpoint({ name: 's3', maxAttempts: 3 });
    s3 = endpoint.s3;
  });
  afterAll(() => endpoint?.stop());

  it('creates, heads, lists and deletes buckets, with S3 errors', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'bucket-one' }));
    await expect(s3.send(new CreateBucketCommand({ Bucket: 'bucket-one' }))).rejects.toMatchObject({
      name: 'BucketAlreadyOwnedByYou',
      $metadata: { httpStatusCode: 409 },
    });
    await expect(s3.send(new CreateBucketCommand({ Bucket: 'Bad_Name' }))).rejects.toMatchObject({
      name: 'InvalidBucketName',
    });
    await s3.send(new HeadBucketCommand({ Bucket: 'bucket-one' }));
    await expect(s3.send(new HeadBucketCommand({ Bucket: 'no-such-bucket' }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
    const { Buckets } = await s3.send(new ListBucketsCommand({}));
    expect(Buckets?.map((b) => b.Name)).toContain('bucket-one');
    await s3.send(new PutObjectCommand({ Bucket: 'bucket-one', Key: 'k', Body: 'x' }));
    await expect(s3.send(new DeleteBucketCommand({ Bucket: 'bucket-one' }))).rejects.toMatchObject({
      name: 'BucketNotEmpty',
    });
    await s3.send(new DeleteObjectCommand({ Bucket: 'bucket-one', Key: 'k' }));
    await s3.send(new DeleteBucketCommand({ Bucket: 'bucket-one' }));
    await expect(s3.send(new DeleteBucketCommand({ Bucket: 'bucket-one' }))).rejects.toMatchObject({
      name: 'NoSuchBucket',
    });
    await expect(s3.send(new GetObjectCommand({ Bucket: 'bucket-one', Key: 'k' }))).rejects.toMatchObject({
      name: 'NoSuchBucket',
    });
  });

  describe('objects', () => {
    const Bucket = 'objects';
    beforeAll(async () => {
      await s3.send(new CreateBucketCommand({ Bucket }));
    });

    it('puts and gets (buffered and streamed bodies) with ETag, Last-Modified and metadata', async () => {
      const put = await s3.send(
        new PutObjectCommand({
          Bucket,
          Key: 'doc.json',
          Body: '{"a":1}',
          ContentType: 'application/json',
          Metadata: { source: 'unit-test', 'mixed-case': 'Value' },
        }),
      );
      expect(put.ETag).toBe(`"${md5('{"a":1}')}"`);
      const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'doc.json' }));
      expect(await got.Body?.transformToString()).toBe('{"a":1}');
      expect(got.ContentType).toBe('application/json');
      expect(got.ETag).toBe(put.ETag);
      expect(got.Metadata).toEqual({ source: 'unit-test', 'mixed-case': 'Value' });
      expect(got.LastModified).toBeInstanceOf(Date);
      expect(Math.abs((got.LastModified?.getTime() ?? 0) - Date.now())).toBeLessThan(5000);

      // A stream body makes the SDK send aws-chunked framing with a trailing CRC32: stored decoded.
      const data = randomBytes(300_000);
      const streamed = await s3.send(
        new PutObjectCommand({
          Bucket,
          Key: 'streamed.bin',
          Body: Readable.from([data.subarray(0, 1000), data.subarray(1000)]),
          ContentLength: data.length,
        }),
      );
      expect(streamed.ETag).toBe(`"${md5(data)}"`);
      const back = await s3.send(new GetObjectCommand({ Bucket, Key: 'streamed.bin' }));
      expect(Buffer.from(await back.Body!.transformToByteArray()).equals(data)).toBe(true);

      const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'streamed.bin' }));
      expect(head.ContentLength).toBe(data.length);
      expect(head.ContentType).toBe('application/octet-stream'); // what the SDK sends for streams
      // Without a Content-Type, S3 answers binary/octet-stream.
      expect((await raw(endpoint.url, 'PUT', `/${Bucket}/untyped`, 'u')).status).toBe(200);
      expect((await raw(endpoint.url, 'GET', `/${Bucket}/untyped`)).headers['content-type']).toBe(
        'binary/octet-stream',
      );
      await expect(s3.send(new HeadObjectCommand({ Bucket, Key: 'missing' }))).rejects.toMatchObject({
        name: 'NotFound',
        $metadata: { httpStatusCode: 404 },
      });
      await expect(s3.send(new GetObjectCommand({ Bucket, Key: 'missing' }))).rejects.toMatchObject({
        name: 'NoSuchKey',
      });
    });

    it('serves Range requests: first-last, open-ended, suffix, and InvalidRange', async () => {
      await s3.send(new PutObjectCommand({ Bucket, Key: 'digits', Body: '0123456789' }));
      const get = async (Range: string): Promise<[string, string | undefined]> => {
        const out = await s3.send(new GetObjectCommand({ Bucket, Key: 'digits', Range }));
        return [await out.Body!.transformToString(), out.ContentRange];
      };
      expect(await get('bytes=2-4')).toEqual(['234', 'bytes 2-4/10']);
      expect(await get('bytes=7-')).toEqual(['789', 'bytes 7-9/10']);
      expect(await get('bytes=-3')).toEqual(['789', 'bytes 7-9/10']);
      expect(await get('bytes=5-100')).toEqual(['56789', 'bytes 5-9/10']);
      await expect(get('bytes=10-12')).rejects.toMatchObject({
        name: 'InvalidRange',
        $metadata: { httpStatusCode: 416 },
      });
    });

    it('honours conditional GETs', async () => {
      const put = await s3.send(new PutObjectCommand({ Bucket, Key: 'cond', Body: 'c' }));
      await expect(s3.send(new GetObjectCommand({ Bucket, Key: 'cond', IfNoneMatch: put.ETag }))).rejects.toMatchObject(
        {
          $metadata: { httpStatusCode: 304 },
        },
      );
      await expect(s3.send(new GetObjectCommand({ Bucket, Key: 'cond', IfMatch: '"nope"' }))).rejects.toMatchObject({
        name: 'PreconditionFailed',
      });
      await expect(
        s3.send(new PutObjectCommand({ Bucket, Key: 'cond', Body: 'd', IfNoneMatch: '*' })),
      ).rejects.toMatchObject({
        name: 'PreconditionFailed',
      });
    });

    it('copies objects, keeping or replacing metadata', async () => {
      await s3.send(new PutObjectCommand({ Bucket, Key: 'src/a b.txt', Body: 'copy me', Metadata: { m: '1' } }));
      const copy = await s3.send(
        new CopyObjectCommand({
          Bucket,
          Key: 'dst/copy.txt',
          CopySource: `${Bucket}/${encodeURIComponent('src/a b.txt')}`,
        }),
      );
      expect(copy.CopyObjectResult?.ETag).toBe(`"${md5('copy me')}"`);
      const got = await s3.send(new GetObjectCommand({ Bucket, Key: 'dst/copy.txt' }));
      expect(await got.Body?.transformToString()).toBe('copy me');
      expect(got.Metadata).toEqual({ m: '1' });
      await s3.send(
        new CopyObjectCommand({
          Bucket,
          Key: 'dst/copy.txt',
          CopySource: `${Bucket}/dst/copy.txt`,
          MetadataDirective: 'REPLACE',
          Metadata: { m: '2' },
          ContentType: 'text/plain',
        }),
      );
      const head = await s3.send(new HeadObjectCommand({ Bucket, Key: 'dst/copy.txt' }));
      expect([head.Metadata, head.ContentType]).toEqual([{ m: '2' }, 'text/plain']);
      await expect(
        s3.send(new CopyObjectCommand({ Bucket, Key: 'x', CopySource: `${Bucket}/dst/copy.txt` + '-missing' })),
      ).rejects.toMatchObject({ name: 'NoSuchKey' });
      await expect(
        s3.send(new CopyObjectCommand({ Bucket, Key: 'dst/copy.txt', CopySource: `${Bucket}/dst/copy.txt` })),
      ).rejects.toMatchObject({ name: 'InvalidRequest' });
    });

    it('deletes one object and many (DeleteObjects), missing keys included', async () => {
      for (const Key of ['d/1', 'd/2', 'd/3', 'd/123']) await s3.send(new PutObjectCommand({ Bucket, Key, Body: Key }));
      await s3.send(new DeleteObjectCommand({ Bucket, Key: 'd/1' }));
      await s3.send(new DeleteObjectCommand({ Bucket, Key: 'd/never-existed' }));
      const out = await s3.send(
        new DeleteObjectsCommand({
          Bucket,
          Delete: { Objects: [{ Key: 'd/2' }, { Key: 'd/3' }, { Key: 'd/123' }, { Key: 'd/<&>' }] },
        }),
      );
      expect(out.Deleted?.map((d) => d.Key).sort()).toEqual(['d/123', 'd/2', 'd/3', 'd/<&>']);
      const list = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'd/' }));
      expect(list.KeyCount).toBe(0);
    });

    it('keeps unicode, space, plus and slash-heavy keys apart and intact', async () => {
      const keys = [
        'naïve café/ünï ☃.txt',
        'a b+c=d&e',
        '/leading',
        'double//slash',
        'trailing/',
        'a',
        'a/b',
        '日本語/キー',
      ];
      for (const Key of keys) await s3.send(new PutObjectCommand({ Bucket: 'objects', Key, Body: `body of ${Key}` }));
      for (const Key of keys) {
        const got = await s3.send(new GetObjectCommand({ Bucket: 'objects', Key }));
        expect(await got.Body?.transformToString()).toBe(`body of ${Key}`);
      }
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: 'objects' }));
      const names = listed.Contents?.map((c) => c.Key) ?? [];
      for (const Key of keys) expect(names).toContain(Key);
      // UTF-8 binary order, as S3 lists.
      const sorted = [...names].sort((x, y) => Buffer.compare(Buffer.from(x!), Buffer.from(y!)));
      expect(names).toEqual(sorted);
    });

    it('refuses traversal attempts and never writes outside <dataDir>/s3', async () => {
      const before = readdirSync(endpoint.dataDir).sort();
      for (const path of [
        `/${Bucket}/../escaped`,
        `/${Bucket}/a/../../escaped`,
        `/${Bucket}/%2e%2e/%2e%2e/escaped`,
        `/${Bucket}/..%2F..%2Fescaped`,
        `/${Bucket}/x/%00/y`,
        `/..%2F${Bucket}/k`,
        `/%2e%2e/k`,
      ]) {
        const response = await raw(endpoint.url, 'PUT', path, 'evil');
        expect([path, response.status]).toEqual([path, 400]);
        expect(response.body).toMatch(/<Code>(InvalidArgument|InvalidBucketName)<\/Code>/);
      }
      const absolute = await raw(endpoint.url, 'PUT', `/${Bucket}//etc/passwd-fanout-test`, 'not a file');
      expect(absolute.status).toBe(200); // the key "/etc/passwd-fanout-test", stored as a blob
      expect(existsSync('/etc/passwd-fanout-test')).toBe(false);
      expect(existsSync(join(endpoint.dataDir, 'escaped'))).toBe(false);
      expect(existsSync(join(endpoint.dataDir, '..', 'escaped'))).toBe(false);
      expect(readdirSync(endpoint.dataDir).sort()).toEqual(before);
      const badUri = await raw(endpoint.url, 'GET', `/${Bucket}/%E0%A4%A`);
      expect(badUri.status).toBe(400);
      expect(badUri.body).toContain('<Code>InvalidURI</Code>');
    });
  });

  it('lists 2,500 keys in pages of 1,000 with Prefix, StartAfter and Delimiter/CommonPrefixes', async () => {
    const Bucket = 'listing';
    await s3.send(new CreateBucketCommand({ Bucket }));
    const keys: string[] = [];
    for (let d = 0; d < 5; d++) for (let i = 0; i < 500; i++) keys.push(`dir${d}/item-${String(i).padStart(4, '0')}`);
    keys.push('top-level.txt');
    for (let i = 0; i < keys.length; i += 50) {
      await Promise.all(keys.slice(i, i + 50).map((Key) => s3.send(new PutObjectCommand({ Bucket, Key, Body: Key }))));
    }

    const pages: number[] = [];
    const seen: string[] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket, Prefix: 'dir', ContinuationToken }));
      pages.push(page.KeyCount ?? 0);
      seen.push(...(page.Contents ?? []).map((c) => c.Key!));
      ContinuationToken = page.NextContinuationToken;
      expect(page.IsTruncated).toBe(ContinuationToken !== undefined);
    } while (ContinuationToken);
    expect(pages).toEqual([1000, 1000, 500]);
    expect(seen).toEqual(keys.filter((k) => k.startsWith('dir')).sort());

    const small = await s3.send(
      new ListObjectsV2Command({ Bucket, Prefix: 'dir3/', MaxKeys: 7, StartAfter: 'dir3/item-0100' }),
    );
    expect(small.Contents?.map((c) => c.Key)).toEqual(Array.from({ length: 7 }, (_, i) => `dir3/item-0${101 + i}`));
    expect(small.IsTruncated).toBe(true);

    const tree = await s3.send(new ListObjectsV2Command({ Bucket, Delimiter: '/' }));
    expect(tree.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['dir0/', 'dir1/', 'dir2/', 'dir3/', 'dir4/']);
    expect(tree.Contents?.map((c) => c.Key)).toEqual(['top-level.txt']);
    expect(tree.KeyCount).toBe(6);

    // Common prefixes count toward MaxKeys and paginate like keys.
    const prefixes: string[] = [];
    ContinuationToken = undefined;
    do {
      const page: ListObjectsV2CommandOutput = await s3.send(
        new ListObjectsV2Command({ Bucket, Delimiter: '/', MaxKeys: 2, ContinuationToken }),
      );
      prefixes.push(...(page.CommonPrefixes ?? []).map((p) => p.Prefix!), ...(page.Contents ?? []).map((c) => c.Key!));
      ContinuationToken = page.NextContinuationToken;
    } while (ContinuationToken);
    expect(prefixes).toEqual(['dir0/', 'dir1/', 'dir2/', 'dir3/', 'dir4/', 'top-level.txt']);

    await expect(
      s3.send(new ListObjectsV2Command({ Bucket, ContinuationToken: 'not a token!' })),
    ).rejects.toMatchObject({
      name: 'InvalidArgument',
    });
  });

  it('uploads ~12 MB in 3 parts with the multipart ETag, and aborts uploads', async () => {
    const Bucket = 'multipart';
    const Key = 'big/file.bin';
    await s3.send(new CreateBucketCommand({ Bucket }));
    const parts = [randomBytes(5 * 1024 * 1024), randomBytes(5 * 1024 * 1024), randomBytes(2 * 1024 * 1024)];
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket, Key, ContentType: 'application/x-test', Metadata: { kind: 'mp' } }),
    );
    const etags = await Promise.all(
      parts.map(
        async (Body, i) =>
          (await s3.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber: i + 1, Body }))).ETag!,
      ),
    );
    expect(etags).toEqual(parts.map((p) => `"${md5(p)}"`));
    const complete = (Parts: { PartNumber: number; ETag: string | undefined }[]) =>
      s3.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts } }));

    await expect(
      complete([
        { PartNumber: 2, ETag: etags[1] },
        { PartNumber: 1, ETag: etags[0] },
      ]),
    ).rejects.toMatchObject({ name: 'InvalidPartOrder' });
    await expect(complete([{ PartNumber: 1, ETag: '"0"' }])).rejects.toMatchObject({ name: 'InvalidPart' });

    const done = await complete(etags.map((ETag, i) => ({ PartNumber: i + 1, ETag })));
    const expected = createHash('md5')
      .update(Buffer.concat(parts.map((p) => createHash('md5').update(p).digest())))
      .digest('hex');
    expect(done.ETag).toBe(`"${expected}-3"`);

    const whole = Buffer.concat(parts);
    const got = await s3.send(new GetObjectCommand({ Bucket, Key }));
    expect([got.ETag, got.ContentLength, got.ContentType, got.Metadata]).toEqual([
      done.ETag,
      whole.length,
      'application/x-test',
      { kind: 'mp' },
    ]);
    expect(md5(Buffer.from(await got.Body!.transformToByteArray()))).toBe(md5(whole));
    const tail = await s3.send(new GetObjectCommand({ Bucket, Key, Range: `bytes=${whole.length - 10}-` }));
    expect(Buffer.from(await tail.Body!.transformToByteArray()).equals(whole.subarray(-10))).toBe(true);

    const small = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: 'small' }));
    const p1 = await s3.send(
      new UploadPartCommand({ Bucket, Key: 'small', UploadId: small.UploadId, PartNumber: 1, Body: 'tiny' }),
    );
    const p2 = await s3.send(
      new UploadPartCommand({ Bucket, Key: 'small', UploadId: small.UploadId, PartNumber: 2, Body: 'tiny' }),
    );
    await expect(
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket,
          Key: 'small',
          UploadId: small.UploadId,
          MultipartUpload: {
            Parts: [
              { PartNumber: 1, ETag: p1.ETag },
              { PartNumber: 2, ETag: p2.ETag },
            ],
          },
        }),
      ),
    ).rejects.toMatchObject({ name: 'EntityTooSmall' });
    await s3.send(new AbortMultipartUploadCommand({ Bucket, Key: 'small', UploadId: small.UploadId }));
    await expect(
      s3.send(new UploadPartCommand({ Bucket, Key: 'small', UploadId: small.UploadId, PartNumber: 3, Body: 'x' })),
    ).rejects.toMatchObject({ name: 'NoSuchUpload' });
    await expect(
      s3.send(new AbortMultipartUploadCommand({ Bucket, Key: 'small', UploadId: small.UploadId })),
    ).rejects.toMatchObject({
      name: 'NoSuchUpload',
    });
  });

  it('keeps answering the Step Functions JSON API on the same port', async () => {
    const response = await fetch(endpoint.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'AWSStepFunctions.ListStateMachines' },
      body: '{}',
    });
    expect(response.status).toBe(200);
  });

  it('keeps objects across a server restart', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'durable' }));
    const put = await s3.send(new PutObjectCommand({ Bucket: 'durable', Key: 'kept', Body: 'still here' }));
    await endpoint.restart();
    s3 = endpoint.s3;
    const got = await s3.send(new GetObjectCommand({ Bucket: 'durable', Key: 'kept' }));
    expect([await got.Body?.transformToString(), got.ETag]).toEqual(['still here', put.ETag]);
  });
});

const describeAws = hasAws ? describe : describe.skip;
describeAws(`the embedded S3 through the AWS CLI${hasAws ? '' : ' (SKIPPED: `aws` is not on PATH)'}`, () => {
  let endpoint: TestEndpoint;
  const aws = (...args: string[]): Promise<string> => awsCliText(endpoint.url, args);

  beforeAll(async () => {
    endpoint = await startEndpoint({ name: 's3-cli' });
  });
  afterAll(() => endpoint?.stop());

  it('mb, cp (20 MB, multipart) up and down, ls, rm --recursive, rb', async () => {
    const work = join(endpoint.dir, 'files');
    mkdirSync(work);
    const big = randomBytes(20 * 1024 * 1024);
    writeFileSync(join(work, 'big.bin'), big);
    writeFileSync(join(work, 'small name.txt'), 'hello from the cli');
    await aws('s3', 'mb', 's3://cli-bucket');
    await aws('s3', 'cp', join(work, 'big.bin'), 's3://cli-bucket/data/big.bin');
    await aws('s3', 'cp', join(work, 'small name.txt'), 's3://cli-bucket/data/small name.txt');

    const head = JSON.parse(await aws('s3api', 'head-object', '--bucket', 'cli-bucket', '--key', 'data/big.bin')) as {
      ETag: string;
      ContentLength: number;
    };
    expect(head.ContentLength).toBe(big.length);
    expect(head.ETag).toMatch(/^"[0-9a-f]{32}-\d+"$/);

    expect(await aws('s3', 'ls', 's3://cli-bucket/')).toContain('PRE data/');
    const listing = await aws('s3', 'ls', '--recursive', 's3://cli-bucket/');
    expect(listing).toContain('data/big.bin');
    expect(listing).toContain('data/small name.txt');

    await aws('s3', 'cp', 's3://cli-bucket/data/big.bin', join(work, 'back.bin'));
    await aws('s3', 'cp', 's3://cli-bucket/data/small name.txt', join(work, 'back.txt'));
    expect(md5(readFileSync(join(work, 'back.bin')))).toBe(md5(big));
    expect(readFileSync(join(work, 'back.txt'), 'utf8')).toBe('hello from the cli');

    await aws('s3', 'cp', 's3://cli-bucket/data/big.bin', 's3://cli-bucket/copy/big.bin');
    const copied = JSON.parse(await aws('s3api', 'head-object', '--bucket', 'cli-bucket', '--key', 'copy/big.bin')) as {
      ContentLength: number;
    };
    expect(copied.ContentLength).toBe(big.length);

    await aws('s3', 'rm', '--recursive', 's3://cli-bucket/');
    expect((await aws('s3', 'ls', '--recursive', 's3://cli-bucket/')).trim()).toBe('');
    await aws('s3', 'rb', 's3://cli-bucket');
    expect(await aws('s3', 'ls')).not.toContain('cli-bucket');
  });
});
