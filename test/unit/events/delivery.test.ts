import { systemClock } from '../../../src/events/clock';
import { Deliveries, TargetError, type TargetPorts } from '../../../src/events/delivery';
import type { Target } from '../../../src/events/model';
import { EventsTables } from '../../../src/events/tables';
import { openDatabase } from '../../../src/store/database';
import { FakeClock } from '../../support/fake-clock';
import { SCHEMA_MIGRATIONS } from '../../../src/api/schema';

const rule = { bus: 'default', name: 'r', arn: 'arn:aws:events:us-east-1:000000000000:rule/r' };
const machine = 'arn:aws:states:us-east-1:000000000000:stateMachine:m';
const dlq = 'arn:aws:sqs:us-east-1:000000000000:dlq';

/** Ports that fail with `failures` in turn, then start executions; what they sent and started. */
function recordingPorts(failures: TargetError[]): {
  ports: TargetPorts;
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
  return { ports, sent, starts };
}

function setup(failures: TargetError[]) {
  const { ports, sent, starts } = recordingPorts(failures);
  const tables = new EventsTables(openDatabase(':memory:', SCHEMA_MIGRATIONS));
  return { deliveries: new Deliveries({ ports, tables, clock: systemClock, retryBaseMs: 1 }), tables, sent, starts };
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

describe('deliveries waiting to retry, across a restart', () => {
  const throttled = (): TargetError => new TargetError('ThrottlingException', 'slow down', true);
  const flush = (): Promise<void> => new Promise((r) => setImmediate(r));
  const ref = (): typeof rule => rule;

  function run(tables: EventsTables, clock: FakeClock, failures: TargetError[]) {
    const { ports, sent, starts } = recordingPorts(failures);
    return { deliveries: new Deliveries({ ports, tables, clock, retryBaseMs: 1000 }), sent, starts };
  }

  /** A first run whose first attempt fails; it stops while the delivery waits for its retry. */
  async function pendingRetry(target: Target): Promise<{ tables: EventsTables; clock: FakeClock }> {
    const tables = new EventsTables(openDatabase(':memory:', SCHEMA_MIGRATIONS));
    const clock = new FakeClock(Date.parse('2026-11-20T10:00:00Z'));
    const first = run(tables, clock, [throttled()]);
    void first.deliveries.deliver(rule, target, { id: 'e' }, clock.now());
    await flush();
    first.deliveries.close();
    expect(tables.deliveries('default', 'r')[0]).toMatchObject({ outcome: 'RETRYING', attempts: 1 });
    expect(first.starts).toEqual([]);
    return { tables, clock };
  }

  test('the next run takes it up when its retry is due', async () => {
    const { tables, clock } = await pendingRetry({ Id: 't', Arn: machine });
    const second = run(tables, clock, []);
    expect(second.deliveries.resume(ref)).toBe(1);
    await flush();
    expect(second.starts).toEqual([]);
    await clock.advanceTo('2026-11-20T10:00:01Z');
    await second.deliveries.settled();
    expect(second.starts).toEqual(['{"id":"e"}']);
    expect(tables.deliveries('default', 'r')[0]).toMatchObject({ outcome: 'STARTED', attempts: 2 });
    expect(second.deliveries.resume(ref)).toBe(0);
  });

  test('an event that outlived MaximumEventAgeInSeconds while the server was down goes to the DLQ', async () => {
    const target = {
      Id: 't',
      Arn: machine,
      RetryPolicy: { MaximumEventAgeInSeconds: 60 },
      DeadLetterConfig: { Arn: dlq },
    };
    const { tables, clock } = await pendingRetry(target);
    clock.time += 120_000;
    const second = run(tables, clock, []);
    second.deliveries.resume(ref);
    await second.deliveries.settled();
    expect(second.starts).toEqual([]);
    expect(second.sent).toEqual([
      [
        dlq,
        '{"id":"e"}',
        expect.objectContaining({
          ERROR_CODE: 'ThrottlingException',
          RETRY_ATTEMPTS: '0',
          EXHAUSTED_RETRY_CONDITION: 'MaximumEventAgeInSeconds',
        }),
      ],
    ]);
    expect(tables.deliveries('default', 'r')[0]).toMatchObject({ outcome: 'FAILED', attempts: 1 });
  });

  test('MaximumRetryAttempts counts the attempts made before the restart', async () => {
    const target = { Id: 't', Arn: machine, RetryPolicy: { MaximumRetryAttempts: 1 }, DeadLetterConfig: { Arn: dlq } };
    const { tables, clock } = await pendingRetry(target);
    const second = run(tables, clock, [throttled()]);
    second.deliveries.resume(ref);
    await clock.advanceTo('2026-11-20T10:00:01Z');
    await second.deliveries.settled();
    expect(second.sent).toEqual([
      [
        dlq,
        '{"id":"e"}',
        expect.objectContaining({ RETRY_ATTEMPTS: '1', EXHAUSTED_RETRY_CONDITION: 'MaximumRetryAttempts' }),
      ],
    ]);
    expect(tables.deliveries('default', 'r')[0]).toMatchObject({ outcome: 'FAILED', attempts: 2 });
  });
});
