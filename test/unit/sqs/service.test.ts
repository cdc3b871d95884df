import { md5OfBody, md5OfMessageAttributes } from '../../../src/sqs/md5';
import { sqsError, useLocalSqs } from './local-sqs-fixture';

describe('LocalSqs', () => {
  const fixture = useLocalSqs();

  function create(name = 'jobs', attributes: Record<string, string> = {}): string {
    return fixture.sqs.createQueue({ QueueName: name, Attributes: attributes }).QueueUrl;
  }

  it('creates queues idempotently and lists them by prefix', () => {
    const url = create('jobs');
    expect(url).toBe('http://127.0.0.1:9999/000000000000/jobs');
    expect(create('jobs')).toBe(url);
    expect(() => create('jobs', { VisibilityTimeout: '5' })).toThrow(
      sqsError({ code: 'QueueNameExists', queryCode: 'QueueAlreadyExists' }),
    );
    create('jobs-dlq');
    create('other');
    expect(fixture.sqs.listQueues({ QueueNamePrefix: 'jobs' }).QueueUrls).toEqual([url, `${url}-dlq`]);
    const page = fixture.sqs.listQueues({ MaxResults: 2 });
    expect(page.QueueUrls).toHaveLength(2);
    expect(fixture.sqs.listQueues({ MaxResults: 2, NextToken: page.NextToken }).QueueUrls).toEqual([
      'http://127.0.0.1:9999/000000000000/other',
    ]);
    expect(fixture.sqs.getQueueUrl({ QueueName: 'other' }).QueueUrl).toMatch(/other$/);
    expect(() => fixture.sqs.getQueueUrl({ QueueName: 'nope' })).toThrow(
      sqsError({ code: 'QueueDoesNotExist', queryCode: 'AWS.SimpleQueueService.NonExistentQueue' }),
    );
  });

  it('validates names, attributes and parameters with SQS error codes', () => {
    expect(() => create('bad name')).toThrow(sqsError({ code: 'InvalidParameterValue' }));
    expect(() => create('q', { VisibilityTimeout: '99999' })).toThrow(sqsError({ code: 'InvalidAttributeValue' }));
    expect(() => create('q', { Colour: 'red' })).toThrow(sqsError({ code: 'InvalidAttributeName' }));
    const url = create();
    expect(() => fixture.sqs.sendMessage({ QueueUrl: url })).toThrow(
      sqsError({
        code: 'MissingParameter',
        message: 'The request must contain the parameter MessageBody.',
      }),
    );
    expect(() => fixture.sqs.sendMessage({ QueueUrl: url, MessageBody: 'x\u0000' })).toThrow(
      sqsError({ code: 'InvalidMessageContents' }),
    );
    expect(() => fixture.sqs.sendMessage({ QueueUrl: 'not a url', MessageBody: 'x' })).toThrow(
      sqsError({ code: 'InvalidAddress' }),
    );
    return expect(fixture.sqs.receiveMessage({ QueueUrl: url, MaxNumberOfMessages: 11 })).rejects.toMatchObject({
      code: 'InvalidParameterValue',
    });
  });

  it('sends with the MD5s SQS computes and receives with system and message attributes', async () => {
    const url = create();
    const sent = fixture.sqs.sendMessage({
      QueueUrl: url,
      MessageBody: 'hello',
      MessageAttributes: { kind: { DataType: 'String', StringValue: 'greeting' } },
    });
    expect(sent.MD5OfMessageBody).toBe('5d41402abc4b2a76b9719d911017c592');
    // The digest of {kind: String "greeting"} as SQS defines it (length-prefixed name, type, 1, value).
    expect(sent.MD5OfMessageAttributes).toBe(
      md5OfMessageAttributes({ kind: { DataType: 'String', StringValue: 'greeting' } }),
    );
    const { Messages } = await fixture.sqs.receiveMessage({
      QueueUrl: url,
      MessageSystemAttributeNames: ['All'],
      MessageAttributeNames: ['All'],
    });
    expect(Messages).toEqual([
      {
        MessageId: sent.MessageId,
        ReceiptHandle: expect.any(String),
        MD5OfBody: md5OfBody('hello'),
        Body: 'hello',
        Attributes: {
          ApproximateReceiveCount: '1',
          ApproximateFirstReceiveTimestamp: String(fixture.clock.now()),
          SentTimestamp: String(fixture.clock.now()),
          SenderId: '000000000000',
        },
        MD5OfMessageAttributes: sent.MD5OfMessageAttributes,
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'greeting' } },
      },
    ]);
  });

  it('hides received messages for the visibility timeout, then re-delivers with a new receipt handle', async () => {
    const url = create('jobs', { VisibilityTimeout: '10' });
    fixture.sqs.sendMessage({ QueueUrl: url, MessageBody: 'a' });
    const first = (await fixture.sqs.receiveMessage({ QueueUrl: url, AttributeNames: ['ApproximateReceiveCount'] }))
      .Messages!;
    expect(first[0]!.Attributes).toEqual({ ApproximateReceiveCount: '1' });
    expect(await fixture.sqs.receiveMessage({ QueueUrl: url })).toEqual({});
    expect(fixture.sqs.getQueueAttributes({ QueueUrl: url, AttributeNames: ['All'] }).Attributes).toMatchObject({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '1',
      VisibilityTimeout: '10',
      QueueArn: 'arn:aws:sqs:us-east-1:000000000000:jobs',
    });
    await fixture.clock.advance(10_000);
    const second = (await fixture.sqs.receiveMessage({ QueueUrl: url, AttributeNames: ['All'] })).Messages!;
    expect(second[0]!.Attributes!['ApproximateReceiveCount']).toBe('2');
    expect(second[0]!.ReceiptHandle).not.toBe(first[0]!.ReceiptHandle);
    // The old handle no longer deletes (it succeeds, as on SQS, but the message stays).
    fixture.sqs.deleteMessage({ QueueUrl: url, ReceiptHandle: first[0]!.ReceiptHandle });
    expect(
      fixture.sqs.getQueueAttributes({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessagesNotVisible'] }),
    ).toEqual({ Attributes: { ApproximateNumberOfMessagesNotVisible: '1' } });
    fixture.sqs.deleteMessage({ QueueUrl: url, ReceiptHandle: second[0]!.ReceiptHandle });
    fixture.sqs.deleteMessage({ QueueUrl: url, ReceiptHandle: second[0]!.ReceiptHandle });
    expect(() => fixture.sqs.deleteMessage({ QueueUrl: url, ReceiptHandle: 'garbage' })).toThrow(
      sqsError({ code: 'ReceiptHandleIsInvalid' }),
    );
    await fixture.clock.advance(60_000);
    expect(await fixture.sqs.receiveMessage({ QueueUrl: url })).toEqual({});
  });

  it('changes visibility only for in-flight messages', async () => {
    const url = create();
    fixture.sqs.sendMessage({ QueueUrl: url, MessageBody: 'a' });
    const [m] = (await fixture.sqs.receiveMessage({ QueueUrl: url })).Messages!;
    fixture.sqs.changeMessageVisibility({ QueueUrl: url, ReceiptHandle: m!.ReceiptHandle, VisibilityTimeout: 0 });
    expect(() =>
      fixture.sqs.changeMessageVisibility({ QueueUrl: url, ReceiptHandle: m!.ReceiptHandle, VisibilityTimeout: 5 }),
    ).toThrow(sqsError({ code: 'MessageNotInflight' }));
    expect((await fixture.sqs.receiveMessage({ QueueUrl: url })).Messages).toHaveLength(1);
  });

  it('delays messages by DelaySeconds', async () => {
    const url = create();
    fixture.sqs.sendMessage({ QueueUrl: url, MessageBody: 'later', DelaySeconds: 5 });
    expect(
      fixture.sqs.getQueueAttributes({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessagesDelayed'] }),
    ).toEqual({
      Attributes: { ApproximateNumberOfMessagesDelayed: '1' },
    });
    expect(await fixture.sqs.receiveMessage({ QueueUrl: url })).toEqual({});
    await fixture.clock.advance(5000);
    expect((await fixture.sqs.receiveMessage({ QueueUrl: url })).Messages).toHaveLength(1);
  });

  it('long polls until a message arrives, and no longer than WaitTimeSeconds', async () => {
    const url = create();
    const waiting = fixture.sqs.receiveMessage({ QueueUrl: url, WaitTimeSeconds: 20 });
    await Promise.resolve();
    fixture.sqs.sendMessage({ QueueUrl: url, MessageBody: 'now' });
    expect((await waiting).Messages![0]!.Body).toBe('now');
    const empty = fixture.sqs.receiveMessage({ QueueUrl: url, WaitTimeSeconds: 2 });
    await fixture.clock.advance(2000);
    expect(await empty).toEqual({});
  });

  it('wakes a long poll when a hidden message becomes visible again', async () => {
    const url = create('jobs', { VisibilityTimeout: '3' });
    fixture.sqs.sendMessage({ QueueUrl: url, MessageBody: 'again' });
    await fixture.sqs.receiveMessage({ QueueUrl: url });
    const waiting = fixture.sqs.receiveMessage({ QueueUrl: url, WaitTimeSeconds: 20, AttributeNames: ['All'] });
    await fixture.clock.advance(3000);
    expect((await waiting).Messages![0]!.Attributes!['ApproximateReceiveCount']).toBe('2');
  });

  it('moves a message to the dead-letter queue after maxReceiveCount receives', async () => {
    const dlq = create('dlq');
    const url = create('jobs', {
      VisibilityTimeout: '0',
      RedrivePolicy: JSON.stringify({
        deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:dlq',
        maxReceiveCount: 2,
      }),
    });
    fixture.sqs.sendMessage({ QueueUrl: url, MessageBody: 'poison' });
    expect((await fixture.sqs.receiveMessage({ QueueUrl: url })).Messages).toHaveLength(1);
    expect((await fixture.sqs.receiveMessage({ QueueUrl: url })).Messages).toHaveLength(1);
    expect(await fixture.sqs.receiveMessage({ QueueUrl: url })).toEqual({});
    expect((await fixture.sqs.receiveMessage({ QueueUrl: dlq })).Messages![0]!.Body).toBe('poison');
    expect(() =>
      create('x', {
        RedrivePolicy: JSON.stringify({
          deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:none',
          maxReceiveCount: 1,
        }),
      }),
    ).toThrow(sqsError({ code: 'InvalidParameterValue' }));
  });

  it('runs batches entry by entry and checks their ids', async () => {
    const url = create();
    const sent = fixture.sqs.sendMessageBatch({
      QueueUrl: url,
      Entries: [
        { Id: 'a', MessageBody: 'one' },
        { Id: 'b', MessageBody: '' },
      ],
    });
    expect(sent.Successful.map((e) => e.Id)).toEqual(['a']);
    expect(sent.Failed).toEqual([
      { Id: 'b', SenderFault: true, Code: 'MissingParameter', Message: expect.any(String) },
    ]);
    expect(() => fixture.sqs.sendMessageBatch({ QueueUrl: url, Entries: [] })).toThrow(
      sqsError({ code: 'EmptyBatchRequest' }),
    );
    expect(() =>
      fixture.sqs.sendMessageBatch({
        QueueUrl: url,
        Entries: [
          { Id: 'a', MessageBody: 'x' },
          { Id: 'a', MessageBody: 'y' },
        ],
      }),
    ).toThrow(sqsError({ code: 'BatchEntryIdsNotDistinct' }));
    const [m] = (await fixture.sqs.receiveMessage({ QueueUrl: url })).Messages!;
    expect(
      fixture.sqs.deleteMessageBatch({
        QueueUrl: url,
        Entries: [
          { Id: 'x', ReceiptHandle: m!.ReceiptHandle },
          { Id: 'y', ReceiptHandle: 'bad' },
        ],
      }),
    ).toEqual({
      Successful: [{ Id: 'x' }],
      Failed: [{ Id: 'y', SenderFault: true, Code: 'ReceiptHandleIsInvalid', Message: expect.any(String) }],
    });
  });

  it('purges and deletes queues', () => {
    const url = create();
    fixture.sqs.sendMessage({ QueueUrl: url, MessageBody: 'a' });
    fixture.sqs.purgeQueue({ QueueUrl: url });
    expect(fixture.sqs.getQueueAttributes({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] })).toEqual({
      Attributes: { ApproximateNumberOfMessages: '0' },
    });
    fixture.sqs.deleteQueue({ QueueUrl: url });
    expect(() => fixture.sqs.sendMessage({ QueueUrl: url, MessageBody: 'a' })).toThrow(
      sqsError({ code: 'QueueDoesNotExist' }),
    );
  });
});
