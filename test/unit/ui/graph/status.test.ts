import type { HistoryEvent, StateDefinition, TaskRunner } from '../../../../src/engine';
import { StatesError } from '../../../../src/engine/errors';
import { deriveExecutionView, mostTelling, statusOf } from '../../../../src/ui/graph/status';
import { runDefinition } from '../../../support/run-definition';

const task = (what: string, extra: Partial<StateDefinition> = {}): StateDefinition => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::lambda:invoke',
  Parameters: { do: what },
  ...extra,
});

/** Fails `fail` tasks; fails `flaky` once. */
function tasks(): TaskRunner {
  let flaky = 0;
  return {
    run: (req) => {
      const what = (req.parameters as { do: string }).do;
      if (what === 'fail') return Promise.reject(new StatesError('Doc.Bad', 'page 2 is blank'));
      if (what === 'flaky' && flaky++ === 0) return Promise.reject(new StatesError('Glitch', 'once'));
      return Promise.resolve({ done: what });
    },
  };
}

describe('deriveExecutionView', () => {
  test('Parallel and Map threads: succeeded, retried, caught, failed, not-run', async () => {
    // GIVEN a Parallel with a retried and a caught task, then a Map whose second item fails
    const { events, outcome } = await runDefinition(
      {
        StartAt: 'P',
        States: {
          P: {
            Type: 'Parallel',
            ResultPath: null,
            Next: 'M',
            Branches: [
              {
                StartAt: 'A',
                States: { A: task('flaky', { Retry: [{ ErrorEquals: ['States.ALL'] }], End: true }) },
              },
              {
                StartAt: 'B',
                States: {
                  B: task('fail', { Catch: [{ ErrorEquals: ['States.ALL'], Next: 'C' }], End: true }),
                  C: { Type: 'Pass', End: true },
                },
              },
            ],
          },
          M: {
            Type: 'Map',
            ItemsPath: '$.items',
            Next: 'Never',
            ItemProcessor: {
              StartAt: 'Pick',
              States: {
                Pick: { Type: 'Choice', Choices: [{ Variable: '$', NumericEquals: 2, Next: 'Bad' }], Default: 'Good' },
                Good: task('ok', { End: true }),
                Bad: task('fail', { End: true }),
              },
            },
          },
          Never: { Type: 'Pass', End: true },
        },
      },
      { items: [1, 2, 3] },
      { tasks: tasks() },
    );
    expect(outcome.status).toBe('FAILED');

    // WHEN
    const view = deriveExecutionView(events, 'FAILED');

    // THEN
    expect(statusOf(view, 'P')).toBe('succeeded');
    expect(statusOf(view, 'A')).toBe('retried');
    expect(view.states.get('A')!.runs[0]!.retries).toBe(1);
    expect(statusOf(view, 'B')).toBe('caught');
    expect(view.states.get('B')!.runs[0]!.failures[0]).toMatchObject({ error: 'Doc.Bad', cause: 'page 2 is blank' });
    expect(statusOf(view, 'C')).toBe('succeeded');
    expect(statusOf(view, 'M')).toBe('failed');
    expect(statusOf(view, 'Pick')).toBe('succeeded');
    expect(statusOf(view, 'Good')).toBe('succeeded');
    expect(statusOf(view, 'Bad')).toBe('failed');
    expect(view.states.get('Bad')!.runs[0]!.iteration).toBe(1);
    expect(view.states.get('Good')!.runs.map((r) => r.parent?.name)).toEqual(['M', 'M']);
    expect(statusOf(view, 'Never')).toBe('not-run');
    // Execution-level events belong to no state.
    const last = events[events.length - 1]!;
    expect(view.stateOfEvent.get(last.id)).toBeUndefined();
  });

  test('a Fail state fails; an open state is running while the execution runs, aborted after a stop', () => {
    const e = (id: number, previousEventId: number, type: HistoryEvent['type'], name?: string): HistoryEvent => ({
      id,
      previousEventId,
      type,
      timestamp: 1000 + id,
      ...(name === undefined
        ? {}
        : type.endsWith('Entered')
          ? { stateEnteredEventDetails: { name, input: '{}', inputDetails: { truncated: false } } }
          : { stateExitedEventDetails: { name, output: '{}', outputDetails: { truncated: false } } }),
    });
    // As AWS records them: the first state follows no event, nor does a stopped execution's ExecutionAborted.
    const running: HistoryEvent[] = [e(1, 0, 'ExecutionStarted'), e(2, 0, 'WaitStateEntered', 'Sleep')];
    expect(statusOf(deriveExecutionView(running, 'RUNNING'), 'Sleep')).toBe('running');
    expect(statusOf(deriveExecutionView([...running, e(3, 0, 'ExecutionAborted')], 'ABORTED'), 'Sleep')).toBe(
      'aborted',
    );
    const failed = [e(1, 0, 'ExecutionStarted'), e(2, 0, 'FailStateEntered', 'Give up'), e(3, 2, 'ExecutionFailed')];
    expect(statusOf(deriveExecutionView(failed, 'FAILED'), 'Give up')).toBe('failed');
    // A task that failed and waits for its retry is still running.
    const retrying = [
      e(1, 0, 'ExecutionStarted'),
      e(2, 0, 'TaskStateEntered', 'Call'),
      e(3, 2, 'TaskScheduled'),
      e(4, 3, 'TaskFailed'),
    ];
    expect(statusOf(deriveExecutionView(retrying, 'RUNNING'), 'Call')).toBe('running');
    expect(statusOf(deriveExecutionView([...retrying, e(5, 4, 'ExecutionFailed')], 'FAILED'), 'Call')).toBe('failed');
  });

  test('after a redrive, a state run again shows its new outcome', () => {
    const entered = (id: number, p: number): HistoryEvent => ({
      id,
      previousEventId: p,
      type: 'TaskStateEntered',
      timestamp: id,
      stateEnteredEventDetails: { name: 'Call', input: '{}', inputDetails: { truncated: false } },
    });
    const events: HistoryEvent[] = [
      { id: 1, previousEventId: 0, type: 'ExecutionStarted', timestamp: 1 },
      entered(2, 0),
      {
        id: 3,
        previousEventId: 2,
        type: 'TaskFailed',
        timestamp: 3,
        taskFailedEventDetails: { resourceType: 'x', resource: 'y', error: 'E' },
      },
      { id: 4, previousEventId: 3, type: 'ExecutionFailed', timestamp: 4 },
      { id: 5, previousEventId: 4, type: 'ExecutionRedriven', timestamp: 5 },
      entered(6, 5),
      {
        id: 7,
        previousEventId: 6,
        type: 'TaskStateExited',
        timestamp: 7,
        stateExitedEventDetails: { name: 'Call', output: '{}', outputDetails: { truncated: false } },
      },
    ];
    const view = deriveExecutionView(events, 'SUCCEEDED');
    expect(statusOf(view, 'Call')).toBe('succeeded');
    expect(view.states.get('Call')!.runs[0]!.superseded).toBe(true);
  });

  test('a state after a Map or Parallel belongs to no scope, though their Exited events follow their last iteration or branch', async () => {
    // GIVEN a Map of two items, one at a time, then a Parallel, then a Pass
    const { events } = await runDefinition(
      {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            MaxConcurrency: 1,
            ResultPath: null,
            Next: 'P',
            ItemProcessor: { StartAt: 'Item', States: { Item: { Type: 'Pass', End: true } } },
          },
          P: {
            Type: 'Parallel',
            ResultPath: null,
            Next: 'After',
            Branches: [{ StartAt: 'Branch', States: { Branch: { Type: 'Pass', End: true } } }],
          },
          After: { Type: 'Pass', End: true },
        },
      },
      [1, 2],
    );
    const byId = new Map(events.map((e) => [e.id, e]));
    const exited = events.find((e) => e.type === 'MapStateExited')!;
    expect(byId.get(exited.previousEventId)?.type).toBe('MapIterationSucceeded');

    // WHEN
    const view = deriveExecutionView(events, 'SUCCEEDED');

    // THEN
    expect(view.states.get('Item')!.runs.map((r) => [r.parent?.name, r.iteration])).toEqual([
      ['M', 0],
      ['M', 1],
    ]);
    expect(view.states.get('Branch')!.runs[0]!.parent?.name).toBe('P');
    for (const name of ['P', 'After']) {
      const run = view.states.get(name)!.runs[0]!;
      expect([name, run.parent, run.iteration]).toEqual([name, undefined, undefined]);
    }
    expect(statusOf(view, 'M')).toBe('succeeded');
    expect(statusOf(view, 'After')).toBe('succeeded');
  });

  test('a Map retried after an iteration failed counts the retry on the Map, not on the failed state', async () => {
    // GIVEN a Map whose only item fails twice: its second MapStateStarted follows the failed FailStateEntered
    const { events } = await runDefinition({
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          Items: [1],
          QueryLanguage: 'JSONata',
          Retry: [{ ErrorEquals: ['Bad'], MaxAttempts: 1, IntervalSeconds: 1 }],
          End: true,
          ItemProcessor: { StartAt: 'Fail', States: { Fail: { Type: 'Fail', Error: 'Bad' } } },
        },
      },
    });
    const byId = new Map(events.map((e) => [e.id, e]));
    const restart = events.filter((e) => e.type === 'MapStateStarted')[1]!;
    expect(byId.get(restart.previousEventId)?.type).toBe('FailStateEntered');

    // WHEN
    const view = deriveExecutionView(events, 'FAILED');

    // THEN
    const map = view.states.get('M')!.runs[0]!;
    expect([map.attempts, map.retries]).toEqual([2, 1]);
    expect(view.states.get('Fail')!.runs.map((r) => [r.attempts, r.parent?.name])).toEqual([
      [0, 'M'],
      [0, 'M'],
    ]);
    expect(statusOf(view, 'M')).toBe('failed');
  });

  test('an EvaluationFailed, which follows what its state followed, belongs to the failing state', async () => {
    // GIVEN two JSONata Pass states, the second with an Output that evaluates to nothing
    const { events } = await runDefinition({
      QueryLanguage: 'JSONata',
      StartAt: 'First',
      States: {
        First: { Type: 'Pass', Next: 'Second' },
        Second: { Type: 'Pass', Output: '{% $missing %}', End: true },
      },
    });
    const failed = events.find((e) => e.type === 'EvaluationFailed')!;
    expect(events.find((e) => e.id === failed.previousEventId)?.type).toBe('PassStateExited');

    // WHEN
    const view = deriveExecutionView(events, 'FAILED');

    // THEN
    expect(statusOf(view, 'First')).toBe('succeeded');
    expect(statusOf(view, 'Second')).toBe('failed');
    expect(view.states.get('Second')!.runs[0]!.failures[0]).toMatchObject({ error: 'States.QueryEvaluationError' });
    expect(view.stateOfEvent.get(failed.id)).toBe('Second');
  });

  test('the most telling status wins', () => {
    expect(mostTelling(['succeeded', 'failed', 'running'])).toBe('failed');
    expect(mostTelling(['succeeded', 'retried'])).toBe('retried');
    expect(mostTelling(['caught', 'succeeded'])).toBe('caught');
    expect(mostTelling([])).toBe('not-run');
  });
});
