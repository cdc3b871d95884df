/**
 * The unchanged clients against TestState and mock-configuration test cases on the local endpoint, as
 * docs/testing.md shows them: @aws-sdk/client-sfn (with `disableHostPrefix`), the AWS CLI (with
 * AWS_DISABLE_HOST_PREFIX_INJECTION) and `fanout test-state`. The AWS CLI part is skipped, with the reason in its
 * title, where `aws` is missing or too old to know `test-state` (Debian's aws-cli 2.9).
 */
import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { SFNClient, TestStateCommand } from '@aws-sdk/client-sfn';
import type { RunningServer } from '../../src/api/server';
import { startEndpoint, type TestEndpoint } from '../support/endpoint';
import { awsStepFunctions, hasAws } from '../support/aws-cli';

const run = promisify(execFile);
const ROOT = resolve(__dirname, '../..');
const FIXTURES = join(ROOT, 'test/fixtures/mock-config');
const ORDER = readFileSync(join(FIXTURES, 'order.asl.json'), 'utf8');
const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };
const ROLE = 'arn:aws:iam::000000000000:role/local';
const awsKnowsTestState =
  hasAws && spawnSync('aws', ['stepfunctions', 'test-state', 'help'], { stdio: 'ignore' }).status === 0;

jest.setTimeout(60_000);

describe('TestState and mock-configuration test cases from the SDK, the AWS CLI and fanout', () => {
  let endpoint: TestEndpoint;
  let server: RunningServer;

  beforeAll(async () => {
    endpoint = await startEndpoint({ name: 'test-state', mockConfig: join(FIXTURES, 'order.json'), time: 'virtual' });
    server = endpoint.server;
    await endpoint.sqs.send(new CreateQueueCommand({ QueueName: 'orders' }));
  });
  afterAll(() => endpoint?.stop());

  describe('@aws-sdk/client-sfn', () => {
    it('reaches TestState with disableHostPrefix, and cannot without it (sync-127.0.0.1 does not resolve)', async () => {
      const client = new SFNClient({
        endpoint: server.url,
        region: 'us-east-1',
        credentials: CREDENTIALS,
        disableHostPrefix: true,
      });
      const answer = await client.send(
        new TestStateCommand({
          definition: ORDER,
          stateName: 'Charge',
          input: '{"orderId": "o-1"}',
          inspectionLevel: 'DEBUG',
          mock: { result: '{"StatusCode": 200, "Payload": {"receipt": "r-9"}}' },
        }),
      );
      expect(answer).toMatchObject({ status: 'SUCCEEDED', nextState: 'Confirm' });
      expect(JSON.parse(answer.output ?? '')).toEqual({ orderId: 'o-1', payment: { receipt: 'r-9' } });
      expect(JSON.parse(answer.inspectionData?.afterResultSelector ?? '')).toEqual({ receipt: 'r-9' });
      client.destroy();

      const prefixed = new SFNClient({
        endpoint: server.url,
        region: 'us-east-1',
        credentials: CREDENTIALS,
        maxAttempts: 1,
      });
      await expect(prefixed.send(new TestStateCommand({ definition: ORDER, stateName: 'Declined' }))).rejects.toThrow(
        /sync-127\.0\.0\.1/,
      );
      prefixed.destroy();
    });
  });

  const describeAws = hasAws ? describe : describe.skip;
  describeAws(hasAws ? 'the AWS CLI' : 'the AWS CLI (SKIPPED: `aws` is not on PATH)', () => {
    const aws = (...args: string[]): Promise<Record<string, unknown>> => awsStepFunctions(server.url, args);

    (awsKnowsTestState ? it : it.skip)(
      awsKnowsTestState
        ? 'aws stepfunctions test-state: a declined card is caught and goes to Declined'
        : 'aws stepfunctions test-state (SKIPPED: this aws CLI has no test-state)',
      async () => {
        const answer = await aws(
          'test-state',
          '--definition',
          `file://${join(FIXTURES, 'order.asl.json')}`,
          '--state-name',
          'Charge',
          '--input',
          '{"orderId": "o-2"}',
          '--inspection-level',
          'TRACE',
          '--mock',
          JSON.stringify({ errorOutput: { error: 'Payments.Declined', cause: 'Insufficient funds' } }),
        );
        expect(answer).toMatchObject({
          status: 'CAUGHT_ERROR',
          nextState: 'Declined',
          error: 'Payments.Declined',
          inspectionData: { errorDetails: { catchIndex: 0 } },
        });
      },
    );

    it("start-execution --state-machine-arn 'arn…#ThrottledThenPaid' runs the test case: mocked Charge, real SQS", async () => {
      const created = await aws(
        'create-state-machine',
        '--name',
        'order',
        '--definition',
        `file://${join(FIXTURES, 'order.asl.json')}`,
        '--role-arn',
        ROLE,
      );
      const started = await aws(
        'start-execution',
        '--state-machine-arn',
        `${created['stateMachineArn'] as string}#ThrottledThenPaid`,
        '--input',
        JSON.stringify({ orderId: 'o-3', queueUrl: `${server.url}/000000000000/orders` }),
      );
      const executionArn = started['executionArn'] as string;
      await server.service.waitForExecution(executionArn);
      const described = await aws('describe-execution', '--execution-arn', executionArn);
      expect(described['status']).toBe('SUCCEEDED');
      expect(JSON.parse(described['output'] as string)).toEqual({
        orderId: 'o-3',
        queueUrl: `${server.url}/000000000000/orders`,
        payment: { receipt: 'r-2' },
      });
      const history = (await aws('get-execution-history', '--execution-arn', executionArn))['events'] as {
        type: string;
        taskSucceededEventDetails?: { resourceType: string; output: string };
      }[];
      // Two throttled attempts, retried after 30 s and 60 s of virtual time, then the mocked result.
      expect(history.filter((e) => e.type === 'TaskFailed')).toHaveLength(2);
      const succeeded = history.filter((e) => e.type === 'TaskSucceeded').map((e) => e.taskSucceededEventDetails);
      expect(succeeded[0]).toMatchObject({ resourceType: 'lambda' });
      expect(JSON.parse(succeeded[0]!.output)).toEqual({ StatusCode: 200, Payload: { receipt: 'r-2' } });
      // Confirm was not mocked: it sent a real message to the local queue.
      expect(succeeded[1]).toMatchObject({ resourceType: 'sqs' });
      expect(JSON.parse(succeeded[1]!.output)).toHaveProperty('MessageId');
    });
  });

  describe('fanout test-state', () => {
    it('prints the status, the next state, the error and the inspection data', async () => {
      const result = await run(
        process.execPath,
        [
          join(ROOT, 'bin/fanout.js'),
          'test-state',
          join(FIXTURES, 'order.asl.json'),
          '--state',
          'Charge',
          '--input',
          '{"orderId": "o-4"}',
          '--mock',
          '{"errorOutput": {"error": "Payments.Throttled", "cause": "Too many requests"}}',
          '--endpoint',
          server.url,
        ],
        { cwd: ROOT, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
      );
      expect(result.stdout).toContain('status: RETRIABLE\n');
      expect(result.stdout).toContain('error: Payments.Throttled\n');
      expect(result.stdout).toContain('errorDetails: {"retryIndex":0,"retryBackoffIntervalSeconds":30}');
    });
  });
});
