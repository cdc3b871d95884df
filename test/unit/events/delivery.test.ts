import { Deliveries, TargetError, type TargetPorts } from '../../../src/events/delivery';
import { EventsTables } from '../../../src/events/tables';
import { openDatabase } from '../../../src/store/database';

const rule = { bus: 'default', name: 'r', arn: 'arn:aws:events:us-east-1:000000000000:rule/r' };
const machine = 'arn:aws:states:us-east-1:000000000000:stateMachine:m';
const dlq = 'arn:aws:sqs:us-east-1:000000000000:dlq';

function setup(failures: TargetError[]): {
  deliveries: Deliveries;
  tables: EventsTables;
  sent: [string, string, Record<string, string> | undefined][];
  starts: string[];
} {
  const sent: [string, string, Record<string, string> | undefined][] = [];
  const starts: string[] = [];
  const ports: TargetPorts = {
    startExecution(_arn, input) {
      const failure = failures.shift();
      if (failure) return Promise.reject(failure);
      starts.push(input);
      return Promise.resolve('arn:execution');
    },
    sendMessage(queueArn, body, attributes) {
      sent.push([queueArn, body, attributes]);
      return Promise.resolve('message');
    },
  };
  const tables = new EventsTables(openDatabase(':memory:'));
  return { deliveries: new Deliveries({ ports, tables, now: Date.now, retryBaseMs: 1 }), tables, sent, starts };
}

describe('deliveries', () => {
  test('retryable failures are retried, then the execution starts', async () => {
    const { deliveries, tables, starts, sent } = setup([
      new TargetError('ThrottlingException', 'slow down', true),
      new TargetError('ThrottlingException', 'slow down', true),
    ]);
    await deliveries.deliver(rule, { Id: 't', Arn: machine, DeadLetterConfig: { Arn: dlq } }, { id: 'e1' }, Date.now());
    expect(starts).toHaveLength(1);
    expect(sent).toHaveLength(0);
    expect(tables.deliveries('default', 'r')[0]).toMatchObject({
      outcome: 'STARTED',
      attempts: 3,
      resourceArn: 'arn:execution',
    });
  });

  test('retries exhausted: the event goes to the dead-letter queue with the condition', async () => {
    const { deliveries, sent, tables } = setup([
      new TargetError('ThrottlingException', 'slow down', true),
      new TargetError('ThrottlingException', 'still slow', true),
    ]);
    const target = { Id: 't', Arn: machine, RetryPolicy: { MaximumRetryAttempts: 1 }, DeadLetterConfig: { Arn: dlq } };
    await deliveries.deliver(rule, target, { id: 'e2' }, Date.now());
    expect(sent).toEqual([
      [
        dlq,
        '{"id":"e2"}',
        {
          RULE_ARN: rule.arn,
          TARGET_ARN: machine,
          ERROR_CODE: 'ThrottlingException',
          ERROR_MESSAGE: 'still slow',
          RETRY_ATTEMPTS: '1',
          EXHAUSTED_RETRY_CONDITION: 'MaximumRetryAttempts',
        },
      ],
    ]);
    expect(tables.deliveries('default', 'r')[0]).toMatchObject({ outcome: 'FAILED', attempts: 2 });
  });

  test('an error retrying cannot fix is not retried', async () => {
    const { deliveries, sent } = setup([new TargetError('StateMachineDoesNotExist', 'gone', false)]);
    await deliveries.deliver(rule, { Id: 't', Arn: machine, DeadLetterConfig: { Arn: dlq } }, { id: 'e3' }, Date.now());
    expect(sent).toHaveLength(1);
    expect(sent[0]![2]).toMatchObject({ ERROR_CODE: 'StateMachineDoesNotExist', RETRY_ATTEMPTS: '0' });
    expect(sent[0]![2]!['EXHAUSTED_RETRY_CONDITION']).toBeUndefined();
  });
});
