import { StatesError } from '../../../../src/engine';
import type { TaskRunner } from '../../../../src/engine';
import { oneState, runDefinition } from '../../../support/run-definition';

describe('Parallel', () => {
  it('gives every branch the input and returns their outputs in branch order', async () => {
    const r = await runDefinition(
      oneState('P', {
        Type: 'Parallel',
        Branches: [
          {
            StartAt: 'W',
            States: { W: { Type: 'Wait', Seconds: 5, Next: 'A' }, A: { Type: 'Pass', Result: 'slow', End: true } },
          },
          { StartAt: 'B', States: { B: { Type: 'Pass', InputPath: '$.x', End: true } } },
        ],
        End: true,
      }),
      { x: 7 },
    );
    expect(r.output).toEqual(['slow', 7]);
  });

  it('fails with the first branch error and stops the others', async () => {
    const r = await runDefinition(
      oneState('P', {
        Type: 'Parallel',
        Branches: [
          { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 1000, End: true } } },
          { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'BranchBroke', Cause: 'c' } } },
        ],
        End: true,
      }),
    );
    expect(r.outcome).toEqual({ status: 'FAILED', error: 'BranchBroke', cause: 'c' });
    expect(r.events.map((e) => e.type)).toContain('ParallelStateFailed');
    expect(r.events.map((e) => e.type)).not.toContain('WaitStateExited');
  });

  it('retries the whole Parallel on a matching retrier', async () => {
    let calls = 0;
    const tasks: TaskRunner = {
      run: () => (++calls === 1 ? Promise.reject(new StatesError('Flaky', null)) : Promise.resolve(calls)),
    };
    const r = await runDefinition(
      oneState('P', {
        Type: 'Parallel',
        Branches: [
          {
            StartAt: 'T',
            States: { T: { Type: 'Task', Resource: 'arn:aws:states:::batch:submitJob.sync', End: true } },
          },
        ],
        Retry: [{ ErrorEquals: ['Flaky'] }],
        End: true,
      }),
      {},
      { tasks },
    );
    expect(r.output).toEqual([2]);
  });

  it('gives branches their own variable scope that reads the outer one', async () => {
    const r = await runDefinition({
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Assign: { outer: 'o' }, Next: 'P' },
        P: {
          Type: 'Parallel',
          Branches: [
            {
              StartAt: 'X',
              States: {
                X: { Type: 'Pass', Assign: { inner: 'i' }, Next: 'Y' },
                Y: { Type: 'Pass', Parameters: { 'o.$': '$outer', 'i.$': '$inner' }, End: true },
              },
            },
          ],
          End: true,
        },
      },
    });
    expect(r.output).toEqual([{ o: 'o', i: 'i' }]);
  });
});

describe('Map (inline)', () => {
  it('runs the processor per item with ItemSelector and $$.Map.Item', async () => {
    const r = await runDefinition(
      oneState('M', {
        Type: 'Map',
        ItemsPath: '$.items',
        ItemSelector: { 'i.$': '$$.Map.Item.Index', 'v.$': '$$.Map.Item.Value', 'p.$': '$.prefix' },
        ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
        End: true,
      }),
      { items: ['a', 'b', 'c'], prefix: 'x' },
    );
    expect(r.output).toEqual([
      { i: 0, v: 'a', p: 'x' },
      { i: 1, v: 'b', p: 'x' },
      { i: 2, v: 'c', p: 'x' },
    ]);
    expect(r.events.filter((e) => e.type === 'MapIterationSucceeded')).toHaveLength(3);
    expect(r.events.find((e) => e.type === 'MapStateStarted')?.mapStateStartedEventDetails).toEqual({ length: 3 });
  });

  it('never runs more iterations at once than MaxConcurrency', async () => {
    let running = 0;
    let peak = 0;
    const tasks: TaskRunner = {
      async run() {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setImmediate(r));
        running--;
        return null;
      },
    };
    const r = await runDefinition(
      oneState('M', {
        Type: 'Map',
        MaxConcurrency: 3,
        ItemProcessor: {
          StartAt: 'T',
          States: { T: { Type: 'Task', Resource: 'arn:aws:states:::ecs:runTask.sync', End: true } },
        },
        End: true,
      }),
      Array.from({ length: 20 }, (_, i) => i),
      { tasks },
    );
    expect(r.outcome.status).toBe('SUCCEEDED');
    expect(peak).toBe(3);
  });

  it('fails with an iteration’s error', async () => {
    const r = await runDefinition(
      oneState('M', {
        Type: 'Map',
        ItemProcessor: {
          StartAt: 'C',
          States: {
            C: { Type: 'Choice', Choices: [{ Variable: '$', NumericEquals: 2, Next: 'F' }], Default: 'OK' },
            F: { Type: 'Fail', Error: 'ItemTwo' },
            OK: { Type: 'Pass', End: true },
          },
        },
        End: true,
      }),
      [1, 2, 3],
    );
    expect(r.outcome).toMatchObject({ status: 'FAILED', error: 'ItemTwo' });
    expect(r.events.map((e) => e.type)).toContain('MapIterationFailed');
    expect(r.events.map((e) => e.type)).toContain('MapStateFailed');
  });

  it('rejects a non-array JSONata input with States.QueryEvaluationError', async () => {
    const r = await runDefinition(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'M',
        States: {
          M: { Type: 'Map', ItemProcessor: oneState('P', { Type: 'Pass', End: true }), End: true },
        },
      },
      { not: 'an array' },
    );
    expect(r.outcome).toMatchObject({
      error: 'States.QueryEvaluationError',
      cause:
        'An error occurred while executing the state \'M\' (entered at the event id #2). Map state input must be an array but was: {"not":"an array"}',
    });
  });
});

describe('Map (distributed, items from state data)', () => {
  const def = (tolerated: number) =>
    oneState('M', {
      Type: 'Map' as const,
      ToleratedFailurePercentage: tolerated,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED' as const, ExecutionType: 'STANDARD' as const },
        StartAt: 'C',
        States: {
          C: {
            Type: 'Choice' as const,
            Choices: [{ Variable: '$', NumericGreaterThan: 7, Next: 'F' }],
            Default: 'OK',
          },
          F: { Type: 'Fail' as const, Error: 'TooBig' },
          OK: { Type: 'Pass' as const, End: true },
        },
      },
      End: true,
    });
  const items = Array.from({ length: 10 }, (_, i) => i);

  it('tolerates failures up to ToleratedFailurePercentage', async () => {
    const r = await runDefinition(def(20), items);
    expect(r.outcome.status).toBe('SUCCEEDED');
    expect(r.events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['MapStateStarted', 'MapRunStarted', 'MapRunSucceeded', 'MapStateSucceeded']),
    );
    expect(r.events.some((e) => e.type === 'MapIterationStarted')).toBe(false);
  });

  it('fails with States.ExceedToleratedFailureThreshold beyond it', async () => {
    const r = await runDefinition(def(10), items);
    expect(r.outcome).toMatchObject({ status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold' });
    expect(r.events.map((e) => e.type)).toContain('MapRunFailed');
  });
});
