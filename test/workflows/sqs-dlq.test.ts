/**
 * The dead-letter pattern end to end: a Catch sends `{error, cause, input}` to the DLQ with sqs:sendMessage, and
 * the message is read back over SQS's own protocols — @aws-sdk/client-sqs (JSON) and the AWS CLI (JSON for
 * botocore ≥ 1.31, the query protocol for older CLI v2 builds). CLI cases are skipped, saying so, without `aws`.
 */
import { spawnSync } from 'node:child_process';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { CreateStateMachineCommand, DescribeExecutionCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { SQSClient } from '@aws-sdk/client-sqs';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import type { RunningServer } from '../../src/api/server';
import { awsCli } from '../support/aws-cli';
import { startEndpoint, type TestEndpoint } from '../support/endpoint';
import { messagingRunner } from '../support/messaging-runner';
import { command as dlqCommand } from '../../src/cli/commands/dlq';
import { fakeContext } from '../unit/cli/fake-context';

const DEFINITION = {
  StartAt: 'Work',
  States: {
    Work: {
      Type: 'Parallel',
      Branches: [
        {
          StartAt: 'Ocr',
          States: { Ocr: { Type: 'Fail', Error: 'Ocr.BadScan', Cause: 'page 3 is unreadable' } },
        },
      ],
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'ToDlq' }],
      End: true,
    },
    ToDlq: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sqs:sendMessage',
      Parameters: {
        'QueueUrl.$': '$.dlq',
        MessageBody: {
          'error.$': '$.error.Error',
          'cause.$': '$.error.Cause',
          input: { 'document.$': '$.document' },
          'execution.$': '$$.Execution.Id',
          state: 'Work',
        },
        MessageAttributes: { origin: { DataType: 'String', StringValue: 'bulk-ocr' } },
      },
      ResultPath: '$.sent',
      Next: 'Parked',
    },
    Parked: { Type: 'Succeed' },
  },
};

describe('the DLQ on the local endpoint', () => {
  let endpoint: TestEndpoint;
  let server: RunningServer;
  let sfn: SFNClient;
  let sqs: SQSClient;
  let dlq: string;

  beforeAll(async () => {
    endpoint = await startEndpoint({ name: 'sqs-dlq', maxAttempts: 3, tasks: messagingRunner(() => endpoint.url) });
    server = endpoint.server;
    sfn = endpoint.sfn;
    sqs = endpoint.sqs;
    dlq = (await sqs.send(new CreateQueueCommand({ QueueName: 'fanout-dlq' }))).QueueUrl!;
  });
  afterAll(() => endpoint.stop());

  async function runToEnd(name: string, input: unknown): Promise<string> {
    const executionArn = await endpoint.startExecution(await endpoint.createStateMachine(name, DEFINITION), input);
    const described = await endpoint.untilEnded(executionArn, 20, 4_000);
    expect(described).toMatchObject({ status: 'SUCCEEDED' });
    const output = JSON.parse(described.output!) as { sent: Record<string, unknown> };
    expect(output.sent).toEqual({
      MD5OfMessageBody: expect.stringMatching(/^[0-9a-f]{32}$/),
      MD5OfMessageAttributes: expect.stringMatching(/^[0-9a-f]{32}$/),
      MessageId: expect.any(String),
      SdkHttpMetadata: expect.objectContaining({ HttpStatusCode: 200 }),
      SdkResponseMetadata: { RequestId: expect.any(String) },
    });
    return executionArn;
  }

  it('parks a failed item with its error, cause and input, readable and deletable with the SDK', async () => {
    const executionArn = await runToEnd('ocr-dlq', { dlq, document: 's3://scans/a.tif' });

    const received = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: dlq,
        WaitTimeSeconds: 1,
        VisibilityTimeout: 1,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    expect(received.Messages).toHaveLength(1);
    const [message] = received.Messages!;
    expect(JSON.parse(message!.Body!)).toEqual({
      error: 'Ocr.BadScan',
      cause: 'page 3 is unreadable',
      input: { document: 's3://scans/a.tif' },
      execution: executionArn,
      state: 'Work',
    });
    expect(message!.MessageAttributes).toEqual({ origin: { DataType: 'String', StringValue: 'bulk-ocr' } });
    expect(message!.Attributes).toMatchObject({ ApproximateReceiveCount: '1', SentTimestamp: expect.any(String) });

    // Not deleted: after the 1 s visibility timeout the long poll gets it again, one receive more.
    const again = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: dlq, WaitTimeSeconds: 5, MessageSystemAttributeNames: ['All'] }),
    );
    expect(again.Messages![0]!.MessageId).toBe(message!.MessageId);
    expect(again.Messages![0]!.Attributes!['ApproximateReceiveCount']).toBe('2');

    await sqs.send(new DeleteMessageCommand({ QueueUrl: dlq, ReceiptHandle: again.Messages![0]!.ReceiptHandle }));
    const attributes = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ['All'] }));
    expect(attributes.Attributes).toMatchObject({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '0',
      QueueArn: 'arn:aws:sqs:us-east-1:000000000000:fanout-dlq',
    });
  });

  it('returns a long poll as soon as a message arrives', async () => {
    const started = Date.now();
    const polling = sqs.send(new ReceiveMessageCommand({ QueueUrl: dlq, WaitTimeSeconds: 20 }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await sqs.send(new SendMessageCommand({ QueueUrl: dlq, MessageBody: 'wake up' }));
    const { Messages } = await polling;
    expect(Messages![0]!.Body).toBe('wake up');
    expect(Date.now() - started).toBeLessThan(5000);
    await sqs.send(new DeleteMessageCommand({ QueueUrl: dlq, ReceiptHandle: Messages![0]!.ReceiptHandle }));
  });

  it('reports a missing queue as the SDK expects it (QueueDoesNotExist, query code in Code)', async () => {
    await expect(sqs.send(new GetQueueUrlCommand({ QueueName: 'nope' }))).rejects.toMatchObject({
      name: 'QueueDoesNotExist',
      Code: 'AWS.SimpleQueueService.NonExistentQueue',
      $metadata: expect.objectContaining({ httpStatusCode: 400 }),
    });
  });

  it('fails the task with SQS.QueueDoesNotExistException when the DLQ is missing', async () => {
    const machine = await sfn.send(
      new CreateStateMachineCommand({
        name: 'no-queue',
        definition: JSON.stringify(DEFINITION),
        roleArn: 'arn:aws:iam::000000000000:role/local',
      }),
    );
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: machine.stateMachineArn,
        input: JSON.stringify({ dlq: `${server.url}/000000000000/missing`, document: 'x' }),
      }),
    );
    let described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    for (let i = 0; described.status === 'RUNNING' && i < 200; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    }
    expect(described.status).toBe('FAILED');
    expect(described.error).toBe('SQS.QueueDoesNotExistException');
    expect(described.cause).toMatch(
      /^The specified queue does not exist\. \(Service: AmazonSQS; Status Code: 400; Error Code: AWS\.SimpleQueueService\.NonExistentQueue; Request ID: [\w-]+; Proxy: null\)$/,
    );
  });

  it('`fanout dlq` lists, shows and redrives the parked items', async () => {
    const executionArn = await runToEnd('cli-dlq', { dlq, document: 's3://scans/c.tif' });
    await sqs.send(new SendMessageCommand({ QueueUrl: dlq, MessageBody: 'not json' }));
    const dlqCli = async (...args: string[]): Promise<{ code: number; out: string; err: string }> => {
      const context = fakeContext();
      const code = await dlqCommand.run([...args, '--endpoint', server.url], context);
      return { code, out: context.out.join(''), err: context.err.join('') };
    };

    const listed = await dlqCli('list');
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/^MESSAGE ID +SENT +RECEIVES +ERROR +CAUSE +ORIGIN\n/);
    expect(listed.out).toContain('Ocr.BadScan  page 3 is unreadable  cli-dlq/');
    expect(listed.out).toContain('@ Work');
    expect(listed.out).toContain('not json');

    const json = JSON.parse((await dlqCli('list', '--json')).out) as {
      messageId: string;
      error?: string;
      execution?: string;
    }[];
    const parked = json.find((m) => m.error === 'Ocr.BadScan')!;
    expect(parked.execution).toBe(executionArn);
    const shown = JSON.parse((await dlqCli('show', parked.messageId)).out) as Record<string, unknown>;
    expect(shown).toMatchObject({
      messageId: parked.messageId,
      error: 'Ocr.BadScan',
      body: { input: { document: 's3://scans/c.tif' } },
    });
    await expect(dlqCli('show', 'nope')).rejects.toThrow(/no message nope/);
    await expect(dlqCli('redrive')).rejects.toThrow(/exactly one of --to QUEUE or --start/);

    const retry = (await sqs.send(new CreateQueueCommand({ QueueName: 'ocr-retry' }))).QueueUrl!;
    const moved = await dlqCli('redrive', '--to', 'ocr-retry', '--id', parked.messageId);
    expect(moved.out).toBe('redrove 1 of 1 message(s)\n');
    const back = await sqs.send(new ReceiveMessageCommand({ QueueUrl: retry, MessageAttributeNames: ['All'] }));
    expect(JSON.parse(back.Messages![0]!.Body!)).toMatchObject({ error: 'Ocr.BadScan' });
    expect(back.Messages![0]!.MessageAttributes).toEqual({ origin: { DataType: 'String', StringValue: 'bulk-ocr' } });

    const started = await dlqCli('redrive', '--start', 'cli-dlq');
    expect(started.out).toBe('redrove 1 of 1 message(s)\n');
    const remaining = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlq, AttributeNames: ['All'] }));
    expect(remaining.Attributes).toMatchObject({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '0',
    });
    expect((await dlqCli('list')).err).toContain('is empty');
  });

  /** Every `aws` found: the one on PATH and the system one, which may speak different SQS protocols. */
  const clis = [...new Set(['aws', '/usr/bin/aws'])]
    .map((bin) => ({ bin, version: spawnSync(bin, ['--version'], { encoding: 'utf8' }) }))
    .filter((c) => c.version.status === 0)
    .map((c) => ({ bin: c.bin, version: c.version.stdout.trim().split(' ')[0] ?? c.bin }));
  if (clis.length === 0) {
    it.skip('reads the DLQ with `aws sqs` (SKIPPED: `aws` is not installed)', () => undefined);
  }
  for (const cli of clis) {
    it(`reads and deletes DLQ messages with \`aws sqs\` (${cli.bin}, ${cli.version})`, async () => {
      const aws = (...args: string[]): Promise<Record<string, unknown>> =>
        awsCli(server.url, ['sqs', ...args], { allowEmpty: true, bin: cli.bin });
      await runToEnd(`cli-${clis.indexOf(cli)}`, { dlq, document: 's3://scans/b&c <d>.tif' });
      expect(await aws('get-queue-url', '--queue-name', 'fanout-dlq')).toEqual({ QueueUrl: dlq });
      const received = await aws(
        'receive-message',
        '--queue-url',
        dlq,
        '--wait-time-seconds',
        '2',
        '--attribute-names',
        'All',
        '--message-attribute-names',
        'All',
      );
      const messages = received['Messages'] as {
        Body: string;
        ReceiptHandle: string;
        Attributes: Record<string, string>;
        MessageAttributes: unknown;
      }[];
      expect(messages).toHaveLength(1);
      expect(JSON.parse(messages[0]!.Body)).toMatchObject({
        error: 'Ocr.BadScan',
        input: { document: 's3://scans/b&c <d>.tif' },
      });
      expect(messages[0]!.Attributes['ApproximateReceiveCount']).toBe('1');
      expect(messages[0]!.MessageAttributes).toEqual({ origin: { DataType: 'String', StringValue: 'bulk-ocr' } });
      await aws('delete-message', '--queue-url', dlq, '--receipt-handle', messages[0]!.ReceiptHandle);
      const attributes = await aws('get-queue-attributes', '--queue-url', dlq, '--attribute-names', 'All');
      expect(attributes['Attributes']).toMatchObject({
        ApproximateNumberOfMessages: '0',
        ApproximateNumberOfMessagesNotVisible: '0',
      });
      await expect(aws('get-queue-url', '--queue-name', 'nope')).rejects.toThrow(/NonExistentQueue|QueueDoesNotExist/);
    });
  }
});
