/**
 * Only the user's own tools reach the endpoint (docs/reliability.md, threat model): every request a web page could
 * make — through a DNS-rebinding name (a foreign Host) or straight from its own origin with no CORS preflight
 * (text/plain fetches, form posts) — is refused and changes nothing, over real HTTP; the unchanged SDK clients, the
 * AWS CLI and the web page's own calls (with the page's token) still work.
 */
import { execFile } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { promisify } from 'node:util';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import type { SFNClient } from '@aws-sdk/client-sfn';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  ListExecutionsCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { CreateQueueCommand, GetQueueAttributesCommand, ListQueuesCommand } from '@aws-sdk/client-sqs';
import type { RunningServer } from '../../src/api/server';
import { startEndpoint, type TestEndpoint } from '../support/endpoint';
import type { Json, TaskRequest, TaskRunner } from '../../src/engine';
import { StatesError } from '../../src/engine';
import { hasAws } from '../support/aws-cli';
import { runUntilStopped } from '../support/fake-tasks';

const run = promisify(execFile);
const ROLE = 'arn:aws:iam::000000000000:role/security-test';
const EVIL_HOST = 'evil.example';
const EVIL_ORIGIN = 'http://evil.example';

/** `slow` waits until stopped; `fail` fails; anything else returns its parameters. */
const tasks: TaskRunner = {
  async run(req: TaskRequest): Promise<Json> {
    const what = (req.parameters as Record<string, Json>)['do'];
    if (what === 'fail') throw new StatesError('Boom', 'failed on purpose');
    if (what === 'slow') await runUntilStopped(req);
    return req.parameters;
  },
};

const machine = (what: string): string =>
  JSON.stringify({
    StartAt: 'Work',
    States: {
      Work: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { do: what }, End: true },
    },
  });

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let endpoint: TestEndpoint;
let server: RunningServer;
let sfn: SFNClient;
let s3: S3Client;
let sqs: SQSClient;
let slowMachine: string;
let running: string;
let failed: string;
let queueUrl: string;

/** One request over real HTTP with exactly these headers (fetch would not let a test set Host). */
function raw(method: string, path: string, headers: Record<string, string>, body = ''): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: server.port,
        method,
        path,
        headers: { 'content-length': Buffer.byteLength(body), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const ownHost = (): string => `127.0.0.1:${server.port}`;
const sfnJson = (operation: string): Record<string, string> => ({
  'content-type': 'application/x-amz-json-1.0',
  'x-amz-target': `AWSStepFunctions.${operation}`,
});

async function waitForStatus(arn: string, status: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { status: now } = await sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
    if (now === status) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${arn} never reached ${status}`);
}

async function executionNames(): Promise<string[]> {
  const { executions = [] } = await sfn.send(new ListExecutionsCommand({ stateMachineArn: slowMachine }));
  return executions.map((e) => e.name ?? '');
}

async function pageToken(): Promise<string> {
  const page = await raw('GET', '/ui/', { host: ownHost() });
  const token = /<meta name="fanout-token" content="([^"]+)">/.exec(page.body)?.[1];
  if (token === undefined) throw new Error('the page carries no token');
  return token;
}

beforeAll(async () => {
  endpoint = await startEndpoint({ name: 'security', maxAttempts: 3, tasks });
  ({ server, sfn, s3, sqs } = endpoint);
  slowMachine = (
    await sfn.send(new CreateStateMachineCommand({ name: 'slow', definition: machine('slow'), roleArn: ROLE }))
  ).stateMachineArn!;
  const failing = (
    await sfn.send(new CreateStateMachineCommand({ name: 'failing', definition: machine('fail'), roleArn: ROLE }))
  ).stateMachineArn!;
  running = (await sfn.send(new StartExecutionCommand({ stateMachineArn: slowMachine, name: 'running' })))
    .executionArn!;
  failed = (await sfn.send(new StartExecutionCommand({ stateMachineArn: failing, name: 'failed' }))).executionArn!;
  await waitForStatus(failed, 'FAILED');
  await s3.send(new CreateBucketCommand({ Bucket: 'victim' }));
  await s3.send(new PutObjectCommand({ Bucket: 'victim', Key: 'keep.txt', Body: 'precious' }));
  queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'jobs' }))).QueueUrl!;
});

afterAll(() => endpoint.stop());

describe('a foreign Host (DNS rebinding) is refused, whatever the request', () => {
  const evil = (): string => `${EVIL_HOST}:${server.port}`;

  it('StartExecution: 403 AccessDenied in the JSON protocol, no execution started', async () => {
    const answer = await raw(
      'POST',
      '/',
      { host: evil(), ...sfnJson('StartExecution') },
      JSON.stringify({ stateMachineArn: slowMachine, name: 'rebound' }),
    );
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toMatchObject({ __type: 'com.amazonaws.sfn#AccessDenied' });
    expect(answer.body).toContain(EVIL_HOST);
    expect(await executionNames()).not.toContain('rebound');
  });

  it('DescribeExecution: refused without the execution input', async () => {
    const answer = await raw(
      'POST',
      '/',
      { host: evil(), ...sfnJson('DescribeExecution') },
      JSON.stringify({ executionArn: running }),
    );
    expect(answer.status).toBe(403);
    expect(answer.body).not.toContain('running');
  });

  it('S3 GET and PUT: 403 S3 XML, the object unchanged', async () => {
    const get = await raw('GET', '/victim/keep.txt', { host: evil() });
    expect(get.status).toBe(403);
    expect(get.body).toContain('<Code>AccessDenied</Code>');
    expect(get.body).not.toContain('precious');
    const put = await raw('PUT', '/victim/keep.txt', { host: evil() }, 'overwritten');
    expect(put.status).toBe(403);
    const object = await s3.send(new GetObjectCommand({ Bucket: 'victim', Key: 'keep.txt' }));
    expect(await object.Body!.transformToString()).toBe('precious');
  });

  it("the web page's Stop and Redrive, even with a valid token: refused, nothing stopped or redriven", async () => {
    const token = await pageToken();
    for (const [path, arn] of [
      ['/ui/api/execution/stop', running],
      ['/ui/api/execution/redrive', failed],
    ] as const) {
      const answer = await raw(
        'POST',
        path,
        { host: evil(), 'content-type': 'application/json', 'x-fanout-token': token },
        JSON.stringify({ executionArn: arn }),
      );
      expect(answer.status).toBe(403);
    }
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn: running }))).status).toBe('RUNNING');
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn: failed }))).status).toBe('FAILED');
  });

  it('the page itself is not served under a foreign name (its token never leaks)', async () => {
    const page = await raw('GET', '/ui/', { host: evil() });
    expect(page.status).toBe(403);
    expect(page.body).not.toContain('fanout-token');
  });
});

describe('requests a foreign page sends without a preflight are refused', () => {
  const fromEvil = (headers: Record<string, string>): Record<string, string> => ({
    host: ownHost(),
    origin: EVIL_ORIGIN,
    'sec-fetch-site': 'cross-site',
    ...headers,
  });

  it.each([
    { action: 'stop', arn: () => running, status: 'RUNNING' },
    { action: 'redrive', arn: () => failed, status: 'FAILED' },
  ])(
    '/ui/api/execution/$action as text/plain: refused, the execution still $status',
    async ({ action, arn, status }) => {
      const answer = await raw(
        'POST',
        `/ui/api/execution/${action}`,
        fromEvil({ 'content-type': 'text/plain' }),
        JSON.stringify({ executionArn: arn() }),
      );
      expect(answer.status).toBe(403);
      expect(JSON.parse(answer.body)).toMatchObject({ error: 'AccessDenied' });
      expect((await sfn.send(new DescribeExecutionCommand({ executionArn: arn() }))).status).toBe(status);
    },
  );

  it('/ui/api/dlq/redrive starting an execution by name: refused, no execution started', async () => {
    const answer = await raw(
      'POST',
      '/ui/api/dlq/redrive',
      fromEvil({ 'content-type': 'text/plain' }),
      JSON.stringify({ queue: 'jobs', start: slowMachine, name: 'victim' }),
    );
    expect(answer.status).toBe(403);
    expect(await executionNames()).not.toContain('victim');
  });

  it('SQS query-protocol form posts (SendMessage, DeleteQueue): refused in the query XML, the queue kept and empty', async () => {
    for (const body of [
      `Action=SendMessage&Version=2012-11-05&QueueUrl=${encodeURIComponent(queueUrl)}&MessageBody=forged`,
      `Action=DeleteQueue&Version=2012-11-05&QueueUrl=${encodeURIComponent(queueUrl)}`,
    ]) {
      const answer = await raw('POST', '/', fromEvil({ 'content-type': 'application/x-www-form-urlencoded' }), body);
      expect(answer.status).toBe(403);
      expect(answer.body).toContain('<ErrorResponse>');
      expect(answer.body).toContain('<Code>AccessDenied</Code>');
    }
    const { QueueUrls = [] } = await sqs.send(new ListQueuesCommand({}));
    expect(QueueUrls).toContain(queueUrl);
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    expect(Attributes?.['ApproximateNumberOfMessages']).toBe('0');
  });

  it('SNS form posts (CreateTopic, Publish): refused, no topic created', async () => {
    for (const body of [
      'Action=CreateTopic&Version=2010-03-31&Name=forged',
      'Action=Publish&Version=2010-03-31&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A000000000000%3Aforged&Message=x',
    ]) {
      const answer = await raw('POST', '/', fromEvil({ 'content-type': 'application/x-www-form-urlencoded' }), body);
      expect(answer.status).toBe(403);
    }
    const topics = await raw(
      'POST',
      '/',
      { host: ownHost(), 'content-type': 'application/x-www-form-urlencoded' },
      'Action=ListTopics&Version=2010-03-31',
    );
    expect(topics.status).toBe(200);
    expect(topics.body).not.toContain('forged');
  });

  it('S3 POST ?delete as text/plain: refused, the object kept', async () => {
    const body = '<Delete><Object><Key>keep.txt</Key></Object></Delete>';
    const answer = await raw('POST', '/victim?delete', fromEvil({ 'content-type': 'text/plain' }), body);
    expect(answer.status).toBe(403);
    expect(answer.body).toContain('<Code>AccessDenied</Code>');
    const { Contents = [] } = await s3.send(new ListObjectsV2Command({ Bucket: 'victim' }));
    expect(Contents.map((c) => c.Key)).toContain('keep.txt');
  });

  it('a cross-site GET without Origin (an <img> or <script> tag) is refused; a link to the page is followed', async () => {
    const read = await raw('GET', `/ui/api/execution?arn=${encodeURIComponent(running)}`, {
      host: ownHost(),
      'sec-fetch-site': 'cross-site',
      'sec-fetch-mode': 'no-cors',
    });
    expect(read.status).toBe(403);
    const link = await raw('GET', '/ui/', {
      host: ownHost(),
      'sec-fetch-site': 'cross-site',
      'sec-fetch-mode': 'navigate',
    });
    expect(link.status).toBe(200);
  });

  it('an opaque origin (`Origin: null`, a sandboxed frame or a file: page) is refused', async () => {
    const answer = await raw('POST', '/', { host: ownHost(), origin: 'null', ...sfnJson('ListStateMachines') }, '{}');
    expect(answer.status).toBe(403);
  });
});

describe("the user's own tools still work", () => {
  it("the web page's calls: its own origin with the token and a JSON body; without the token they are refused", async () => {
    const own = { host: ownHost(), origin: `http://${ownHost()}`, 'sec-fetch-site': 'same-origin' };
    const list = await raw('GET', '/ui/api/executions', own);
    expect(list.status).toBe(200);
    const noToken = await raw(
      'POST',
      '/ui/api/execution/redrive',
      { ...own, 'content-type': 'application/json' },
      JSON.stringify({ executionArn: failed }),
    );
    expect(noToken.status).toBe(403);
    expect(noToken.body).toContain('x-fanout-token');
    const textPlain = await raw(
      'POST',
      '/ui/api/execution/redrive',
      { ...own, 'content-type': 'text/plain', 'x-fanout-token': await pageToken() },
      JSON.stringify({ executionArn: failed }),
    );
    expect(textPlain.status).toBe(415);
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn: failed }))).status).toBe('FAILED');

    const started = (await sfn.send(new StartExecutionCommand({ stateMachineArn: slowMachine, name: 'to-stop' })))
      .executionArn!;
    const stop = await raw(
      'POST',
      '/ui/api/execution/stop',
      { ...own, 'content-type': 'application/json', 'x-fanout-token': await pageToken() },
      JSON.stringify({ executionArn: started }),
    );
    expect(stop.status).toBe(200);
    await waitForStatus(started, 'ABORTED');
  });

  it('localhost and [::1]-style names and the SDK clients (no Origin) are let in', async () => {
    const viaLocalhost = await raw(
      'POST',
      '/',
      { host: `localhost:${server.port}`, ...sfnJson('ListStateMachines') },
      '{}',
    );
    expect(viaLocalhost.status).toBe(200);
    const { executions = [] } = await sfn.send(new ListExecutionsCommand({ stateMachineArn: slowMachine }));
    expect(executions.length).toBeGreaterThan(0);
    const { QueueUrls = [] } = await sqs.send(new ListQueuesCommand({}));
    expect(QueueUrls).toContain(queueUrl);
  });

  it('S3 DeleteObjects from the SDK (it sends a checksum) deletes; without Content-MD5 or a checksum it is refused as AWS does', async () => {
    await s3.send(new PutObjectCommand({ Bucket: 'victim', Key: 'gone.txt', Body: 'x' }));
    const bare = await raw(
      'POST',
      '/victim?delete',
      { host: ownHost(), 'content-type': 'application/xml' },
      '<Delete><Object><Key>gone.txt</Key></Object></Delete>',
    );
    expect(bare.status).toBe(400);
    expect(bare.body).toContain('<Code>InvalidRequest</Code>');
    expect(bare.body).toContain('Content-MD5 OR x-amz-checksum-*');
    const wrongMd5 = await raw(
      'POST',
      '/victim?delete',
      { host: ownHost(), 'content-type': 'application/xml', 'content-md5': '1B2M2Y8AsgTpgAmY7PhCfg==' },
      '<Delete><Object><Key>gone.txt</Key></Object></Delete>',
    );
    expect(wrongMd5.status).toBe(400);
    expect(wrongMd5.body).toContain('<Code>BadDigest</Code>');
    let keys = ((await s3.send(new ListObjectsV2Command({ Bucket: 'victim' }))).Contents ?? []).map((c) => c.Key);
    expect(keys).toContain('gone.txt');

    const result = await s3.send(
      new DeleteObjectsCommand({ Bucket: 'victim', Delete: { Objects: [{ Key: 'gone.txt' }] } }),
    );
    expect(result.Deleted?.map((d) => d.Key)).toEqual(['gone.txt']);
    keys = ((await s3.send(new ListObjectsV2Command({ Bucket: 'victim' }))).Contents ?? []).map((c) => c.Key);
    expect(keys).toEqual(['keep.txt']);
  });

  (hasAws ? it : it.skip)(
    'the AWS CLI: stepfunctions, sqs and s3api delete-objects (skipped only without `aws` on PATH)',
    async () => {
      await s3.send(new PutObjectCommand({ Bucket: 'victim', Key: 'cli.txt', Body: 'x' }));
      const env = {
        ...process.env,
        AWS_ACCESS_KEY_ID: 'dummy',
        AWS_SECRET_ACCESS_KEY: 'dummy',
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        AWS_PAGER: '',
      };
      const aws = async (...args: string[]): Promise<Record<string, unknown>> => {
        const { stdout } = await run('aws', [...args, '--endpoint-url', server.url, '--output', 'json'], { env });
        return stdout.trim() === '' ? {} : (JSON.parse(stdout) as Record<string, unknown>);
      };
      const machines = await aws('stepfunctions', 'list-state-machines');
      expect(JSON.stringify(machines)).toContain('slow');
      await aws('sqs', 'send-message', '--queue-url', queueUrl, '--message-body', 'from the cli');
      const deleted = await aws(
        's3api',
        'delete-objects',
        '--bucket',
        'victim',
        '--delete',
        '{"Objects":[{"Key":"cli.txt"}]}',
      );
      expect(JSON.stringify(deleted)).toContain('cli.txt');
      const keys = ((await s3.send(new ListObjectsV2Command({ Bucket: 'victim' }))).Contents ?? []).map((c) => c.Key);
      expect(keys).toEqual(['keep.txt']);
    },
  );
});

if (!hasAws) console.warn('endpoint-security: the AWS CLI case is skipped: no `aws` on PATH (apt-get install awscli).');
