/** Scheduled rules on a fake clock: a Scheduled Event to the rule's targets at each slot, none while disabled. */
import { ruleScheduleExpressions } from '../../../src/api/events-targets';
import type { TargetPorts } from '../../../src/events';
import { LocalEvents } from '../../../src/events/service';
import { EventsTables } from '../../../src/events/tables';
import { openDatabase } from '../../../src/store/database';
import { FakeClock } from '../../support/fake-clock';
import { SCHEMA_MIGRATIONS } from '../../../src/api/schema';

const QUEUE = 'arn:aws:sqs:us-east-1:000000000000:ticks';

function setup(
  start: string,
  clock = new FakeClock(Date.parse(start)),
  tables = new EventsTables(openDatabase(':memory:', SCHEMA_MIGRATIONS)),
): { events: LocalEvents; clock: FakeClock; tables: EventsTables; sent: Record<string, unknown>[] } {
  const sent: Record<string, unknown>[] = [];
  const ports: TargetPorts = {
    startExecution: () => Promise.reject(new Error('no state machines here')),
    sendMessage: (_arn, body) => {
      sent.push(JSON.parse(body) as Record<string, unknown>);
      return Promise.resolve('message');
    },
  };
  const events = new LocalEvents({ tables, ports, clock, scheduleExpressions: ruleScheduleExpressions });
  events.start();
  return { events, clock, tables, sent };
}

function scheduled(events: LocalEvents, name: string, expression: string, state = 'ENABLED'): void {
  events.putRule({ Name: name, ScheduleExpression: expression, State: state });
  events.putTargets({ Rule: name, Targets: [{ Id: 'queue', Arn: QUEUE }] });
}

describe('rules with a ScheduleExpression', () => {
  test('rate(5 minutes) sends a Scheduled Event every five minutes from the rule’s creation', async () => {
    const { events, clock, sent } = setup('2026-11-20T10:00:30Z');
    scheduled(events, 'every-five', 'rate(5 minutes)');
    await clock.advanceTo('2026-11-20T10:16:00Z');
    expect(sent.map((e) => e['time'])).toEqual([
      '2026-11-20T10:05:30Z',
      '2026-11-20T10:10:30Z',
      '2026-11-20T10:15:30Z',
    ]);
    expect(sent[0]).toMatchObject({
      version: '0',
      source: 'aws.events',
      'detail-type': 'Scheduled Event',
      account: '000000000000',
      region: 'us-east-1',
      resources: ['arn:aws:events:us-east-1:000000000000:rule/every-five'],
      detail: {},
    });
    expect(new Set(sent.map((e) => e['id'])).size).toBe(3);
    events.close();
  });

  test('a six-field cron with ? fires at its UTC minutes, to this rule’s targets only', async () => {
    const { events, clock, sent } = setup('2026-11-20T01:50:00Z');
    scheduled(events, 'quarter-hours', 'cron(0/15 2 ? * FRI *)');
    events.putRule({ Name: 'pattern', EventPattern: JSON.stringify({ source: ['aws.events'] }) });
    events.putTargets({ Rule: 'pattern', Targets: [{ Id: 'other', Arn: `${QUEUE}-other` }] });
    await clock.advanceTo('2026-11-20T03:00:00Z');
    expect(sent.map((e) => e['time'])).toEqual([
      '2026-11-20T02:00:00Z',
      '2026-11-20T02:15:00Z',
      '2026-11-20T02:30:00Z',
      '2026-11-20T02:45:00Z',
    ]);
    // 2026-11-20 is a Friday; the next is a week later.
    await clock.advanceTo('2026-11-27T01:59:00Z');
    expect(sent).toHaveLength(4);
    expect(events.ruleViews().find((r) => r.name === 'pattern')?.deliveries).toEqual([]);
    events.close();
  });

  test('a disabled rule does not fire; enabling arms it again, deleting stops it', async () => {
    const { events, clock, sent } = setup('2026-11-20T10:00:00Z');
    scheduled(events, 'minutely', 'rate(1 minute)', 'DISABLED');
    await clock.advanceTo('2026-11-20T10:05:00Z');
    expect(sent).toHaveLength(0);
    events.enableRule({ Name: 'minutely' });
    await clock.advanceTo('2026-11-20T10:07:00Z');
    expect(sent.map((e) => e['time'])).toEqual(['2026-11-20T10:06:00Z', '2026-11-20T10:07:00Z']);
    events.disableRule({ Name: 'minutely' });
    await clock.advanceTo('2026-11-20T10:10:00Z');
    expect(sent).toHaveLength(2);
    events.enableRule({ Name: 'minutely' });
    events.deleteRule({ Name: 'minutely', Force: true });
    await clock.advanceTo('2026-11-20T10:15:00Z');
    expect(sent).toHaveLength(2);
    events.close();
  });

  test('a rule stored by an earlier run is armed at start', async () => {
    const first = setup('2026-11-20T10:00:00Z');
    scheduled(first.events, 'hourly', 'rate(1 hour)');
    first.events.close();
    const { events, clock, sent } = setup('', first.clock, first.tables);
    await clock.advanceTo('2026-11-20T12:00:00Z');
    expect(first.sent).toEqual([]);
    expect(sent.map((e) => e['time'])).toEqual(['2026-11-20T11:00:00Z', '2026-11-20T12:00:00Z']);
    events.close();
  });

  test.each([
    ['at(2026-11-20T10:00:00)', /a rule takes cron\(\.\.\.\) or rate\(\.\.\.\)/],
    ['rate(1 minutes)', /rate\(1 minutes\) is not valid/],
    ['cron(0 2 * * * *)', /ScheduleExpression is not valid: .*\?/],
  ])('PutRule refuses %s, saying why', (expression, message) => {
    const { events } = setup('2026-11-20T10:00:00Z');
    expect(() => events.putRule({ Name: 'bad', ScheduleExpression: expression })).toThrow(message);
    events.close();
  });
});
