// The OCR task end to end, as the workflow runs it: documents in the embedded S3 of the local endpoint, the compiled
// task program as a child process with AWS_ENDPOINT_URL, outputs read back from S3.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// As bin/fanout.js: the lockfile pins the SDK, so its notice about releases after January 2027 does not apply (the
// task processes started here inherit it).
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const require = createRequire(import.meta.url);
export const ROOT = join(import.meta.dirname, '..', '..');
const { S3Client, PutObjectCommand, CreateBucketCommand, GetObjectCommand } = require('@aws-sdk/client-s3');

export async function startS3() {
  const { startServer } = require(join(ROOT, 'dist', 'api', 'server.js'));
  const server = await startServer({ port: 0, dataDir: mkdtempSync(join(tmpdir(), 'fanout-ocr-bench-')) });
  const env = {
    AWS_ENDPOINT_URL: server.url,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'x',
    AWS_SECRET_ACCESS_KEY: 'x',
  };
  const s3 = new S3Client({
    region: 'us-east-1',
    endpoint: server.url,
    forcePathStyle: true,
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  return {
    env,
    s3,
    async bucket(name) {
      await s3.send(new CreateBucketCommand({ Bucket: name }));
    },
    async upload(bucket, key, file) {
      const out = await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: await readFile(file) }));
      return out.ETag;
    },
    async text(bucket, key) {
      const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return out.Body.transformToString();
    },
    async close() {
      s3.destroy();
      await server.close();
    },
  };
}

/** Runs the compiled task once; resolves with its exit code, its result (last stdout line) and the wall time. */
export function runTask(input, env, extraEnv = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [join(ROOT, 'tasks', 'dist', 'ocr', 'main.js')], {
      env: { ...process.env, ...env, ...extraEnv, FANOUT_INPUT: JSON.stringify(input) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = stdout.trim().split('\n');
      let result;
      try {
        result = JSON.parse(lines.at(-1));
      } catch {
        result = undefined;
      }
      resolve({ code, result, stdout, stderr, seconds: Number(process.hrtime.bigint() - started) / 1e9 });
    });
  });
}
