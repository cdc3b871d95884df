import { StatesError } from '../../../src/engine';
import type { HistoryEvent, HistoryEventType, Json, StateMachineDefinition, TaskRunner } from '../../../src/engine';
import { INTERRUPTED_CAUSE } from '../../../src/engine/interrupted-attempts';
import { runDefinition } from '../../support/run-definition';
import { endsPerAttempt } from '../../support/task-attempts';
import { VirtualClock } from '../../support/virtual-clock';

/** Resumes `definition` from `prior` (the history a crashed server left) on `clock`. */
async function resume(
  definition: StateMachineDefinition,
  prior: HistoryEvent[],
  clock: VirtualClock,
  tasks?: TaskRunner,
  signal?: AbortSignal,
) {
  const { outcome, events } = await runDefinition(
    definition,
    {},
    {
      clock,
      prior,
      resume: true,
      startTime: prior[0]?.timestamp ?? clock.now(),
      tasks: tasks ?? { run: () => Promise.resolve(null) },
      uuid: () => '00000000-0000-4000-8000-000000000000',
      random: () => 0,
      ...(signal ? { signal } : {}),
    },
  );
  return { outcome, appended: events };
}

/** The history of an execution that started at `t0` and entered its first state, `name`, at once. */
function startedAndEntered(t0: number, type: HistoryEventType, name: string): HistoryEvent[] {
  return [
    {
      id: 1,
      previousEventId: 0,
      timestamp: t0,
      type: 'ExecutionStarted',
      executionStartedEventDetails: { input: '{}', inputDetails: { truncated: false }, roleArn: 'r' },
    },
    {
      id: 2,
      previousEventId: 1,
      timestamp: t0,
      type,
      stateEnteredEventDetails: { name, input: '{}', inputDetails: { truncated: false } },
    },
  ];
}

describe('resuming after a crash', () => {
  it('lets a Wait that was in progress keep its deadline, under its original Entered event', async () => {
    const t0 = Date.UTC(2026, 10, 21, 2, 0, 0);
    const definition: StateMachineDefinition = {
      StartAt: 'W',
      States: { W: { Type: 'Wait', Seconds: 60, End: true } },
    };
    const prior: HistoryEvent[] = [...startedAndEntered(t0, 'WaitStateEntered', 'W')];
    const clock = new VirtualClock(t0 + 45_000);
    const { outcome, appended } = await resume(definition, prior, clock);
    expect(outcome.status).toBe('SUCCEEDED');
    expect(clock.sleeps).toEqual([15_000]);
    expect(appended.map((e) => [e.id, e.type])).toEqual([
      [3, 'WaitStateExited'],
      [4, 'ExecutionSucceeded'],
    ]);
  });

  it('does not re-run states that completed, and re-runs the task that was in flight', async () => {
    const definition: StateMachineDefinition = {
      StartAt: 'Prepare',
      States: {
        Prepare: { Type: 'Pass', Assign: { run: 'r1' }, Result: { doc: 'a' }, Next: 'Ocr' },
        Ocr: { Type: 'Task', Resource: 'arn:aws:states:::ecs:runTask.sync', Next: 'Done' },
        Done: { Type: 'Pass', Parameters: { 'run.$': '$run', 'pages.$': '$.pages' }, End: true },
      },
    };
    // The first server ran up to TaskStarted, then died.
    let calls = 0;
    const hang: TaskRunner = { run: () => new Promise<Json>(() => undefined) };
    const controller = new AbortController();
    const first = runDefinition(definition, {}, { tasks: hang, signal: controller.signal });
    await new Promise((r) => setImmediate(r));
    controller.abort();
    const crashed = (await first).events.filter((e) => e.type !== 'ExecutionAborted');
    expect(crashed.at(-1)?.type).toBe('TaskStarted');

    const clock = new VirtualClock();
    const { outcome, appended } = await resume(definition, crashed, clock, {
      run: () => {
        calls++;
        return Promise.resolve({ pages: 2 });
      },
    });
    // Parameters' path fields print in the Java HashMap order AWS builds them in.
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: '{"pages":2,"run":"r1"}' });
    expect(calls).toBe(1);
    expect(appended[0]?.id).toBe(crashed.length + 1);
    expect(appended.map((e) => e.type)).toEqual([
      'TaskFailed',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('keeps the execution timeout counted from the original start', async () => {
    const t0 = Date.UTC(2026, 10, 21, 2, 0, 0);
    const definition: StateMachineDefinition = {
      TimeoutSeconds: 100,
      StartAt: 'W',
      States: { W: { Type: 'Wait', Seconds: 1000, End: true } },
    };
    const prior: HistoryEvent[] = [...startedAndEntered(t0, 'WaitStateEntered', 'W')];
    const clock = new VirtualClock(t0 + 90_000);
    const { outcome } = await resume(definition, prior, clock);
    expect(outcome).toMatchObject({ status: 'TIMED_OUT' });
    expect(clock.now()).toBe(t0 + 100_000);
  });

  it('keeps a Task’s retry count and back-off deadline across the crash', async () => {
    const t0 = Date.UTC(2026, 10, 21, 2, 0, 0);
    const definition: StateMachineDefinition = {
      StartAt: 'T',
      States: {
        T: {
          Type: 'Task',
          Resource: 'arn:aws:states:::ecs:runTask.sync',
          Retry: [{ ErrorEquals: ['Spot.Interrupted'], IntervalSeconds: 10, MaxAttempts: 2 }],
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Dlq' }],
          End: true,
        },
        Dlq: { Type: 'Pass', End: true },
      },
    };
    const task = { resourceType: 'ecs', resource: 'runTask.sync' };
    const prior: HistoryEvent[] = [
      ...startedAndEntered(t0, 'TaskStateEntered', 'T'),
      {
        id: 3,
        previousEventId: 2,
        timestamp: t0,
        type: 'TaskScheduled',
        taskScheduledEventDetails: { ...task, region: 'us-east-1', parameters: '{}' },
      },
      { id: 4, previousEventId: 3, timestamp: t0, type: 'TaskStarted', taskStartedEventDetails: task },
      {
        id: 5,
        previousEventId: 4,
        timestamp: t0 + 1000,
        type: 'TaskFailed',
        taskFailedEventDetails: { ...task, error: 'Spot.Interrupted', cause: 'first' },
      },
    ];
    const clock = new VirtualClock(t0 + 4000);
    let calls = 0;
    const { outcome, appended } = await resume(definition, prior, clock, {
      run: () => {
        calls++;
        return Promise.reject(new StatesError('Spot.Interrupted', `attempt ${calls + 1}`));
      },
    });
    // The first retry was due 10 s after the failure (7 s after the restart); MaxAttempts 2 allows one more.
    expect(clock.sleeps).toEqual([7000, 20000]);
    expect(calls).toBe(2);
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: '{"Error":"Spot.Interrupted","Cause":"attempt 3"}' });
    expect(appended.filter((e) => e.type === 'TaskFailed')).toHaveLength(2);
  });
});

/** The history a server that died while `definition`'s tasks were in flight left: up to the last TaskStarted. */
async function crashedInFlight(definition: StateMachineDefinition, startedTasks: number): Promise<HistoryEvent[]> {
  const hang: TaskRunner = { run: () => new Promise<Json>(() => undefined) };
  const controller = new AbortController();
  const first = runDefinition(definition, {}, { tasks: hang, signal: controller.signal });
  for (let i = 0; i < 50; i++) await new Promise((r) => setImmediate(r));
  controller.abort();
  const crashed = (await first).events.filter((e) => e.type !== 'ExecutionAborted');
  expect(crashed.filter((e) => e.type === 'TaskStarted')).toHaveLength(startedTasks);
  return crashed;
}

describe('an attempt a crash interrupted', () => {
  const ecs = { Type: 'Task', Resource: 'arn:aws:states:::ecs:runTask.sync' } as const;

  it('is closed with TaskFailed before the task runs again, and every TaskScheduled ends exactly once', async () => {
    const definition: StateMachineDefinition = { StartAt: 'Ocr', States: { Ocr: { ...ecs, End: true } } };
    const crashed = await crashedInFlight(definition, 1);
    const started = crashed.at(-1)!;
    const clock = new VirtualClock();
    const { outcome, appended } = await resume(definition, crashed, clock, { run: () => Promise.resolve(7) });
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: '7' });
    const [closing, rescheduled] = appended;
    expect(closing).toEqual({
      id: started.id + 1,
      previousEventId: started.id,
      timestamp: clock.now(),
      type: 'TaskFailed',
      taskFailedEventDetails: {
        resourceType: 'ecs',
        resource: 'runTask.sync',
        error: 'States.TaskFailed',
        cause: INTERRUPTED_CAUSE,
      },
    });
    expect(rescheduled).toMatchObject({ type: 'TaskScheduled', previousEventId: closing!.id });
    const all = [...crashed, ...appended];
    expect(all.map((e) => e.id)).toEqual(all.map((_, i) => i + 1));
    expect([...endsPerAttempt(all).values()]).toEqual([1, 1]);
  });

  it('is not counted against Retry nor caught, across two crashes in a row', async () => {
    const definition: StateMachineDefinition = {
      StartAt: 'Ocr',
      States: {
        Ocr: {
          ...ecs,
          Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 1, IntervalSeconds: 1 }],
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Dlq' }],
          End: true,
        },
        Dlq: { Type: 'Fail', Error: 'Caught' },
      },
    };
    const crashed = await crashedInFlight(definition, 1);
    // The resumed server dies too, while its new attempt runs.
    const second = new AbortController();
    const resumedOnce = await resume(
      definition,
      crashed,
      new VirtualClock(),
      {
        run: () => {
          setImmediate(() => second.abort());
          return new Promise<Json>(() => undefined);
        },
      },
      second.signal,
    );
    const again = [...crashed, ...resumedOnce.appended.filter((e) => e.type !== 'ExecutionAborted')];
    expect(again.slice(crashed.length).map((e) => e.type)).toEqual(['TaskFailed', 'TaskScheduled', 'TaskStarted']);

    // The third server: one real failure, then the one retry MaxAttempts allows succeeds.
    let calls = 0;
    const clock = new VirtualClock();
    const { outcome, appended } = await resume(definition, again, clock, {
      run: () => (++calls === 1 ? Promise.reject(new StatesError('Spot.Interrupted', 'real')) : Promise.resolve('ok')),
    });
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: '"ok"' });
    expect(calls).toBe(2);
    expect(clock.sleeps).toEqual([1000]);
    expect(appended.map((e) => e.type)).toEqual([
      'TaskFailed',
      'TaskScheduled',
      'TaskStarted',
      'TaskFailed',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    const all = [...again, ...appended];
    expect(all.filter((e) => e.taskFailedEventDetails?.cause === INTERRUPTED_CAUSE)).toHaveLength(2);
    expect([...endsPerAttempt(all).values()]).toEqual([1, 1, 1, 1]);
  });

  it('is closed in each Parallel branch that had one in flight, each end following its own attempt', async () => {
    const definition: StateMachineDefinition = {
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'A', States: { A: { ...ecs, End: true } } },
            { StartAt: 'B', States: { B: { ...ecs, End: true } } },
          ],
          End: true,
        },
      },
    };
    const crashed = await crashedInFlight(definition, 2);
    const startedIds = crashed.filter((e) => e.type === 'TaskStarted').map((e) => e.id);
    const { outcome, appended } = await resume(definition, crashed, new VirtualClock(), {
      run: () => Promise.resolve(1),
    });
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: '[1,1]' });
    const closing = appended.filter((e) => e.taskFailedEventDetails?.cause === INTERRUPTED_CAUSE);
    expect(closing.map((e) => e.previousEventId)).toEqual(startedIds);
    expect(appended.slice(0, 2)).toEqual(closing);
    expect([...endsPerAttempt([...crashed, ...appended]).values()]).toEqual([1, 1, 1, 1]);
  });
});
