import { createHash } from 'node:crypto';
import { sqsError, useLocalSqs } from './local-sqs-fixture';

describe('LocalSqs FIFO queues', () => {
  const fixture = useLocalSqs();

  function fifo(name = 'jobs.fifo', attributes: Record<string, string> = {}): string {
    return fixture.sqs.createQueue({ QueueName: name, Attributes: { FifoQueue: 'true', ...attributes } }).QueueUrl;
  }

  async function receive(url: string, max = 10): Promise<{ body: string; group: string; handle: string }[]> {
    const { Messages = [] } = await fixture.sqs.receiveMessage({
      QueueUrl: url,
      MaxNumberOfMessages: max,
      MessageSystemAttributeNames: ['MessageGroupId'],
    });
    return Messages.map((m) => ({ body: m.Body, group: m.Attributes!['MessageGroupId']!, handle: m.ReceiptHandle }));
  }

  it('needs the .fifo suffix and FifoQueue together, and reports the FIFO attributes with their defaults', () => {
    expect(() => fixture.sqs.createQueue({ QueueName: 'jobs.fifo' })).toThrow(
      sqsError({
        code: 'InvalidParameterValue',
        message: 'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
      }),
    );
    expect(() => fifo('jobs')).toThrow(
      sqsError({
        code: 'InvalidParameterValue',
        message:
          'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.',
      }),
    );
    expect(() =>
      fixture.sqs.createQueue({ QueueName: 'std', Attributes: { ContentBasedDeduplication: 'true' } }),
    ).toThrow(sqsError({ code: 'InvalidAttributeName', message: 'Unknown Attribute ContentBasedDeduplication.' }));
    expect(() => fifo('a.fifo', { DeduplicationScope: 'everywhere' })).toThrow(
      sqsError({ code: 'InvalidAttributeValue', message: 'Invalid value for the parameter DeduplicationScope.' }),
    );
    const url = fifo();
    expect(url).toBe('http://127.0.0.1:9999/000000000000/jobs.fifo');
    expect(fifo()).toBe(url);
    expect(fixture.sqs.getQueueAttributes({ QueueUrl: url, AttributeNames: ['All'] }).Attributes).toMatchObject({
      FifoQueue: 'true',
      ContentBasedDeduplication: 'false',
      DeduplicationScope: 'queue',
      FifoThroughputLimit: 'perQueue',
      QueueArn: 'arn:aws:sqs:us-east-1:000000000000:jobs.fifo',
    });
    fixture.sqs.setQueueAttributes({
      QueueUrl: url,
      Attributes: { DeduplicationScope: 'messageGroup', FifoThroughputLimit: 'perMessageGroupId' },
    });
    expect(() => fixture.sqs.setQueueAttributes({ QueueUrl: url, Attributes: { FifoQueue: 'false' } })).toThrow(
      sqsError({
        code: 'InvalidAttributeValue',
        message: 'Invalid value for the parameter FifoQueue. Reason: Modifying queue type is not supported.',
      }),
    );
    const standard = fixture.sqs.createQueue({ QueueName: 'std' }).QueueUrl;
    expect(fixture.sqs.getQueueAttributes({ QueueUrl: standard, AttributeNames: ['FifoQueue'] })).toEqual({
      Attributes: {},
    });
    // A dead-letter queue must be of the source queue's type.
    const dlq = fixture.sqs.getQueueAttributes({ QueueUrl: standard, AttributeNames: ['QueueArn'] }).Attributes![
      'QueueArn'
    ];
    expect(() =>
      fixture.sqs.setQueueAttributes({
        QueueUrl: url,
        Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq, maxReceiveCount: 2 }) },
      }),
    ).toThrow(sqsError({ code: 'InvalidParameterValue', message: expect.stringContaining('same type of queue') }));
  });

  it('refuses a send without MessageGroupId, without a deduplication id, or with a per-message delay', () => {
    const url = fifo();
    expect(() => fixture.sqs.sendMessage({ QueueUrl: url, MessageBody: 'a', MessageDeduplicationId: 'd' })).toThrow(
      sqsError({ code: 'MissingParameter', message: 'The request must contain the parameter MessageGroupId.' }),
    );
    expect(() => fixture.sqs.sendMessage({ QueueUrl: url, MessageBody: 'a', MessageGroupId: 'g' })).toThrow(
      sqsError({
        code: 'InvalidParameterValue',
        message:
          'The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly',
      }),
    );
    const withDelay = { QueueUrl: url, MessageBody: 'a', MessageGroupId: 'g', MessageDeduplicationId: 'd' };
    expect(() => fixture.sqs.sendMessage({ ...withDelay, DelaySeconds: 5 })).toThrow(
      sqsError({
        code: 'InvalidParameterValue',
        message:
          'Value 5 for parameter DelaySeconds is invalid. Reason: The request include parameter that is not valid for this queue type.',
      }),
    );
    expect(fixture.sqs.sendMessage({ ...withDelay, DelaySeconds: 0 }).SequenceNumber).toBe('00000000000000000001');
    const standard = fixture.sqs.createQueue({ QueueName: 'std' }).QueueUrl;
    expect(() =>
      fixture.sqs.sendMessage({ QueueUrl: standard, MessageBody: 'a', MessageDeduplicationId: 'd' }),
    ).toThrow(
      sqsError({ code: 'InvalidParameterValue', message: expect.stringContaining('parameter MessageDeduplicationId') }),
    );
    const batch = fixture.sqs.sendMessageBatch({
      QueueUrl: url,
      Entries: [
        { Id: 'ok', MessageBody: 'b', MessageGroupId: 'g', MessageDeduplicationId: 'e' },
        { Id: 'bad', MessageBody: 'c', MessageDeduplicationId: 'f' },
      ],
    });
    expect(batch.Successful).toEqual([expect.objectContaining({ Id: 'ok', SequenceNumber: '00000000000000000002' })]);
    expect(batch.Failed).toEqual([
      { Id: 'bad', SenderFault: true, Code: 'MissingParameter', Message: expect.stringContaining('MessageGroupId') },
    ]);
  });

  it('accepts a repeated deduplication id within five minutes without queueing it again', async () => {
    const url = fifo('jobs.fifo', { ContentBasedDeduplication: 'true' });
    const first = fixture.sqs.sendMessage({ QueueUrl: url, MessageBody: 'same', MessageGroupId: 'g' });
    const again = fixture.sqs.sendMessage({ QueueUrl: url, MessageBody: 'same', MessageGroupId: 'other' });
    expect(again).toEqual(first);
    // An explicit id overrides the content-based one.
    fixture.sqs.sendMessage({ QueueUrl: url, MessageBody: 'same', MessageGroupId: 'g', MessageDeduplicationId: 'x' });
    const received = await fixture.sqs.receiveMessage({
      QueueUrl: url,
      MaxNumberOfMessages: 10,
      AttributeNames: ['All'],
    });
    expect(received.Messages!.map((m) => m.Attributes)).toEqual([
      expect.objectContaining({
        MessageGroupId: 'g',
        MessageDeduplicationId: createHash('sha256').update('same').digest('hex'),
        SequenceNumber: first.SequenceNumber,
      }),
      expect.objectContaining({ MessageDeduplicationId: 'x', SequenceNumber: '00000000000000000002' }),
    ]);
    for (const m of received.Messages!) fixture.sqs.deleteMessage({ QueueUrl: url, ReceiptHandle: m.ReceiptHandle });
    // Deleted, the id is still remembered until the window ends.
    expect(fixture.sqs.sendMessage({ QueueUrl: url, MessageBody: 'same', MessageGroupId: 'g' }).MessageId).toBe(
      first.MessageId,
    );
    await fixture.clock.advance(5 * 60_000 + 1);
    const later = fixture.sqs.sendMessage({ QueueUrl: url, MessageBody: 'same', MessageGroupId: 'g' });
    expect(later.MessageId).not.toBe(first.MessageId);
    expect(later.SequenceNumber).toBe('00000000000000000003');
  });

  it('deduplicates within each group under DeduplicationScope=messageGroup', async () => {
    const url = fifo('jobs.fifo', { DeduplicationScope: 'messageGroup' });
    const a = fixture.sqs.sendMessage({
      QueueUrl: url,
      MessageBody: 'a',
      MessageGroupId: 'g1',
      MessageDeduplicationId: 'd',
    });
    const b = fixture.sqs.sendMessage({
      QueueUrl: url,
      MessageBody: 'b',
      MessageGroupId: 'g2',
      MessageDeduplicationId: 'd',
    });
    const c = fixture.sqs.sendMessage({
      QueueUrl: url,
      MessageBody: 'c',
      MessageGroupId: 'g1',
      MessageDeduplicationId: 'd',
    });
    expect(b.MessageId).not.toBe(a.MessageId);
    expect(c.MessageId).toBe(a.MessageId);
    expect((await receive(url)).map((m) => m.body)).toEqual(['a', 'b']);
  });

  it('delivers each group in order and holds a group while one of its messages is in flight', async () => {
    const url = fifo('jobs.fifo', { ContentBasedDeduplication: 'true', VisibilityTimeout: '30' });
    for (const [body, group] of [
      ['a1', 'a'],
      ['b1', 'b'],
      ['a2', 'a'],
      ['b2', 'b'],
      ['a3', 'a'],
    ]) {
      fixture.sqs.sendMessage({ QueueUrl: url, MessageBody: body, MessageGroupId: group });
    }
    const first = await receive(url, 1);
    expect(first.map((m) => m.body)).toEqual(['a1']);
    // Group a waits for a1; group b is free.
    const second = await receive(url, 10);
    expect(second.map((m) => m.body)).toEqual(['b1', 'b2']);
    expect(await receive(url)).toEqual([]);
    fixture.sqs.deleteMessage({ QueueUrl: url, ReceiptHandle: first[0]!.handle });
    expect((await receive(url)).map((m) => m.body)).toEqual(['a2', 'a3']);
    // Once the visibility timeouts end, both groups come back, each in order, in send order between them.
    await fixture.clock.advance(30_000);
    expect((await receive(url)).map((m) => m.body)).toEqual(['b1', 'a2', 'b2', 'a3']);
  });

  it('holds a group while an earlier message of it is made visible again after a later one was received', async () => {
    const url = fifo('jobs.fifo', { ContentBasedDeduplication: 'true' });
    fixture.sqs.sendMessage({ QueueUrl: url, MessageBody: 'x1', MessageGroupId: 'x' });
    fixture.sqs.sendMessage({ QueueUrl: url, MessageBody: 'x2', MessageGroupId: 'x' });
    const both = await receive(url);
    fixture.sqs.changeMessageVisibility({ QueueUrl: url, ReceiptHandle: both[0]!.handle, VisibilityTimeout: 0 });
    expect(await receive(url)).toEqual([]);
    fixture.sqs.deleteMessage({ QueueUrl: url, ReceiptHandle: both[1]!.handle });
    expect((await receive(url)).map((m) => m.body)).toEqual(['x1']);
  });

  it('keeps a standard queue message group id (fair queues) and returns it on receive', async () => {
    const url = fixture.sqs.createQueue({ QueueName: 'std' }).QueueUrl;
    const sent = fixture.sqs.sendMessage({ QueueUrl: url, MessageBody: 'a', MessageGroupId: 'tenant-1' });
    expect(sent.SequenceNumber).toBeUndefined();
    expect(await receive(url)).toEqual([{ body: 'a', group: 'tenant-1', handle: expect.any(String) }]);
  });
});
