/**
 * FIFO queues end to end on the local endpoint: the unchanged @aws-sdk/client-sqs (JSON protocol) and a form-encoded
 * query-protocol client see SQS's FIFO rules and errors; a FIFO SNS topic delivers to a FIFO queue with the
 * publisher's group and deduplication ids; sqs:sendMessage Tasks send to a FIFO queue with a MessageGroupId and get
 * the SequenceNumber back.
 */
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  type Message,
} from '@aws-sdk/client-sqs';
import { awsCli, hasAws } from '../support/aws-cli';
import { startEndpoint, type TestEndpoint } from '../support/endpoint';
import { messagingRunner } from '../support/messaging-runner';

describe('FIFO queues on the local endpoint', () => {
  let endpoint: TestEndpoint;

  beforeAll(async () => {
    endpoint = await startEndpoint({ name: 'fifo', tasks: messagingRunner(() => endpoint.url) });
  });
  afterAll(() => endpoint.stop());

  async function createFifo(name: string, attributes: Record<string, string> = {}): Promise<string> {
    const { QueueUrl } = await endpoint.sqs.send(
      new CreateQueueCommand({ QueueName: name, Attributes: { FifoQueue: 'true', ...attributes } }),
    );
    return QueueUrl!;
  }

  async function receiveAll(QueueUrl: string): Promise<Message[]> {
    const { Messages = [] } = await endpoint.sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'] }),
    );
    return Messages;
  }

  async function form(params: Record<string, string>): Promise<{ status: number; text: string }> {
    const response = await fetch(endpoint.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ Version: '2012-11-05', ...params }).toString(),
    });
    return { status: response.status, text: await response.text() };
  }

  it('orders each group, deduplicates and reports SQS errors through @aws-sdk/client-sqs', async () => {
    const QueueUrl = await createFifo('orders.fifo', { ContentBasedDeduplication: 'true' });
    const first = await endpoint.sqs.send(
      new SendMessageCommand({ QueueUrl, MessageBody: 'o1', MessageGroupId: 'cust-1' }),
    );
    expect(first.SequenceNumber).toMatch(/^\d{20,}$/);
    const repeat = await endpoint.sqs.send(
      new SendMessageCommand({ QueueUrl, MessageBody: 'o1', MessageGroupId: 'cust-1' }),
    );
    expect(repeat.MessageId).toBe(first.MessageId);
    const batch = await endpoint.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl,
        Entries: [
          { Id: 'a', MessageBody: 'o2', MessageGroupId: 'cust-1' },
          { Id: 'b', MessageBody: 'p1', MessageGroupId: 'cust-2' },
        ],
      }),
    );
    expect(batch.Successful!.map((e) => e.SequenceNumber! > first.SequenceNumber!)).toEqual([true, true]);

    const received = await receiveAll(QueueUrl);
    expect(received.map((m) => [m.Body, m.Attributes!.MessageGroupId])).toEqual([
      ['o1', 'cust-1'],
      ['o2', 'cust-1'],
      ['p1', 'cust-2'],
    ]);
    expect(received[0]!.Attributes).toMatchObject({
      SequenceNumber: first.SequenceNumber,
      MessageDeduplicationId: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    // While cust-1's messages are in flight, a new one in that group waits; cust-2's does not.
    await endpoint.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'o3', MessageGroupId: 'cust-1' }));
    await endpoint.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'p2', MessageGroupId: 'cust-2' }));
    await endpoint.sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: received[2]!.ReceiptHandle }));
    expect((await receiveAll(QueueUrl)).map((m) => m.Body)).toEqual(['p2']);

    const missingGroup = endpoint.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x' }));
    await expect(missingGroup).rejects.toMatchObject({
      name: 'MissingParameter',
      message: 'The request must contain the parameter MessageGroupId.',
      $metadata: { httpStatusCode: 400 },
    });
    const delayed = endpoint.sqs.send(
      new SendMessageCommand({ QueueUrl, MessageBody: 'x', MessageGroupId: 'g', DelaySeconds: 3 }),
    );
    await expect(delayed).rejects.toMatchObject({
      name: 'InvalidParameterValue',
      message: expect.stringContaining('parameter DelaySeconds is invalid'),
    });
    await expect(endpoint.sqs.send(new CreateQueueCommand({ QueueName: 'plain.fifo' }))).rejects.toMatchObject({
      name: 'InvalidParameterValue',
    });
  });

  it('speaks the query protocol for FIFO sends and receives', async () => {
    const QueueUrl = await createFifo('query.fifo');
    const noDedup = await form({ Action: 'SendMessage', QueueUrl, MessageBody: 'q', MessageGroupId: 'g' });
    expect(noDedup.status).toBe(400);
    expect(noDedup.text).toContain('<Code>InvalidParameterValue</Code>');
    expect(noDedup.text).toContain('MessageDeduplicationId provided explicitly');
    const sent = await form({
      Action: 'SendMessage',
      QueueUrl,
      MessageBody: 'q',
      MessageGroupId: 'g',
      MessageDeduplicationId: 'd-1',
    });
    expect(sent.text).toMatch(/<SequenceNumber>\d{20,}<\/SequenceNumber>/);
    const received = await form({
      Action: 'ReceiveMessage',
      QueueUrl,
      'AttributeName.1': 'All',
    });
    expect(received.text).toContain('<Attribute><Name>MessageGroupId</Name><Value>g</Value></Attribute>');
    expect(received.text).toContain('<Attribute><Name>MessageDeduplicationId</Name><Value>d-1</Value></Attribute>');
  });

  it('delivers a FIFO topic to a FIFO queue with the group and deduplication ids, and refuses a standard topic', async () => {
    const QueueUrl = await createFifo('fanned.fifo');
    const queueArn = 'arn:aws:sqs:us-east-1:000000000000:fanned.fifo';
    const created = await sns({
      Action: 'CreateTopic',
      Name: 'events.fifo',
      'Attributes.entry.1.key': 'FifoTopic',
      'Attributes.entry.1.value': 'true',
    });
    const topicArn = /<TopicArn>([^<]+)</.exec(created)![1]!;
    await sns({
      Action: 'Subscribe',
      TopicArn: topicArn,
      Protocol: 'sqs',
      Endpoint: queueArn,
      'Attributes.entry.1.key': 'RawMessageDelivery',
      'Attributes.entry.1.value': 'true',
    });
    for (const [message, dedup] of [
      ['e1', 'k1'],
      ['e1 again', 'k1'],
      ['e2', 'k2'],
    ]) {
      await sns({
        Action: 'Publish',
        TopicArn: topicArn,
        Message: message!,
        MessageGroupId: 'stream',
        MessageDeduplicationId: dedup!,
      });
    }
    const received = await receiveAll(QueueUrl);
    expect(received.map((m) => [m.Body, m.Attributes!.MessageGroupId, m.Attributes!.MessageDeduplicationId])).toEqual([
      ['e1', 'stream', 'k1'],
      ['e2', 'stream', 'k2'],
    ]);

    const standard = /<TopicArn>([^<]+)</.exec(await sns({ Action: 'CreateTopic', Name: 'plain' }))![1]!;
    const refused = await fetch(endpoint.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        Action: 'Subscribe',
        Version: '2010-03-31',
        TopicArn: standard,
        Protocol: 'sqs',
        Endpoint: queueArn,
      }).toString(),
    });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('FIFO SQS Queues can not be subscribed to standard SNS topics');
  });

  it('sends from sqs:sendMessage Tasks with a MessageGroupId and returns the SequenceNumber', async () => {
    const QueueUrl = await createFifo('tasks.fifo', { ContentBasedDeduplication: 'true' });
    const definition = {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          ItemsPath: '$.items',
          MaxConcurrency: 1,
          ItemProcessor: {
            StartAt: 'Send',
            States: {
              Send: {
                Type: 'Task',
                Resource: 'arn:aws:states:::sqs:sendMessage',
                Parameters: { QueueUrl, 'MessageBody.$': '$', MessageGroupId: 'batch-7' },
                End: true,
              },
            },
          },
          ResultPath: '$.sent',
          Next: 'Unkeyed',
        },
        Unkeyed: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sqs:sendMessage',
          Parameters: { QueueUrl, MessageBody: 'no group' },
          Catch: [{ ErrorEquals: ['SQS.AmazonSQSException'], ResultPath: '$.caught', Next: 'Done' }],
          End: true,
        },
        Done: { Type: 'Succeed' },
      },
    };
    const done = await endpoint.run('fifo-sender', definition, { items: ['one', 'two', 'three'] }, 20);
    expect([done.status, done.error, done.cause]).toEqual(['SUCCEEDED', undefined, undefined]);
    const output = JSON.parse(done.output!) as {
      sent: { SequenceNumber: string }[];
      caught: { Error: string; Cause: string };
    };
    expect(output.sent.map((s) => s.SequenceNumber)).toEqual([
      '00000000000000000001',
      '00000000000000000002',
      '00000000000000000003',
    ]);
    // MissingParameter is not in the SQS model, so Step Functions' SDK surfaces it as AmazonSQSException.
    expect(output.caught.Error).toBe('SQS.AmazonSQSException');
    expect(output.caught.Cause).toMatch(
      /^The request must contain the parameter MessageGroupId\. \(Service: AmazonSQS; Status Code: 400; Error Code: MissingParameter;/,
    );
    expect((await receiveAll(QueueUrl)).map((m) => [m.Body, m.Attributes!.MessageGroupId])).toEqual([
      ['one', 'batch-7'],
      ['two', 'batch-7'],
      ['three', 'batch-7'],
    ]);
  });

  (hasAws ? it : it.skip)(
    `the AWS CLI sends to a FIFO queue${hasAws ? '' : ' (skipped: no `aws` on PATH)'}`,
    async () => {
      const QueueUrl = await createFifo('cli.fifo');
      const sent = await awsCli(endpoint.url, [
        'sqs',
        'send-message',
        '--queue-url',
        QueueUrl,
        '--message-body',
        'from the cli',
        '--message-group-id',
        'g',
        '--message-deduplication-id',
        'cli-1',
      ]);
      expect(sent).toMatchObject({ MessageId: expect.any(String), SequenceNumber: '00000000000000000001' });
      expect((await receiveAll(QueueUrl)).map((m) => m.Body)).toEqual(['from the cli']);
    },
  );

  async function sns(params: Record<string, string>): Promise<string> {
    const response = await fetch(endpoint.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ Version: '2010-03-31', ...params }).toString(),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${params['Action']}: ${text}`);
    return text;
  }
});
