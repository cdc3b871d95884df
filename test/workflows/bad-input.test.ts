/**
 * Bad input never hurts the server: a corpus of malformed and hostile requests (test/fixtures/bad-input/) and
 * generated ones (bodies over 2 MiB, 100,000-level nesting, a gzip bomb) each get a clear 4xx or a named ASL
 * error; afterwards the server still answers and its peak memory stayed bounded. The server runs in its own
 * process (test/fixtures/bad-input/start-server.js) so its memory is its own.
 */
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createGzip } from 'node:zlib';

const CORPUS = resolve(__dirname, '../fixtures/bad-input');
const ROLE = 'arn:aws:iam::000000000000:role/bad-input';
const MiB = 1024 * 1024;
/** Peak RSS the server may reach over the whole corpus (it starts near 250 MiB, TypeScript transpiled in process). */
const PEAK_RSS_LIMIT = 900 * MiB;

interface ApiCase {
  case: string;
  target?: string;
  body: unknown;
  status: number;
  type?: string;
}

interface DefinitionCase {
  case: string;
  state: string;
  definition: object;
}

interface InventoryCase {
  file: string;
  readerConfig: object;
  mentions: string[];
}

const corpus = <T>(file: string): T => JSON.parse(readFileSync(join(CORPUS, file), 'utf8')) as T;

let dir: string;
let server: ChildProcess;
let url: string;
let s3: S3Client;

/** Peak and current resident memory of the server process, from /proc. */
function memory(): { peak: number; now: number } {
  const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
  const kb = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  return { peak: kb('VmHWM'), now: kb('VmRSS') };
}

async function call(target: string | undefined, body: string | Buffer): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.0' };
  if (target !== undefined) headers['x-amz-target'] = target;
  const response = await fetch(url, { method: 'POST', headers, body });
  return { status: response.status, text: await response.text() };
}

async function sfn(operation: string, body: object): Promise<{ status: number; json: Record<string, unknown> }> {
  const { status, text } = await call(`AWSStepFunctions.${operation}`, JSON.stringify(body));
  return { status, json: JSON.parse(text) as Record<string, unknown> };
}

let machines = 0;

/** Creates a machine and runs it to its end; resolves with DescribeExecution. */
async function run(definition: object, input: string = '{}'): Promise<Record<string, unknown>> {
  const created = await sfn('CreateStateMachine', {
    name: `m${++machines}`,
    definition: JSON.stringify(definition),
    roleArn: ROLE,
  });
  expect(created.status).toBe(200);
  const started = await sfn('StartExecution', { stateMachineArn: created.json['stateMachineArn'], input });
  expect(started.status).toBe(200);
  for (;;) {
    const described = await sfn('DescribeExecution', { executionArn: started.json['executionArn'] });
    if (described.json['status'] !== 'RUNNING') return described.json;
    await new Promise((r) => setTimeout(r, 50));
  }
}

function distributedMapOver(bucket: string, key: string, readerConfig: object): object {
  return {
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        ItemReader: {
          Resource: 'arn:aws:states:::s3:getObject',
          ReaderConfig: readerConfig,
          Parameters: { Bucket: bucket, Key: key },
        },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
          StartAt: 'P',
          States: { P: { Type: 'Pass', End: true } },
        },
        End: true,
      },
    },
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fanout-bad-input-'));
  server = spawn(process.execPath, [join(CORPUS, 'start-server.js'), join(dir, 'data'), '-', join(dir, 'server.log')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  url = await new Promise<string>((resolveUrl, reject) => {
    let out = '';
    server.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolveUrl(out.split('\n')[0]!.trim());
    });
    server.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  s3 = new S3Client({
    endpoint: url,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  await s3.send(new CreateBucketCommand({ Bucket: 'hostile' }));
});

afterAll(async () => {
  s3?.destroy();
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('malformed API requests (corpus)', () => {
  it.each(corpus<ApiCase[]>('api-requests.json').map((c) => [c.case, c] as const))('%s', async (_name, c) => {
    const body = typeof c.body === 'string' ? c.body : JSON.stringify(c.body);
    const { status, text } = await call(c.target, body);
    expect(status).toBe(c.status);
    if (c.type !== undefined) expect(text).toContain(c.type);
    expect(text).not.toMatch(/at .+\.(ts|js):\d+/); // no stack trace leaks
  });
});

describe('oversized and hostile requests (generated)', () => {
  it('refuses a body over 2 MiB with 413 before reading it whole', async () => {
    const { status, text } = await call('AWSStepFunctions.ListStateMachines', Buffer.alloc(3 * MiB, 0x20));
    expect(status).toBe(413);
    expect(text).toContain('larger than 2097152 bytes');
  });

  it('refuses a 64 MiB body without holding it', async () => {
    const { status } = await call('AWSStepFunctions.StartExecution', Buffer.alloc(64 * MiB, 0x61));
    expect(status).toBe(413);
  });

  it('refuses a huge name with ValidationException', async () => {
    const { status, json } = await sfn('CreateStateMachine', {
      name: 'n'.repeat(100_000),
      definition: '{}',
      roleArn: ROLE,
    });
    expect(status).toBe(400);
    expect(json['__type']).toBe('com.amazonaws.sfn#ValidationException');
  });

  it('answers a request body nested 100,000 levels deep with a 4xx, without a stack overflow', async () => {
    const deepArray = `{"name":${'['.repeat(100_000)}${']'.repeat(100_000)},"definition":"{}","roleArn":"r"}`;
    const a = await call('AWSStepFunctions.CreateStateMachine', deepArray);
    expect(a.status).toBe(400);
    expect(a.text).toContain('ValidationException');
    const b = await call('AWSStepFunctions.ListStateMachines', `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(b.status).toBe(400);
  });

  it('gives an execution input over 256 KiB the API ValidationException', async () => {
    const created = await sfn('CreateStateMachine', {
      name: 'big-input',
      definition: JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }),
      roleArn: ROLE,
    });
    const { status, json } = await sfn('StartExecution', {
      stateMachineArn: created.json['stateMachineArn'],
      input: JSON.stringify({ s: 'x'.repeat(256 * 1024) }),
    });
    expect(status).toBe(400);
    expect(json['__type']).toBe('com.amazonaws.sfn#ValidationException');
    expect(String(json['message'])).toContain('262144 bytes');
  });

  it('fails a state whose output passes 256 KiB with States.DataLimitExceeded', async () => {
    const done = await run(
      {
        StartAt: 'Double',
        States: { Double: { Type: 'Pass', Parameters: { 'a.$': '$.s', 'b.$': '$.s' }, End: true } },
      },
      JSON.stringify({ s: 'y'.repeat(200 * 1024) }),
    );
    expect(done).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
    expect(String(done['cause'])).toContain("'Double'");
  });

  it('refuses an execution input nested 100,000 levels deep with InvalidExecutionInput', async () => {
    const created = await sfn('CreateStateMachine', {
      name: 'deep-input',
      definition: JSON.stringify({
        StartAt: 'P',
        States: { P: { Type: 'Pass', Parameters: { 'x.$': '$' }, End: true } },
      }),
      roleArn: ROLE,
    });
    const { status, json } = await sfn('StartExecution', {
      stateMachineArn: created.json['stateMachineArn'],
      input: `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    });
    expect(status).toBe(400);
    expect(json['__type']).toBe('com.amazonaws.sfn#InvalidExecutionInput');
    expect(String(json['message'])).toContain('nesting depth (1001) exceeds the maximum allowed (1000');
    // 1,000 levels are fine.
    const ok = await run(
      { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
      `${'['.repeat(1000)}${']'.repeat(1000)}`,
    );
    expect(['SUCCEEDED', 'FAILED']).toContain(ok['status']);
  });

  it('rejects a definition nested 100,000 levels deep with InvalidDefinition', async () => {
    const deep = `{"StartAt":"P","States":{"P":{"Type":"Pass","Result":${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)},"End":true}}}`;
    const { status, json } = await sfn('CreateStateMachine', { name: 'deep', definition: deep, roleArn: ROLE });
    expect(status).toBe(400);
    expect(json['__type']).toBe('com.amazonaws.sfn#InvalidDefinition');
    expect(String(json['message'])).toContain('at /States/P');
  });
});

describe('invalid definitions (corpus)', () => {
  it.each(corpus<DefinitionCase[]>('definitions.json').map((c) => [c.case, c] as const))('%s', async (_name, c) => {
    const { status, json } = await sfn('CreateStateMachine', {
      name: `invalid${++machines}`,
      definition: JSON.stringify(c.definition),
      roleArn: ROLE,
    });
    expect(status).toBe(400);
    expect(json['__type']).toBe('com.amazonaws.sfn#InvalidDefinition');
    expect(String(json['message'])).toContain(c.state);
  });
});

describe('malformed inventories through a Distributed Map (corpus)', () => {
  it.each(corpus<InventoryCase[]>('inventories.json').map((c) => [c.file, c] as const))('%s', async (_name, c) => {
    const key = `inventories/${c.file}`;
    await s3.send(
      new PutObjectCommand({ Bucket: 'hostile', Key: key, Body: readFileSync(join(CORPUS, 'inventories', c.file)) }),
    );
    const done = await run(distributedMapOver('hostile', key, c.readerConfig));
    expect(done['status']).toBe('FAILED');
    expect(done['error']).toBe('States.ItemReaderFailed');
    for (const text of c.mentions) expect(String(done['cause'])).toContain(text);
  });

  it('reads a gzip bomb (512 MiB in one line) in bounded memory and fails it with States.ItemReaderFailed', async () => {
    const gzip = createGzip({ level: 1 });
    const chunks: Buffer[] = [];
    gzip.on('data', (c: Buffer) => chunks.push(c));
    const ended = new Promise((r) => gzip.on('end', r));
    const line = Buffer.alloc(MiB, 0x61);
    for (let i = 0; i < 512; i++) {
      if (!gzip.write(line)) await new Promise((r) => gzip.once('drain', r));
    }
    gzip.end();
    await ended;
    const bomb = Buffer.concat(chunks);
    expect(bomb.length).toBeLessThan(4 * MiB);
    await s3.send(new PutObjectCommand({ Bucket: 'hostile', Key: 'bomb.jsonl.gz', Body: bomb }));
    const before = memory();
    const done = await run(distributedMapOver('hostile', 'bomb.jsonl.gz', { InputType: 'JSONL' }));
    expect(done).toMatchObject({ status: 'FAILED', error: 'States.ItemReaderFailed' });
    expect(String(done['cause'])).toContain('bomb.jsonl.gz');
    expect(memory().peak - before.now).toBeLessThan(256 * MiB);
  });
});

describe('S3 keys cannot escape the data directory', () => {
  it.each([
    ['dot-dot segments', '/hostile/../../etc/passwd'],
    ['encoded dot-dot segments', '/hostile/%2e%2e/%2e%2e/outside'],
    ['NUL in the key', '/hostile/a%00b'],
    ['dot-dot as bucket', '/..%2f..%2fx/y'],
  ])('%s', async (_name, path) => {
    // node:http sends the path as written (fetch would resolve the dot segments first).
    const status = await new Promise<number>((resolveStatus, reject) => {
      const { hostname, port } = new URL(url);
      const options = { hostname, port, path, method: 'PUT', headers: { 'content-length': '5' } };
      const request = httpRequest(options, (res) => {
        res.resume();
        res.on('end', () => resolveStatus(res.statusCode ?? 0));
      });
      request.on('error', reject);
      request.end('owned');
    });
    expect(status).toBe(400);
    expect(existsSync(join(dir, 'etc'))).toBe(false);
  });
});

describe('afterwards', () => {
  it('still answers, with its peak memory bounded', async () => {
    const { status } = await sfn('ListStateMachines', {});
    expect(status).toBe(200);
    expect(server.exitCode).toBeNull();
    expect(memory().peak).toBeLessThan(PEAK_RSS_LIMIT);
  });
});
