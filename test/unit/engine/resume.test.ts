import { runExecution, StatesError } from '../../../src/engine';
import type { HistoryEvent, HistoryEventType, Json, StateMachineDefinition, TaskRunner } from '../../../src/engine';
import { runDefinition } from '../../support/run-definition';
import { VirtualClock } from '../../support/virtual-clock';

/** Resumes `definition` from `prior` (the history a crashed server left) on `clock`. */
async function resume(
  definition: StateMachineDefinition,
  prior: HistoryEvent[],
  clock: VirtualClock,
  tasks?: TaskRunner,
) {
  const appended: HistoryEvent[] = [];
  const outcome = await runExecution(
    {
      executionArn: 'arn:aws:states:us-east-1:000000000000:execution:m:e',
      stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:m',
      stateMachineName: 'm',
      name: 'e',
      roleArn: 'r',
      definition,
      inputText: '{}',
      startTime: prior[0]?.timestamp ?? clock.now(),
      region: 'us-east-1',
      priorEvents: prior,
      resume: true,
    },
    {
      ports: {
        clock,
        ids: { uuid: () => '00000000-0000-4000-8000-000000000000' },
        tasks: tasks ?? { run: () => Promise.resolve(null) },
        tokens: { register: () => ({ result: new Promise<Json>(() => undefined), dispose: () => undefined }) },
        random: () => 0,
      },
      events: { append: (e) => appended.push(e) },
    },
  );
  return { outcome, appended };
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
