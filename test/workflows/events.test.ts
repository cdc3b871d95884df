/**
 * EventBridge on the local endpoint with the unchanged @aws-sdk/client-eventbridge: rules and targets, PutEvents
 * starting a state machine with a transformed input, failed deliveries in the dead-letter queue with their
 * reason, and TestEventPattern agreeing with the matcher on AWS's documented examples.
 */
import {
  DeleteRuleCommand,
  DescribeRuleCommand,
  EventBridgeClient,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  TestEventPatternCommand,
} from '@aws-sdk/client-eventbridge';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { CreateStateMachineCommand, DescribeExecutionCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { CreateQueueCommand, ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetBucketNotificationConfigurationCommand,
  PutBucketNotificationConfigurationCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import type { RunningServer } from '../../src/api/server';
import { startEndpoint, type TestEndpoint } from '../support/endpoint';
import { NUMBER_TEXT_EXAMPLE, PATTERN_EXAMPLES } from '../unit/events/pattern-examples';
import { compilePattern, matchesPattern, parseJsonText } from '../../src/events/pattern';

const ROLE = 'arn:aws:iam::000000000000:role/local';

describe('EventBridge with the SDK', () => {
  let endpoint: TestEndpoint;
  let server: RunningServer;
  let events: EventBridgeClient;
  let sfn: SFNClient;
  let sqs: SQSClient;
  let s3: S3Client;

  beforeAll(async () => {
    endpoint = await startEndpoint({ name: 'events', maxAttempts: 3, tasks: { run: () => Promise.resolve({}) } });
    ({ server, sfn, sqs, s3 } = endpoint);
    events = new EventBridgeClient(endpoint.clientConfig);
  });
  afterAll(async () => {
    events.destroy();
    await endpoint.stop();
  });

  async function executionsOf(stateMachineArn: string, count: number): Promise<string[]> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { executions = [] } = await sfn.send(new ListExecutionsCommand({ stateMachineArn }));
      if (executions.length >= count || Date.now() > deadline) return executions.map((e) => e.executionArn!);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  test('a matching event starts the target state machine with the transformed input', async () => {
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: 'on-order',
        roleArn: ROLE,
        definition: JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } }),
      }),
    );
    const { RuleArn } = await events.send(
      new PutRuleCommand({
        Name: 'orders',
        EventPattern: JSON.stringify({ source: ['shop'], detail: { total: [{ numeric: ['>=', 100] }] } }),
      }),
    );
    expect(RuleArn).toBe('arn:aws:events:us-east-1:000000000000:rule/orders');
    const put = await events.send(
      new PutTargetsCommand({
        Rule: 'orders',
        Targets: [
          {
            Id: 'start',
            Arn: stateMachineArn!,
            RoleArn: ROLE,
            InputTransformer: {
              InputPathsMap: { order: '$.detail.id', total: '$.detail.total' },
              InputTemplate: '{"order": "<order>", "total": <total>, "rule": "<aws.events.rule-name>"}',
            },
          },
        ],
      }),
    );
    expect(put.FailedEntryCount).toBe(0);

    const result = await events.send(
      new PutEventsCommand({
        Entries: [
          { Source: 'shop', DetailType: 'Order Placed', Detail: JSON.stringify({ id: 'o-1', total: 150 }) },
          { Source: 'shop', DetailType: 'Order Placed', Detail: JSON.stringify({ id: 'o-2', total: 5 }) },
          { Source: 'shop', DetailType: 'Order Placed', Detail: 'not json' },
          { Source: 'shop', Detail: '{}' },
        ],
      }),
    );
    expect(result.FailedEntryCount).toBe(2);
    expect(result.Entries![0]!.EventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.Entries![2]).toEqual({ ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' });
    expect(result.Entries![3]!.ErrorCode).toBe('InvalidArgument');

    const [executionArn] = await executionsOf(stateMachineArn!, 1);
    const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    expect(JSON.parse(execution.input!)).toEqual({ order: 'o-1', total: 150, rule: 'orders' });
    // Only the order of 150 matched.
    await new Promise((r) => setTimeout(r, 200));
    const { executions = [] } = await sfn.send(new ListExecutionsCommand({ stateMachineArn }));
    expect(executions).toHaveLength(1);

    const described = await events.send(new DescribeRuleCommand({ Name: 'orders' }));
    expect(described).toMatchObject({ Name: 'orders', State: 'ENABLED', EventBusName: 'default', Arn: RuleArn });
    const listed = await events.send(new ListRulesCommand({ NamePrefix: 'ord' }));
    expect(listed.Rules!.map((r) => r.Name)).toEqual(['orders']);
    const targets = await events.send(new ListTargetsByRuleCommand({ Rule: 'orders' }));
    expect(targets.Targets!.map((t) => t.Id)).toEqual(['start']);

    await expect(events.send(new DeleteRuleCommand({ Name: 'orders' }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: "Rule can't be deleted since it has targets.",
    });
    await events.send(new RemoveTargetsCommand({ Rule: 'orders', Ids: ['start'] }));
    await events.send(new DeleteRuleCommand({ Name: 'orders' }));
    await expect(events.send(new DescribeRuleCommand({ Name: 'orders' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  test('a delivery that fails goes to the dead-letter queue with its reason', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'events-dlq' }));
    await events.send(new PutRuleCommand({ Name: 'broken', EventPattern: JSON.stringify({ source: ['broken'] }) }));
    await events.send(
      new PutTargetsCommand({
        Rule: 'broken',
        Targets: [
          {
            Id: 'missing-machine',
            Arn: 'arn:aws:states:us-east-1:000000000000:stateMachine:no-such-machine',
            RetryPolicy: { MaximumRetryAttempts: 0 },
            DeadLetterConfig: { Arn: 'arn:aws:sqs:us-east-1:000000000000:events-dlq' },
          },
        ],
      }),
    );
    await events.send(new PutEventsCommand({ Entries: [{ Source: 'broken', DetailType: 't', Detail: '{"n": 1}' }] }));
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 5, MessageAttributeNames: ['All'] }),
    );
    expect(Messages).toHaveLength(1);
    const message = Messages[0]!;
    expect(JSON.parse(message.Body!)).toMatchObject({ source: 'broken', detail: { n: 1 } });
    const attribute = (name: string): string | undefined => message.MessageAttributes?.[name]?.StringValue;
    expect(attribute('RULE_ARN')).toBe('arn:aws:events:us-east-1:000000000000:rule/broken');
    expect(attribute('TARGET_ARN')).toBe('arn:aws:states:us-east-1:000000000000:stateMachine:no-such-machine');
    expect(attribute('ERROR_CODE')).toBe('StateMachineDoesNotExist');
    expect(attribute('ERROR_MESSAGE')).toContain('no-such-machine');
  });

  test('a bucket with EventBridge notifications sends Object Created and Object Deleted in S3 shape', async () => {
    await s3.send(new CreateBucketCommand({ Bucket: 'watched' }));
    await s3.send(new CreateBucketCommand({ Bucket: 'quiet' }));
    expect(await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: 'watched' }))).not.toHaveProperty(
      'EventBridgeConfiguration',
    );
    await s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: 'watched',
        NotificationConfiguration: { EventBridgeConfiguration: {} },
      }),
    );
    const config = await s3.send(new GetBucketNotificationConfigurationCommand({ Bucket: 'watched' }));
    expect(config.EventBridgeConfiguration).toEqual({});

    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 's3-events' }));
    await events.send(
      new PutRuleCommand({
        Name: 's3-pdfs',
        EventPattern: JSON.stringify({ source: ['aws.s3'], detail: { object: { key: [{ suffix: '.pdf' }] } } }),
      }),
    );
    await events.send(
      new PutTargetsCommand({
        Rule: 's3-pdfs',
        Targets: [{ Id: 'q', Arn: 'arn:aws:sqs:us-east-1:000000000000:s3-events' }],
      }),
    );
    await s3.send(new PutObjectCommand({ Bucket: 'watched', Key: 'in/a.pdf', Body: 'hello' }));
    await s3.send(new PutObjectCommand({ Bucket: 'watched', Key: 'in/a.txt', Body: 'not a pdf' }));
    await s3.send(new PutObjectCommand({ Bucket: 'quiet', Key: 'b.pdf', Body: 'not watched' }));
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: 'watched', Key: 'big.pdf' }));
    const part = await s3.send(
      new UploadPartCommand({ Bucket: 'watched', Key: 'big.pdf', UploadId, PartNumber: 1, Body: 'one part' }),
    );
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: 'watched',
        Key: 'big.pdf',
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag! }] },
      }),
    );
    await s3.send(new DeleteObjectCommand({ Bucket: 'watched', Key: 'in/a.pdf' }));

    const received: Message[] = [];
    const deadline = Date.now() + 10_000;
    while (received.length < 3 && Date.now() < deadline) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1, MaxNumberOfMessages: 10 }),
      );
      received.push(...Messages);
    }
    interface S3Event {
      'detail-type': string;
      time: string;
      detail: { object: { key: string; etag: string; sequencer: string }; reason: string; 'request-id': string };
    }
    const bodies = received.map((m) => JSON.parse(m.Body!) as S3Event);
    expect(bodies.map((b) => [b['detail-type'], b.detail.object.key, b.detail.reason])).toEqual([
      ['Object Created', 'in/a.pdf', 'PutObject'],
      ['Object Created', 'big.pdf', 'CompleteMultipartUpload'],
      ['Object Deleted', 'in/a.pdf', 'DeleteObject'],
    ]);
    const [created, multipart, deleted] = bodies;
    expect(created).toMatchObject({
      version: '0',
      source: 'aws.s3',
      account: '000000000000',
      region: 'us-east-1',
      resources: ['arn:aws:s3:::watched'],
      detail: {
        version: '0',
        bucket: { name: 'watched' },
        object: { key: 'in/a.pdf', size: 5, etag: '5d41402abc4b2a76b9719d911017c592' },
        requester: '000000000000',
        reason: 'PutObject',
      },
    });
    expect(created!.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(created!.detail['request-id']).toMatch(/^[0-9A-F]{16}$/);
    expect(multipart!.detail.object.etag).toMatch(/^[0-9a-f]{32}-1$/);
    expect(deleted!.detail).toMatchObject({ 'deletion-type': 'Permanently Deleted', object: { key: 'in/a.pdf' } });
    expect(deleted!.detail.object.sequencer > created!.detail.object.sequencer).toBe(true);
  });

  test('the rules page lists each rule with its pattern, targets and the deliveries it made', async () => {
    const page = await fetch(`${server.url}/ui/rules`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Event rules');
    const rules = (await (await fetch(`${server.url}/ui/api/rules`)).json()) as {
      name: string;
      eventPattern: string;
      targets: { id: string; deadLetterQueue?: string }[];
      deliveries: { outcome: string; error?: string; resourceArn?: string; event: string }[];
    }[];
    const broken = rules.find((r) => r.name === 'broken')!;
    expect(JSON.parse(broken.eventPattern)).toEqual({ source: ['broken'] });
    expect(broken.targets).toEqual([
      expect.objectContaining({
        id: 'missing-machine',
        deadLetterQueue: 'arn:aws:sqs:us-east-1:000000000000:events-dlq',
      }),
    ]);
    expect(broken.deliveries[0]).toMatchObject({ outcome: 'FAILED', event: 'broken · t' });
    expect(broken.deliveries[0]!.error).toContain('StateMachineDoesNotExist');
    const pdfs = rules.find((r) => r.name === 's3-pdfs')!;
    expect(pdfs.deliveries.map((d) => d.outcome)).toEqual(['DELIVERED', 'DELIVERED', 'DELIVERED']);
  });

  test('bad requests get the error AWS names', async () => {
    await expect(events.send(new PutRuleCommand({ Name: 'x' }))).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Parameter(s) EventPattern or ScheduleExpression must be specified.',
    });
    await expect(
      events.send(new PutRuleCommand({ Name: 'x', EventPattern: '{"source": [{"numeric": ["<"]}]}' })),
    ).rejects.toMatchObject({ name: 'InvalidEventPatternException' });
    await expect(
      events.send(
        new PutTargetsCommand({ Rule: 'nope', Targets: [{ Id: 'a', Arn: 'arn:aws:sqs:us-east-1:000000000000:q' }] }),
      ),
    ).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Rule nope does not exist on EventBus default.',
    });
    const entries = Array.from({ length: 11 }, () => ({ Source: 's', DetailType: 'd', Detail: '{}' }));
    await expect(events.send(new PutEventsCommand({ Entries: entries }))).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  test('TestEventPattern agrees with the matcher on every documented example', async () => {
    const envelope = {
      version: '0',
      id: 'e',
      'detail-type': 'd',
      source: 's',
      account: '123456789012',
      time: '2017-10-02T00:00:00Z',
      region: 'us-east-1',
      resources: [],
    };
    let checked = 0;
    for (const example of PATTERN_EXAMPLES) {
      const pattern = compilePattern(example.pattern);
      for (const [event, expected] of [
        ...example.matches.map((e) => [e, true] as const),
        ...example.misses.map((e) => [e, false] as const),
      ]) {
        const text = JSON.stringify({ ...envelope, ...event });
        const { Result } = await events.send(
          new TestEventPatternCommand({ EventPattern: example.pattern, Event: text }),
        );
        expect([example.name, event, Result]).toEqual([example.name, event, expected]);
        expect(matchesPattern(pattern, parseJsonText(text))).toBe(Result);
        checked++;
      }
    }
    for (const [text, expected] of [
      ...NUMBER_TEXT_EXAMPLE.matches.map((e) => [e, true] as const),
      ...NUMBER_TEXT_EXAMPLE.misses.map((e) => [e, false] as const),
    ]) {
      const event = JSON.stringify(envelope).slice(0, -1) + ', ' + text.slice(1);
      const { Result } = await events.send(
        new TestEventPatternCommand({ EventPattern: NUMBER_TEXT_EXAMPLE.pattern, Event: event }),
      );
      expect(Result).toBe(expected);
      checked++;
    }
    expect(checked).toBeGreaterThan(120);
    await expect(
      events.send(new TestEventPatternCommand({ EventPattern: '{"source": ["s"]}', Event: '{"source": "s"}' })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });
});
