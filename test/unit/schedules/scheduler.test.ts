/** The scheduler on a fake clock and an in-memory store: each slot fires once, also after a restart. */
import { compileSchedules } from '../../../src/schedules/schedule-file';
import { Scheduler, type ScheduleTarget } from '../../../src/schedules/scheduler';
import { FakeClock } from '../../support/fake-clock';
import { Store } from '../../../src/store/store';

const SCHEDULES = compileSchedules(
  {
    schedules: [
      {
        name: 'nightly-etl',
        scheduleExpression: 'cron(0 2 * * ? *)',
        target: { workflow: 'workflows/nightly-etl.asl.json' },
      },
    ],
  },
  'schedules.json',
  '/project',
);

function recordingTarget(): ScheduleTarget & { started: { name: string; input: Record<string, unknown> }[] } {
  const started: { name: string; input: Record<string, unknown> }[] = [];
  return {
    started,
    deploy: () => Promise.resolve('arn:aws:states:us-east-1:000000000000:stateMachine:nightly-etl'),
    start: (_arn, name, input) => {
      started.push({ name, input: JSON.parse(input) as Record<string, unknown> });
      return Promise.resolve(`arn:aws:states:us-east-1:000000000000:execution:nightly-etl:${name}`);
    },
  };
}

describe('Scheduler', () => {
  const location = { region: 'us-east-1', accountId: '000000000000' };

  it('fires each 02:00 UTC slot once with the EventBridge scheduled event as input', async () => {
    const store = Store.inMemory();
    const clock = new FakeClock(Date.parse('2026-11-19T12:00:00Z'));
    const target = recordingTarget();
    const scheduler = new Scheduler({ schedules: SCHEDULES, firings: store.scheduleFirings, target, location, clock });
    await scheduler.start();
    expect(new Date(scheduler.pending().get('nightly-etl')!).toISOString()).toBe('2026-11-20T02:00:00.000Z');
    await clock.advanceTo('2026-11-21T12:00:00Z');
    scheduler.close();
    expect(target.started.map((s) => s.name)).toEqual(['nightly-etl-20261120T0200Z', 'nightly-etl-20261121T0200Z']);
    expect(target.started[0]!.input).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/) as unknown,
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '000000000000',
      time: '2026-11-20T02:00:00Z',
      region: 'us-east-1',
      resources: ['arn:aws:scheduler:us-east-1:000000000000:schedule/default/nightly-etl'],
      detail: {},
    });
    expect(store.scheduleFirings.last('nightly-etl')).toMatchObject({
      slot: Date.parse('2026-11-21T02:00:00Z'),
      trigger: 'schedule',
      executionArn: expect.stringContaining('nightly-etl-20261121T0200Z') as unknown,
    });
  });

  it('never fires a slot twice, also across a restart, and does not replay missed slots', async () => {
    const store = Store.inMemory();
    const target = recordingTarget();
    const clock = new FakeClock(Date.parse('2026-11-20T01:59:00Z'));
    const first = new Scheduler({ schedules: SCHEDULES, firings: store.scheduleFirings, target, location, clock });
    await first.start();
    await clock.advanceTo('2026-11-20T02:00:00Z');
    first.close();
    // A second server over the same store, started within the same minute: the slot is taken.
    const second = new Scheduler({ schedules: SCHEDULES, firings: store.scheduleFirings, target, location, clock });
    expect(await second.fire(SCHEDULES[0]!, Date.parse('2026-11-20T02:00:00Z'), 'schedule')).toEqual({
      status: 'already-fired',
    });
    // Down for two nights: started again on the 23rd at noon, it waits for the 24th.
    clock.time = Date.parse('2026-11-23T12:00:00Z');
    await second.start();
    expect(new Date(second.pending().get('nightly-etl')!).toISOString()).toBe('2026-11-24T02:00:00.000Z');
    second.close();
    expect(target.started).toHaveLength(1);
  });

  it('counts a timer that rings long after its slot (the machine slept) as missed', async () => {
    const store = Store.inMemory();
    const target = recordingTarget();
    const clock = new FakeClock(Date.parse('2026-11-20T01:00:00Z'));
    const lines: string[] = [];
    const scheduler = new Scheduler({
      schedules: SCHEDULES,
      firings: store.scheduleFirings,
      target,
      location,
      clock,
      log: (l) => lines.push(l),
    });
    await scheduler.start();
    clock.time = Date.parse('2026-11-20T03:00:00Z'); // asleep through 02:00; the timer rings on waking
    await clock.advanceTo('2026-11-20T03:00:00Z');
    scheduler.close();
    expect(target.started).toHaveLength(0);
    expect(lines.join('\n')).toMatch(/slot 2026-11-20T02:00:00Z missed .* run-missed/);
  });

  it('records a start that failed, with its error', async () => {
    const store = Store.inMemory();
    const clock = new FakeClock(Date.parse('2026-11-20T01:59:00Z'));
    const target: ScheduleTarget = {
      deploy: () => Promise.resolve('arn'),
      start: () => Promise.reject(new Error('State Machine Does Not Exist')),
    };
    const scheduler = new Scheduler({ schedules: SCHEDULES, firings: store.scheduleFirings, target, location, clock });
    await scheduler.start();
    await clock.advanceTo('2026-11-20T02:00:00Z');
    scheduler.close();
    expect(store.scheduleFirings.last('nightly-etl')).toMatchObject({
      executionArn: null,
      error: 'State Machine Does Not Exist',
    });
  });

  it('passes a target Input with Scheduler context attributes filled', async () => {
    const [schedule] = compileSchedules(
      {
        schedules: [
          {
            name: 'hourly',
            scheduleExpression: 'rate(1 hour)',
            target: { workflow: 'w.asl.json', input: '{"at":"<aws.scheduler.scheduled-time>"}' },
          },
        ],
      },
      'schedules.json',
      '/project',
    );
    const target = recordingTarget();
    const scheduler = new Scheduler({
      schedules: [schedule!],
      firings: Store.inMemory().scheduleFirings,
      target,
      location,
      clock: new FakeClock(0),
    });
    await scheduler.fire(schedule!, Date.parse('2026-11-20T05:00:00Z'), 'run-missed');
    expect(target.started[0]!.input).toEqual({ at: '2026-11-20T05:00:00Z' });
  });

  it('lists every problem of a schedules file', () => {
    expect(() =>
      compileSchedules(
        {
          schedules: [
            { name: 'a', scheduleExpression: 'cron(0 2 * * * *)', target: { workflow: 'w.json' } },
            { name: 'a b', scheduleExpression: 'rate(1 day)', target: { workflow: 'w.json' } },
            { name: 'c', scheduleExpression: 'rate(1 day)', scheduleExpressionTimezone: 'Nowhere/City', target: {} },
          ],
        },
        'schedules.json',
        '/p',
      ),
    ).toThrow(
      /schedules\[0\]: cron\(0 2 \* \* \* \*\): exactly one[\s\S]*schedules\[1\]\.name[\s\S]*schedules\[2\]\.target\.workflow[\s\S]*unknown time zone/,
    );
  });
});
