/**
 * The messaging integrations end to end on the local endpoint: sns:publish (kept and listed),
 * states:startExecution .sync / .sync:2 (child success and failure shapes of spec §4.5), and aws-sdk:s3
 * putObject → getObject through the embedded S3, SNS → SQS delivery, and the errors AWS gives for a deleted topic,
 * an unresolvable queue host and a missing bucket.
 */
import { type DescribeExecutionCommandOutput } from '@aws-sdk/client-sfn';
import { CreateQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { RunningServer } from '../../src/api/server';
import { startEndpoint, type TestEndpoint } from '../support/endpoint';
import { messagingRunner } from '../support/messaging-runner';
import { command as snsCommand } from '../../src/cli/commands/sns';
import { fakeContext } from '../unit/cli/fake-context';

describe('messaging integrations', () => {
  let endpoint: TestEndpoint;
  let server: RunningServer;

  beforeAll(async () => {
    endpoint = await startEndpoint({ name: 'messaging', maxAttempts: 3, tasks: messagingRunner(() => endpoint.url) });
    server = endpoint.server;
  });
  afterAll(() => endpoint.stop());

  const machine = (name: string, definition: object): Promise<string> => endpoint.createStateMachine(name, definition);

  async function execute(stateMachineArn: string, input: unknown): Promise<DescribeExecutionCommandOutput> {
    return endpoint.untilEnded(await endpoint.startExecution(stateMachineArn, input), 20, 10_000);
  }

  function task(resource: string, parameters: object, extra: object = {}): object {
    return {
      StartAt: 'T',
      States: { T: { Type: 'Task', Resource: resource, Parameters: parameters, End: true, ...extra } },
    };
  }

  it('publishes to SNS, creating the topic, and keeps the message', async () => {
    const arn = await machine(
      'notify',
      task('arn:aws:states:::sns:publish', {
        TopicArn: 'arn:aws:sns:us-east-1:000000000000:etl-alerts',
        Subject: 'nightly ETL',
        'Message.$': "States.Format('{} sources failed', $.failed)",
        MessageAttributes: { severity: { DataType: 'String', StringValue: 'high' } },
      }),
    );
    const done = await execute(arn, { failed: 2 });
    expect(done.status).toBe('SUCCEEDED');
    const output = JSON.parse(done.output!) as Record<string, unknown>;
    expect(output).toEqual({
      MessageId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      SdkHttpMetadata: expect.objectContaining({ HttpStatusCode: 200 }),
      SdkResponseMetadata: { RequestId: expect.any(String) },
    });

    const listed = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=ListPublishedMessages&Version=2010-03-31&Topic=etl-alerts',
    });
    expect(((await listed.json()) as { Messages: unknown[] }).Messages).toEqual([
      expect.objectContaining({
        topic: 'etl-alerts',
        topicArn: 'arn:aws:sns:us-east-1:000000000000:etl-alerts',
        messageId: output['MessageId'],
        message: '2 sources failed',
        subject: 'nightly ETL',
        messageAttributes: { severity: { DataType: 'String', StringValue: 'high' } },
      }),
    ]);
  });

  it('`fanout sns list` shows what was published', async () => {
    const context = fakeContext();
    expect(
      await snsCommand.run(
        ['list', 'arn:aws:sns:us-east-1:000000000000:etl-alerts', '--endpoint', server.url],
        context,
      ),
    ).toBe(0);
    expect(context.out.join('')).toMatch(
      /^PUBLISHED +TOPIC +SUBJECT +MESSAGE\n\S+Z +etl-alerts +nightly ETL +2 sources failed\n$/,
    );
    const empty = fakeContext();
    await snsCommand.run(['list', 'quiet-topic', '--endpoint', server.url], empty);
    expect(empty.err.join('')).toContain('no messages on quiet-topic');
  });

  it('fails sns:publish to another account with SNS.NotFoundException', async () => {
    const arn = await machine(
      'notify-missing',
      task('arn:aws:states:::sns:publish', { TopicArn: 'arn:aws:sns:us-east-1:123456789012:x', Message: 'hi' }),
    );
    const done = await execute(arn, {});
    expect(done).toMatchObject({ status: 'FAILED', error: 'SNS.NotFoundException' });
    expect(done.cause).toMatch(/^Topic does not exist \(Service: AmazonSNS; Status Code: 404; Error Code: NotFound;/);
  });

  describe('states:startExecution', () => {
    let child: string;
    let failing: string;

    beforeAll(async () => {
      child = await machine('child', {
        StartAt: 'Double',
        States: { Double: { Type: 'Pass', Parameters: { 'n.$': 'States.MathAdd($.n, $.n)' }, End: true } },
      });
      failing = await machine('failing-child', {
        StartAt: 'Boom',
        States: { Boom: { Type: 'Fail', Error: 'Child.Broken', Cause: 'it broke' } },
      });
    });

    it('.sync returns the child execution with Output as a string', async () => {
      const parent = await machine(
        'parent-sync',
        task('arn:aws:states:::states:startExecution.sync', {
          StateMachineArn: child,
          Input: { 'n.$': '$.n' },
          Name: 'c1',
        }),
      );
      const done = await execute(parent, { n: 21 });
      expect(done.status).toBe('SUCCEEDED');
      expect(JSON.parse(done.output!)).toEqual({
        ExecutionArn: 'arn:aws:states:us-east-1:000000000000:execution:child:c1',
        Input: '{"n":21}',
        InputDetails: { Included: true },
        Name: 'c1',
        Output: '{"n":42}',
        OutputDetails: { Included: true },
        StartDate: expect.any(Number),
        StateMachineArn: child,
        Status: 'SUCCEEDED',
        StopDate: expect.any(Number),
      });
    });

    it('.sync:2 returns Input and Output as JSON', async () => {
      const parent = await machine(
        'parent-sync2',
        task('arn:aws:states:::states:startExecution.sync:2', { StateMachineArn: child, Input: { n: 5 } }),
      );
      const done = await execute(parent, {});
      expect(JSON.parse(done.output!)).toMatchObject({ Input: { n: 5 }, Output: { n: 10 }, Status: 'SUCCEEDED' });
    });

    it('a failed child fails the task with States.TaskFailed and the execution as the cause', async () => {
      const parent = await machine(
        'parent-fails',
        task('arn:aws:states:::states:startExecution.sync:2', { StateMachineArn: failing, Input: { a: 1 } }),
      );
      const done = await execute(parent, {});
      expect(done).toMatchObject({ status: 'FAILED', error: 'States.TaskFailed' });
      expect(JSON.parse(done.cause!)).toEqual({
        Error: 'Child.Broken',
        Cause: 'it broke',
        ExecutionArn: expect.stringMatching(/^arn:aws:states:us-east-1:000000000000:execution:failing-child:/),
        Input: { a: 1 },
        InputDetails: { Included: true },
        Name: expect.any(String),
        StartDate: expect.any(Number),
        StateMachineArn: failing,
        Status: 'FAILED',
        StopDate: expect.any(Number),
      });
    });

    it('request-response returns ExecutionArn and StartDate; a missing machine is StepFunctions.StateMachineDoesNotExistException', async () => {
      const parent = await machine(
        'parent-rr',
        task('arn:aws:states:::states:startExecution', { StateMachineArn: child, Input: '{"n":1}' }),
      );
      const done = await execute(parent, {});
      expect(JSON.parse(done.output!)).toMatchObject({
        ExecutionArn: expect.stringContaining(':execution:child:'),
        StartDate: expect.any(Number),
      });

      const broken = await machine(
        'parent-missing',
        task('arn:aws:states:::states:startExecution.sync', {
          StateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:nope',
        }),
      );
      const failed = await execute(broken, {});
      expect(failed).toMatchObject({ status: 'FAILED', error: 'StepFunctions.StateMachineDoesNotExistException' });
      expect(failed.cause).toMatch(
        /\(Service: AWSStepFunctions; Status Code: 400; Error Code: StateMachineDoesNotExist;/,
      );
    });
  });

  it('aws-sdk:s3 putObject then getObject round-trips through the embedded S3', async () => {
    const create = await fetch(`${server.url}/results`, { method: 'PUT' });
    expect(create.status).toBe(200);
    const arn = await machine('s3-roundtrip', {
      StartAt: 'Put',
      States: {
        Put: {
          Type: 'Task',
          Resource: 'arn:aws:states:::aws-sdk:s3:putObject',
          Parameters: { Bucket: 'results', Key: 'out/a.json', 'Body.$': '$.doc' },
          ResultPath: '$.put',
          Next: 'Get',
        },
        Get: {
          Type: 'Task',
          Resource: 'arn:aws:states:::aws-sdk:s3:getObject',
          Parameters: { Bucket: 'results', Key: 'out/a.json' },
          ResultSelector: { 'Body.$': '$.Body', 'ETag.$': '$.ETag', 'ContentLength.$': '$.ContentLength' },
          ResultPath: '$.got',
          Next: 'Missing',
        },
        Missing: {
          Type: 'Task',
          Resource: 'arn:aws:states:::aws-sdk:s3:getObject',
          Parameters: { Bucket: 'results', Key: 'nope' },
          Catch: [{ ErrorEquals: ['S3.NoSuchKeyException'], ResultPath: '$.missing', Next: 'Done' }],
          End: true,
        },
        Done: { Type: 'Succeed' },
      },
    });
    const done = await execute(arn, { doc: { text: 'hello' } });
    expect(done.status).toBe('SUCCEEDED');
    const output = JSON.parse(done.output!) as Record<string, Record<string, unknown>>;
    expect(output['put']).toMatchObject({ ETag: expect.stringMatching(/^"[0-9a-f]{32}"$/) });
    expect(output['got']).toEqual({ Body: '{"text":"hello"}', ETag: output['put']!['ETag'], ContentLength: 16 });
    expect(output['missing']).toEqual({
      Error: 'S3.NoSuchKeyException',
      Cause: expect.stringMatching(/\(Service: S3, Status Code: 404, Request ID: [^,]+, Extended Request ID: .+\)$/),
    });
  });

  async function sns(action: string, params: Record<string, string>): Promise<string> {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ Action: action, Version: '2010-03-31', ...params }).toString(),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${action}: ${text}`);
    return text;
  }

  it('delivers sns:publish to a subscribed SQS queue as the SNS notification, and fails on a deleted topic', async () => {
    const { sqs } = endpoint;
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'subscribed' }));
    const topicArn = /<TopicArn>([^<]+)</.exec(await sns('CreateTopic', { Name: 'fanned' }))![1]!;
    await sns('Subscribe', {
      TopicArn: topicArn,
      Protocol: 'sqs',
      Endpoint: 'arn:aws:sqs:us-east-1:000000000000:subscribed',
    });
    const arn = await machine(
      'publish-subscribed',
      task('arn:aws:states:::sns:publish', { 'TopicArn.$': '$.t', Message: { a: 1 } }),
    );
    const done = await execute(arn, { t: topicArn });
    expect(done.status).toBe('SUCCEEDED');
    const metadata = (JSON.parse(done.output!) as { SdkHttpMetadata: { HttpHeaders: Record<string, string> } })
      .SdkHttpMetadata.HttpHeaders;
    expect(metadata).toMatchObject({ 'Content-Type': 'text/xml', connection: 'keep-alive' });
    expect(metadata['Content-Length']).toMatch(/^\d+$/);
    const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
    expect(JSON.parse(Messages![0]!.Body!)).toMatchObject({
      Type: 'Notification',
      TopicArn: topicArn,
      Message: '{"a":1}',
    });

    await sns('DeleteTopic', { TopicArn: topicArn });
    const failed = await execute(arn, { t: topicArn });
    expect(failed).toMatchObject({ status: 'FAILED', error: 'SNS.NotFoundException' });
    expect(failed.cause).toMatch(/^Topic does not exist \(Service: AmazonSNS; Status Code: 404; Error Code: NotFound;/);
  });

  it('fails sqs:sendMessage to a queue URL whose host does not resolve with SQS.SdkClientException', async () => {
    const arn = await machine(
      'send-nowhere',
      task('arn:aws:states:::sqs:sendMessage', { QueueUrl: 'http://no-such-queue-h18', MessageBody: 'x' }),
    );
    const done = await execute(arn, {});
    expect(done).toMatchObject({
      status: 'FAILED',
      error: 'SQS.SdkClientException',
      cause: 'Unable to execute HTTP request: no-such-queue-h18: Name or service not known',
    });
  });

  it('aws-sdk:s3:putObject stores a string Body as its JSON text and answers with what S3 returns', async () => {
    await fetch(`${server.url}/texts`, { method: 'PUT' });
    const arn = await machine(
      's3-text',
      task('arn:aws:states:::aws-sdk:s3:putObject', { Bucket: 'texts', Key: 'k', 'Body.$': '$.b' }),
    );
    const done = await execute(arn, { b: 'text data' });
    expect(JSON.parse(done.output!)).toEqual({
      ChecksumCRC32: 'KUmHvQ==',
      ChecksumType: 'FULL_OBJECT',
      ETag: '"2b5df3712557f503a9977a8ea893b2c9"',
      ServerSideEncryption: 'AES256',
    });
    const stored = await fetch(`${server.url}/texts/k`);
    expect(await stored.text()).toBe('"text data"');
    expect(stored.headers.get('content-type')).toBe('text/plain; charset=UTF-8');
    expect(stored.headers.get('x-amz-server-side-encryption')).toBe('AES256');
  });

  it('aws-sdk:s3:listObjects on a bucket that does not exist fails with S3.NoSuchBucketException', async () => {
    const arn = await machine(
      's3-list',
      task('arn:aws:states:::aws-sdk:s3:listObjects', { Bucket: 'NoSuchBucket_h18' }),
    );
    const done = await execute(arn, {});
    expect(done).toMatchObject({ status: 'FAILED', error: 'S3.NoSuchBucketException' });
    expect(done.cause).toMatch(/^The specified bucket does not exist \(Service: S3, Status Code: 404, /);
  });
});
