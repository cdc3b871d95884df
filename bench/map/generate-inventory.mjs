#!/usr/bin/env node
// Writes an N-row S3 Inventory report (CSV: manifest.json, manifest.checksum, gzip CSV data files) to a local
// directory, or with --endpoint to S3, streaming: rows go through gzip to disk or a multipart upload, never
// held whole. Plain Node, no build.
//
//   node bench/map/generate-inventory.mjs --rows 1000000 --out /tmp/inv
//   node bench/map/generate-inventory.mjs --rows 1000000 --endpoint http://127.0.0.1:8083 --bucket inv
//
// The manifest key is printed on stdout; files are laid out as S3 does:
//   <prefix>/<sourceBucket>/<configId>/<YYYY-MM-DDTHH-MMZ>/manifest.json and <...>/data/<uuid>.csv.gz
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { createGzip, constants } from 'node:zlib';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    'rows-per-file': { type: 'string', default: '250000' },
    out: { type: 'string' },
    endpoint: { type: 'string' },
    bucket: { type: 'string', default: 'inventory' },
    prefix: { type: 'string', default: 'inventories' },
    'source-bucket': { type: 'string', default: 'documents' },
    'config-id': { type: 'string', default: 'bench' },
  },
});
const rows = Number(values.rows);
const rowsPerFile = Number(values['rows-per-file']);
if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(rowsPerFile) || rowsPerFile < 1) {
  console.error('--rows and --rows-per-file must be integers');
  process.exit(2);
}
if (values.out === undefined && values.endpoint === undefined) {
  console.error('usage: generate-inventory.mjs --rows N (--out DIR | --endpoint URL [--bucket B])');
  process.exit(2);
}

const now = new Date();
const stamp = `${now.toISOString().slice(0, 13)}-${now.toISOString().slice(14, 16)}Z`;
const base = `${values.prefix ? `${values.prefix}/` : ''}${values['source-bucket']}/${values['config-id']}/`;
const sink = values.endpoint === undefined ? directorySink(values.out) : await s3Sink(values.endpoint, values.bucket);

const started = Date.now();
const files = [];
for (let first = 0; first < rows; first += rowsPerFile) {
  const count = Math.min(rowsPerFile, rows - first);
  files.push(await writeDataFile(`${base}data/${randomUUID()}.csv.gz`, first, count));
  process.stderr.write(`generate-inventory: ${first + count}/${rows} rows\n`);
}
const manifest = JSON.stringify({
  sourceBucket: values['source-bucket'],
  destinationBucket: `arn:aws:s3:::${values.bucket}`,
  version: '2016-11-30',
  creationTimestamp: String(now.getTime()),
  fileFormat: 'CSV',
  fileSchema: 'Bucket, Key, Size, LastModifiedDate, ETag',
  files,
});
const manifestKey = `${base}${stamp}/manifest.json`;
await sink.put(manifestKey, manifest);
await sink.put(`${base}${stamp}/manifest.checksum`, createHash('md5').update(manifest).digest('hex'));
await sink.close();
process.stderr.write(
  `generate-inventory: ${rows} rows in ${files.length} files, ${((Date.now() - started) / 1000).toFixed(2)} s\n`,
);
console.log(manifestKey);

/** One gzip data file of `count` rows, streamed with backpressure into the sink. */
async function writeDataFile(key, first, count) {
  const gzip = createGzip({ level: constants.Z_BEST_SPEED });
  const md5 = createHash('md5');
  let size = 0;
  const upload = sink.open(key);
  const drained = (async () => {
    for await (const chunk of gzip) {
      md5.update(chunk);
      size += chunk.length;
      await upload.write(chunk);
    }
  })();
  const bucket = values['source-bucket'];
  const day = Date.UTC(2024, 0, 1);
  let block = '';
  for (let i = first; i < first + count; i++) {
    const key = `scans/${String(i % 1000).padStart(3, '0')}/document+${i}.pdf`; // as S3 encodes "document <i>.pdf"
    const etag = ((i * 2654435761) >>> 0).toString(16).padStart(8, '0').repeat(4);
    const modified = new Date(day + (i % 86_400) * 1000).toISOString();
    block += `"${bucket}","${key}","${(i * 7919) % 5_000_000}","${modified}","${etag}"\n`;
    if (block.length >= 1 << 18) {
      if (!gzip.write(block)) await new Promise((resolve) => gzip.once('drain', resolve));
      block = '';
    }
  }
  gzip.end(block);
  await drained;
  await upload.end();
  return { key, size, MD5checksum: md5.digest('hex') };
}

function directorySink(dir) {
  return {
    open(key) {
      const path = join(dir, key);
      mkdirSync(dirname(path), { recursive: true });
      const out = createWriteStream(path);
      return {
        write: (chunk) => (out.write(chunk) ? undefined : new Promise((resolve) => out.once('drain', resolve))),
        end: () => new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve()))),
      };
    },
    async put(key, body) {
      const path = join(dir, key);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, body);
    },
    async close() {},
  };
}

/** S3 through the SDK: multipart uploads of 8 MiB parts, so memory holds one part. */
async function s3Sink(endpoint, bucket) {
  const s3 = await import('@aws-sdk/client-s3');
  const client = new s3.S3Client({
    endpoint,
    region: process.env.AWS_REGION ?? 'us-east-1',
    forcePathStyle: true,
    credentials: process.env.AWS_ACCESS_KEY_ID ? undefined : { accessKeyId: 'dummy', secretAccessKey: 'dummy' },
  });
  await client.send(new s3.CreateBucketCommand({ Bucket: bucket })).catch(() => undefined);
  const PART = 8 * 1024 * 1024;
  return {
    open(key) {
      let parts = [];
      let pending = 0;
      let uploadId;
      const done = [];
      const flush = async () => {
        uploadId ??= (await client.send(new s3.CreateMultipartUploadCommand({ Bucket: bucket, Key: key }))).UploadId;
        const body = Buffer.concat(parts);
        parts = [];
        pending = 0;
        const PartNumber = done.length + 1;
        const out = await client.send(
          new s3.UploadPartCommand({ Bucket: bucket, Key: key, UploadId: uploadId, PartNumber, Body: body }),
        );
        done.push({ ETag: out.ETag, PartNumber });
      };
      return {
        async write(chunk) {
          parts.push(chunk);
          pending += chunk.length;
          if (pending >= PART) await flush();
        },
        async end() {
          if (uploadId === undefined) {
            await client.send(new s3.PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.concat(parts) }));
            return;
          }
          if (pending > 0) await flush();
          await client.send(
            new s3.CompleteMultipartUploadCommand({
              Bucket: bucket,
              Key: key,
              UploadId: uploadId,
              MultipartUpload: { Parts: done },
            }),
          );
        },
      };
    },
    put: (key, body) => client.send(new s3.PutObjectCommand({ Bucket: bucket, Key: key, Body: body })),
    async close() {
      client.destroy();
    },
  };
}
