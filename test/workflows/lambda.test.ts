/**
 * Lambda functions run locally, end to end: a workflow with a Python and a Node.js function beside an ECS task
 * (Retry on Lambda.ServiceException, Catch on a handler's own error type) run through the unchanged SDK; 100
 * invocations in a Map served by warm environments; the errors AWS gives for a timeout, a crashed runtime and a
 * missing function; and `aws lambda invoke` against the endpoint.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { type DescribeExecutionCommandOutput } from '@aws-sdk/client-sfn';
import { readLogIndex } from '../../src/integrations';
import { startEndpoint, type TestEndpoint } from '../support/endpoint';

const FIXTURES = resolve(__dirname, '../fixtures');
const CONCURRENCY = 4;

function writeProfile(dir: string): string {
  const path = join(dir, 'profile.json');
  const node = (handler: string, extra: object = {}) => ({
    runtime: 'nodejs22.x',
    handler,
    code: join(FIXTURES, 'lambda/node'),
    ...extra,
  });
  writeFileSync(
    path,
    JSON.stringify({
      taskDefinitions: {
        sleep: {
          cpu: 256,
          memory: 256,
          stopTimeout: 1,
          containers: {
            main: { command: ['node', join(FIXTURES, 'tasks/sleep.js')], environment: { SLEEP_MS: '50' } },
          },
        },
      },
      functions: {
        echo: node('index.echo', {
          environment: { GREETING: 'hello' },
          reservedConcurrency: CONCURRENCY,
          memorySize: 256,
        }),
        fail: node('index.fail'),
        slow: node('index.slow', { timeout: 1 }),
        crash: node('index.crash'),
        prepare: { runtime: 'python3.11', handler: 'handler.echo', code: join(FIXTURES, 'lambda/python') },
        pyfail: { runtime: 'python3.12', handler: 'handler.fail', code: join(FIXTURES, 'lambda/python') },
      },
    }),
  );
  return path;
}

describe('Lambda functions run locally', () => {
  let endpoint: TestEndpoint;
  let dir: string;

  beforeAll(async () => {
    endpoint = await startEndpoint({
      name: 'lambda',
      dataDir: 'data',
      maxAttempts: 3,
      setUp: (folder) => ({ profile: writeProfile(folder) }),
    });
    dir = endpoint.dir;
  });
  afterAll(() => endpoint.stop());

  function run(name: string, definition: object, input: unknown = {}): Promise<DescribeExecutionCommandOutput> {
    return endpoint.run(name, definition, input, 50);
  }

  it('runs a Python and a Node.js step beside an ECS task, retrying Lambda.ServiceException and catching a custom error', async () => {
    const retry = [{ ErrorEquals: ['Lambda.ServiceException', 'Lambda.SdkClientException'], MaxAttempts: 2 }];
    const done = await run(
      'batch-with-functions',
      {
        StartAt: 'Prepare',
        States: {
          Prepare: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: 'prepare', 'Payload.$': '$' },
            ResultSelector: { 'prepared.$': '$.Payload', 'status.$': '$.StatusCode', 'version.$': '$.ExecutedVersion' },
            Retry: retry,
            Next: 'Work',
          },
          Work: {
            Type: 'Task',
            Resource: 'arn:aws:states:::ecs:runTask.sync',
            Parameters: { TaskDefinition: 'sleep', Cluster: 'local' },
            ResultSelector: { 'stopCode.$': '$.StopCode' },
            ResultPath: '$.work',
            Next: 'Notify',
          },
          Notify: {
            Type: 'Task',
            Resource: 'arn:aws:lambda:us-east-1:000000000000:function:echo',
            Parameters: { 'doc.$': '$.prepared.event.doc' },
            ResultSelector: { 'event.$': '$.event', 'greeting.$': '$.greeting', 'memory.$': '$.memoryLimitInMB' },
            ResultPath: '$.notified',
            Retry: retry,
            Next: 'Reject',
          },
          Reject: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Parameters: { FunctionName: 'arn:aws:lambda:us-east-1:000000000000:function:fail', Payload: { n: 1 } },
            Retry: retry,
            Catch: [{ ErrorEquals: ['CustomError'], ResultPath: '$.rejected', Next: 'Done' }],
            End: true,
          },
          Done: { Type: 'Succeed' },
        },
      },
      { doc: 'a.pdf' },
    );
    expect(done.status).toBe('SUCCEEDED');
    const output = JSON.parse(done.output!) as Record<string, Record<string, unknown>>;
    expect(output['prepared']).toMatchObject({ event: { doc: 'a.pdf' }, runtime: 'python', function: 'prepare' });
    expect(output['status']).toBe(200);
    expect(output['version']).toBe('$LATEST');
    expect(output['work']).toEqual({ stopCode: 'EssentialContainerExited' });
    expect(output['notified']).toEqual({ event: { doc: 'a.pdf' }, greeting: 'hello', memory: '256' });
    expect(output['rejected']!['Error']).toBe('CustomError');
    expect(JSON.parse(output['rejected']!['Cause'] as string)).toMatchObject({
      errorType: 'CustomError',
      errorMessage: 'cannot handle {"n":1}',
      trace: expect.arrayContaining([expect.stringContaining('CustomError: cannot handle')]),
    });
  });

  it('serves 100 invocations in a Map from warm environments: no more cold starts than the concurrency', async () => {
    const items = Array.from({ length: 100 }, (_, i) => ({ i }));
    const done = await run(
      'fan-out-functions',
      {
        StartAt: 'Each',
        States: {
          Each: {
            Type: 'Map',
            MaxConcurrency: 10,
            ItemProcessor: {
              StartAt: 'Echo',
              States: {
                Echo: {
                  Type: 'Task',
                  Resource: 'arn:aws:states:::lambda:invoke',
                  Parameters: { FunctionName: 'echo', 'Payload.$': '$' },
                  OutputPath: '$.Payload',
                  End: true,
                },
              },
            },
            End: true,
          },
        },
      },
      items,
    );
    expect(done.status).toBe('SUCCEEDED');
    const results = JSON.parse(done.output!) as Array<{ event: { i: number }; pid: number; invocations: number }>;
    expect(results.map((r) => r.event.i)).toEqual(items.map((x) => x.i));
    const environments = new Set(results.map((r) => r.pid));
    expect(environments.size).toBeGreaterThanOrEqual(1);
    expect(environments.size).toBeLessThanOrEqual(CONCURRENCY);
    // Each environment counts its own invocations: together they served all 100.
    const served = [...environments].map((pid) =>
      Math.max(...results.filter((r) => r.pid === pid).map((r) => r.invocations)),
    );
    expect(served.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(100);
    // The cold starts are in the logs: a REPORT line with Init Duration for each environment started.
    const logs = readLogIndex(join(dir, 'data')).filter((l) => l.arn.includes(':function:echo:'));
    const cold = logs.filter((l) => readFileSync(join(dir, 'data', 'logs', l.file), 'utf8').includes('Init Duration'));
    expect(cold.length).toBeLessThanOrEqual(CONCURRENCY);
    expect(cold.length).toBe(environments.size);
  });

  it('fails as AWS does: Sandbox.Timedout, Lambda.Unknown for a crashed runtime, Python errors, a missing function', async () => {
    const invoke = (FunctionName: string, Payload: object = {}) => ({
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName, Payload },
          End: true,
        },
      },
    });
    const timedOut = await run('times-out', invoke('slow', { ms: 5000 }));
    expect(timedOut.error).toBe('Sandbox.Timedout');
    expect(JSON.parse(timedOut.cause!)).toEqual({
      errorType: 'Sandbox.Timedout',
      errorMessage: expect.stringMatching(/^RequestId: [0-9a-f-]{36} Error: Task timed out after 1\.00 seconds$/),
    });
    const crashed = await run('crashes', invoke('crash'));
    expect(crashed.error).toBe('Lambda.Unknown');
    expect(crashed.cause).toContain('Runtime exited with error: exit status 3');
    const python = await run('python-fails', invoke('pyfail', { doc: 'x' }));
    expect(python.error).toBe('CustomError');
    expect(JSON.parse(python.cause!)).toEqual({
      errorMessage: 'python cannot handle x',
      errorType: 'CustomError',
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      stackTrace: [expect.stringContaining('handler.py')],
    });
    const missing = await run('no-function', invoke('nope'));
    expect(missing.error).toBe('Lambda.ResourceNotFoundException');
    expect(missing.cause).toMatch(
      /^Function not found: arn:aws:lambda:us-east-1:\d{12}:function:nope \(Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException;/,
    );
  });

  it('answers `aws lambda invoke --function-name NAME` with the handler payload', async () => {
    const out = join(dir, 'out.json');
    const env = {
      ...process.env,
      AWS_ACCESS_KEY_ID: 'dummy',
      AWS_SECRET_ACCESS_KEY: 'dummy',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_PAGER: '',
    };
    const version = await promisify(execFile)('aws', ['--version'], { env });
    // Version 2 reads --payload as base64 unless told otherwise; version 1 takes it as it is.
    const raw = `${version.stdout}${version.stderr}`.startsWith('aws-cli/2')
      ? ['--cli-binary-format', 'raw-in-base64-out']
      : [];
    const { stdout } = await promisify(execFile)(
      'aws',
      [
        'lambda',
        'invoke',
        '--function-name',
        'echo',
        '--payload',
        '{"from":"cli"}',
        ...raw,
        '--endpoint-url',
        endpoint.url,
        out,
      ],
      { env },
    );
    expect(JSON.parse(stdout)).toMatchObject({ StatusCode: 200, ExecutedVersion: '$LATEST' });
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ event: { from: 'cli' }, functionName: 'echo' });
  });
});
