import { LocalSns } from '../../../src/sns';
import { Store } from '../../../src/store/store';

describe('LocalSns', () => {
  let store: Store;
  let sns: LocalSns;

  beforeEach(() => {
    store = Store.inMemory();
    sns = new LocalSns({ tables: store.sns, clock: { now: () => 1000, sleep: () => Promise.resolve() } });
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
      expect.objectContaining({ code: 'NotFound', httpStatus: 404 }) as Error,
    );
  });
});
