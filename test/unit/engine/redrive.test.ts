import { StatesError } from '../../../src/engine';
import type { StateMachineDefinition, TaskRunner } from '../../../src/engine';
import { redrivePoint } from '../../../src/engine/redrive';
import { runDefinition } from '../../support/run-definition';

const definition: StateMachineDefinition = {
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Pass', Assign: { batch: 'b-7' }, Result: { doc: 'a.png' }, Next: 'Ocr' },
    Ocr: { Type: 'Task', Resource: 'arn:aws:states:::ecs:runTask.sync', Next: 'Report' },
    Report: { Type: 'Pass', Parameters: { 'batch.$': '$batch', 'ocr.$': '$' }, End: true },
  },
};

describe('redrive', () => {
  it('restarts at the failed state with its input and the variables assigned before it', async () => {
    let fail = true;
    const calls: unknown[] = [];
    const tasks: TaskRunner = {
      run(req) {
        calls.push(req.parameters);
        return fail ? Promise.reject(new StatesError('Spot.Interrupted', 'reclaimed')) : Promise.resolve({ pages: 3 });
      },
    };
    const first = await runDefinition(definition, {}, { tasks });
    expect(first.outcome).toMatchObject({ status: 'FAILED', error: 'Spot.Interrupted' });

    fail = false;
    const events = [...first.events];
    const { outcome, events: appended } = await runDefinition(
      definition,
      {},
      {
        tasks,
        prior: events,
        redriveCount: 1,
        uuid: () => '00000000-0000-4000-8000-000000000000',
        random: () => 0,
      },
    );
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: '{"batch":"b-7","ocr":{"pages":3}}' });
    expect(calls).toEqual([{ doc: 'a.png' }, { doc: 'a.png' }]);
    expect(appended[0]).toMatchObject({
      type: 'ExecutionRedriven',
      id: events.length + 1,
      executionRedrivenEventDetails: { redriveCount: 1 },
    });
    const entered = appended.filter((e) => e.stateEnteredEventDetails).map((e) => e.stateEnteredEventDetails?.name);
    expect(entered).toEqual(['Ocr', 'Report']);
  });

  it('reruns a whole Parallel whose branch failed', async () => {
    const run = await runDefinition({
      StartAt: 'Fan',
      States: {
        Fan: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Ok', States: { Ok: { Type: 'Pass', End: true } } },
            { StartAt: 'Bad', States: { Bad: { Type: 'Fail', Error: 'E' } } },
          ],
          End: true,
        },
      },
    });
    expect(redrivePoint(run.events)).toMatchObject({ stateName: 'Fan', input: {} });
  });

  it('finds nothing to redrive in a succeeded execution', async () => {
    const run = await runDefinition({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    expect(redrivePoint(run.events)).toBeUndefined();
  });

  it('hands a Distributed Map its earlier Map Run', () => {
    const point = redrivePoint([
      { id: 1, previousEventId: 0, timestamp: 0, type: 'ExecutionStarted' },
      {
        id: 2,
        previousEventId: 1,
        timestamp: 0,
        type: 'MapStateEntered',
        stateEnteredEventDetails: { name: 'M', input: '[1]', inputDetails: { truncated: false } },
      },
      { id: 3, previousEventId: 2, timestamp: 0, type: 'MapStateStarted', mapStateStartedEventDetails: { length: 0 } },
      {
        id: 4,
        previousEventId: 3,
        timestamp: 0,
        type: 'MapRunStarted',
        mapRunStartedEventDetails: { mapRunArn: 'arn:run' },
      },
      { id: 5, previousEventId: 4, timestamp: 0, type: 'MapRunFailed' },
      { id: 6, previousEventId: 5, timestamp: 0, type: 'MapStateFailed' },
      { id: 7, previousEventId: 6, timestamp: 0, type: 'ExecutionFailed' },
    ]);
    expect(point).toEqual({
      stateName: 'M',
      input: [1],
      enteredEventId: 2,
      enteredTimestamp: 0,
      failures: [],
      variables: new Map(),
      mapRunArn: 'arn:run',
    });
  });
});

describe('redrive of an execution that never entered a state', () => {
  it('starts again from StartAt with the original input', async () => {
    const { runExecution } = await import('../../../src/engine');
    const { VirtualClock } = await import('../../support/virtual-clock');
    const clock = new VirtualClock();
    const appended: { type: string }[] = [];
    const outcome = await runExecution(
      {
        executionArn: 'arn:aws:states:us-east-1:000000000000:execution:m/l:c',
        stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:m/l',
        stateMachineName: 'm/l',
        name: 'c',
        roleArn: 'r',
        definition: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
        inputText: '{"item":1}',
        startTime: clock.now(),
        region: 'us-east-1',
        redriveCount: 1,
        priorEvents: [
          { id: 1, previousEventId: 0, timestamp: 0, type: 'ExecutionStarted' },
          { id: 2, previousEventId: 1, timestamp: 0, type: 'ExecutionAborted' },
        ],
      },
      {
        ports: {
          clock,
          ids: { uuid: () => 'u' },
          tasks: { run: () => Promise.reject(new Error('none')) },
          tokens: { register: () => ({ result: new Promise(() => undefined), dispose: () => undefined }) },
          random: () => 0,
        },
        events: { append: (e) => appended.push(e) },
      },
    );
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: '{"item":1}' });
    expect(appended.map((e) => e.type)).toEqual([
      'ExecutionRedriven',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
  });
});
