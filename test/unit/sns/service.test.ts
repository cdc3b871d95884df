import { SnsTables } from '../../../src/sns/tables';
import { LocalSns, SNS_MIGRATIONS, type SqsDelivery } from '../../../src/sns';
import { Store } from '../../../src/store/store';

describe('LocalSns', () => {
  let store: Store;
  let sns: LocalSns;

  beforeEach(() => {
    store = Store.inMemory({ modules: [SNS_MIGRATIONS] });
    sns = new LocalSns({ tables: new SnsTables(store.db), clock: { now: () => 1000, sleep: () => Promise.resolve() } });
  });
  afterEach(() => store.close());

  it('creates the topic on first publish and keeps every message in order', () => {
    const arn = 'arn:aws:sns:us-east-1:000000000000:alerts';
    const first = sns.publish({ TopicArn: arn, Message: 'one', Subject: 's' });
    sns.publish({ TargetArn: arn, Message: 'two', MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } } });
    expect(sns.listTopics()).toEqual({ Topics: [{ TopicArn: arn }] });
    expect(sns.messages({ topic: 'alerts' })).toEqual([
      { id: 1, topic: 'alerts', messageId: first.MessageId, message: 'one', subject: 's', published: 1000 },
      expect.objectContaining({ message: 'two', messageAttributes: { k: { DataType: 'String', StringValue: 'v' } } }),
    ]);
    expect(sns.createTopic({ Name: 'alerts' })).toEqual({ TopicArn: arn });
  });

  it('rejects bad input with SNS codes', () => {
    expect(() => sns.publish({ TopicArn: 'arn:aws:sns:us-east-1:000000000000:t' })).toThrow(
      expect.objectContaining({ code: 'InvalidParameter' }) as Error,
    );
    expect(() => sns.publish({ TopicArn: 'not-an-arn', Message: 'x' })).toThrow(
      expect.objectContaining({ code: 'InvalidParameter' }) as Error,
    );
    expect(() => sns.publish({ TopicArn: 'arn:aws:sns:eu-west-1:000000000000:t', Message: 'x' })).toThrow(
      expect.objectContaining({ code: 'NotFound', status: 404 }) as Error,
    );
  });

  it('refuses Publish to a deleted topic with NotFound, until CreateTopic makes it again', () => {
    const { TopicArn } = sns.createTopic({ Name: 'gone' });
    sns.deleteTopic({ TopicArn });
    expect(sns.listTopics().Topics).toEqual([]);
    expect(() => sns.publish({ TopicArn, Message: 'x' })).toThrow(
      expect.objectContaining({ code: 'NotFound', message: 'Topic does not exist' }) as Error,
    );
    sns.createTopic({ Name: 'gone' });
    expect(sns.publish({ TopicArn, Message: 'x' }).MessageId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('runs FIFO topics: a group id is required, sequence numbers grow, names must end in .fifo', () => {
    expect(() => sns.createTopic({ Name: 'orders.fifo' })).toThrow(
      expect.objectContaining({ code: 'InvalidParameter' }) as Error,
    );
    const { TopicArn } = sns.createTopic({ Name: 'orders.fifo', Attributes: { FifoTopic: 'true' } });
    expect(() => sns.publish({ TopicArn, Message: 'm' })).toThrow(
      expect.objectContaining({
        message: 'Invalid parameter: The MessageGroupId parameter is required for FIFO topics',
      }) as Error,
    );
    expect(() => sns.publish({ TopicArn, Message: 'm', MessageGroupId: 'g' })).toThrow(
      expect.objectContaining({ message: expect.stringContaining('ContentBasedDeduplication') as string }) as Error,
    );
    const first = sns.publish({ TopicArn, Message: 'm', MessageGroupId: 'g', MessageDeduplicationId: 'd1' });
    const second = sns.publish({ TopicArn, Message: 'm', MessageGroupId: 'g', MessageDeduplicationId: 'd2' });
    expect(first.SequenceNumber).toBe('00000000000000000001');
    expect(second.SequenceNumber).toBe('00000000000000000002');
    expect(sns.getTopicAttributes({ TopicArn }).Attributes).toMatchObject({ FifoTopic: 'true' });
  });

  it('delivers to subscribed queues: the JSON notification, or the bare message with raw delivery', () => {
    const deliveries: SqsDelivery[] = [];
    sns = new LocalSns({
      tables: new SnsTables(store.db),
      clock: { now: () => Date.UTC(2026, 0, 1), sleep: () => Promise.resolve() },
      deliverToSqs: (d) => deliveries.push(d),
    });
    const { TopicArn } = sns.createTopic({ Name: 'events' });
    const enveloped = sns.subscribe({ TopicArn, Protocol: 'sqs', Endpoint: 'arn:aws:sqs:us-east-1:000000000000:q1' });
    const raw = sns.subscribe({
      TopicArn,
      Protocol: 'sqs',
      Endpoint: 'arn:aws:sqs:us-east-1:000000000000:q2',
      Attributes: { RawMessageDelivery: 'true' },
    });
    const attributes = { colour: { DataType: 'String', StringValue: 'blue' } };
    const { MessageId } = sns.publish({ TopicArn, Message: 'hello', Subject: 'hi', MessageAttributes: attributes });
    expect(deliveries).toHaveLength(2);
    const to = (queue: string): SqsDelivery | undefined =>
      deliveries.find((d) => d.queueArn === `arn:aws:sqs:us-east-1:000000000000:${queue}`);
    expect(JSON.parse(to('q1')!.body)).toEqual({
      Type: 'Notification',
      MessageId,
      TopicArn,
      Subject: 'hi',
      Message: 'hello',
      Timestamp: '2026-01-01T00:00:00.000Z',
      SignatureVersion: '1',
      Signature: expect.any(String),
      SigningCertURL: expect.stringMatching(/^https:\/\/sns\.us-east-1\.amazonaws\.com\//),
      UnsubscribeURL: `https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${enveloped.SubscriptionArn}`,
      MessageAttributes: { colour: { Type: 'String', Value: 'blue' } },
    });
    expect(to('q2')).toEqual({
      queueArn: 'arn:aws:sqs:us-east-1:000000000000:q2',
      body: 'hello',
      messageAttributes: attributes,
    });
    expect(sns.getSubscriptionAttributes({ SubscriptionArn: raw.SubscriptionArn }).Attributes).toMatchObject({
      RawMessageDelivery: 'true',
      Protocol: 'sqs',
    });
    sns.unsubscribe({ SubscriptionArn: raw.SubscriptionArn });
    expect(sns.listSubscriptions().Subscriptions.map((s) => s.SubscriptionArn)).toEqual([enveloped.SubscriptionArn]);
  });
});
