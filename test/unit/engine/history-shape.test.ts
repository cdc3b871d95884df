/**
 * The shape of engine histories against what AWS recorded (docs/engine.md, "History events"): which event each one
 * follows, and the events AWS writes around failures, retries and Map Runs.
 */
import type { HistoryEvent, StateMachineDefinition } from '../../../src/engine';
import { runDefinition } from '../../support/run-definition';

/** `[type, previousEventId]` per event, ids being 1…n in order. */
const shape = (events: HistoryEvent[]): Array<[string, number]> => events.map((e) => [e.type, e.previousEventId]);

const pass = (extra: Record<string, unknown> = {}): StateMachineDefinition['States'][string] => ({
  Type: 'Pass',
  End: true,
  ...extra,
});

describe('history shape', () => {
  it('starts the first state after no event and ends a stopped execution after none', async () => {
    const controller = new AbortController();
    const running = runDefinition(
      { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 60, End: true } } },
      {},
      { signal: controller.signal },
    );
    await new Promise((r) => setImmediate(r));
    controller.abort({ error: 'Stopped', cause: 'by test' });
    const { events } = await running;
    expect(shape(events)).toEqual([
      ['ExecutionStarted', 0],
      ['WaitStateEntered', 0],
      ['ExecutionAborted', 0],
    ]);
  });

  it('starts each iteration after the last state of the one before and exits the Map after the last iteration', async () => {
    const { events } = await runDefinition(
      {
        StartAt: 'M',
        States: {
          M: { Type: 'Map', MaxConcurrency: 1, End: true, ItemProcessor: { StartAt: 'I', States: { I: pass() } } },
        },
      },
      [1, 2],
    );
    expect(shape(events)).toEqual([
      ['ExecutionStarted', 0],
      ['MapStateEntered', 0],
      ['MapStateStarted', 2],
      ['MapIterationStarted', 3],
      ['PassStateEntered', 4],
      ['PassStateExited', 5],
      ['MapIterationSucceeded', 6],
      ['MapIterationStarted', 6],
      ['PassStateEntered', 8],
      ['PassStateExited', 9],
      ['MapIterationSucceeded', 10],
      ['MapStateSucceeded', 11],
      ['MapStateExited', 11],
      ['ExecutionSucceeded', 13],
    ]);
  });

  it('retries a Map without a MapStateFailed between attempts and fails it after the failed state', async () => {
    const { events } = await runDefinition({
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          Items: [1],
          QueryLanguage: 'JSONata',
          Retry: [{ ErrorEquals: ['Bad'], MaxAttempts: 1, IntervalSeconds: 1 }],
          End: true,
          ItemProcessor: { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'Bad' } } },
        },
      },
    });
    expect(shape(events)).toEqual([
      ['ExecutionStarted', 0],
      ['MapStateEntered', 0],
      ['MapStateStarted', 2],
      ['MapIterationStarted', 3],
      ['FailStateEntered', 4],
      ['MapIterationFailed', 5],
      ['MapStateStarted', 5],
      ['MapIterationStarted', 7],
      ['FailStateEntered', 8],
      ['MapIterationFailed', 9],
      ['MapStateFailed', 9],
      ['ExecutionFailed', 11],
    ]);
  });

  it('writes EvaluationFailed after what the state followed, then the MapStateFailed', async () => {
    const { events } = await runDefinition({
      QueryLanguage: 'JSONata',
      StartAt: 'First',
      States: {
        First: { Type: 'Pass', Next: 'M' },
        M: { Type: 'Map', Items: '{% 1 %}', End: true, ItemProcessor: { StartAt: 'I', States: { I: pass() } } },
      },
    });
    expect(shape(events)).toEqual([
      ['ExecutionStarted', 0],
      ['PassStateEntered', 0],
      ['PassStateExited', 2],
      ['MapStateEntered', 3],
      ['EvaluationFailed', 3],
      ['MapStateFailed', 5],
      ['ExecutionFailed', 6],
    ]);
    expect(events[4]?.evaluationFailedEventDetails).toEqual({
      error: 'States.QueryEvaluationError',
      cause:
        "An error occurred while executing the state 'M' (entered at the event id #4). The JSONata expression '1' " +
        "specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'number' for value: 1",
      location: 'Items',
      state: 'M',
    });
  });

  it("writes a Wait Timestamp that does not parse after the Wait's Entered event", async () => {
    const { events } = await runDefinition({
      QueryLanguage: 'JSONata',
      StartAt: 'W',
      States: { W: { Type: 'Wait', Timestamp: '{% "2016-13-05T21:29:29Z" %}', End: true } },
    });
    expect(shape(events)).toEqual([
      ['ExecutionStarted', 0],
      ['WaitStateEntered', 0],
      ['EvaluationFailed', 2],
      ['ExecutionFailed', 3],
    ]);
    expect(events[2]?.evaluationFailedEventDetails).toMatchObject({ location: 'Timestamp', state: 'W' });
  });

  it('fails a bad ToleratedFailureCountPath after MapStateStarted, with no MapStateFailed', async () => {
    const { events, outcome } = await runDefinition(
      {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            ItemsPath: '$.items',
            ToleratedFailureCountPath: '$.tolerated',
            End: true,
            ItemProcessor: {
              ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
              StartAt: 'I',
              States: { I: pass() },
            },
          },
        },
      },
      { items: [0], tolerated: {} },
    );
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(shape(events)).toEqual([
      ['ExecutionStarted', 0],
      ['MapStateEntered', 0],
      ['MapStateStarted', 2],
      ['ExecutionFailed', 3],
    ]);
  });

  it('runs a Map Run for a legacy Iterator whose ProcessorConfig is DISTRIBUTED', async () => {
    const { events } = await runDefinition(
      {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            End: true,
            Iterator: {
              ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
              StartAt: 'I',
              States: { I: pass() },
            },
          },
        },
      },
      ['a', 'b'],
    );
    expect(shape(events)).toEqual([
      ['ExecutionStarted', 0],
      ['MapStateEntered', 0],
      ['MapStateStarted', 2],
      ['MapRunStarted', 3],
      ['MapRunSucceeded', 4],
      ['MapStateSucceeded', 5],
      ['MapStateExited', 5],
      ['ExecutionSucceeded', 7],
    ]);
  });

  it("keeps the execution input's own text while it passes through untouched, inside a Parallel's output too", async () => {
    const { events, outcome } = await runDefinition(
      {
        StartAt: 'P',
        States: { P: { Type: 'Parallel', End: true, Branches: [{ StartAt: 'B', States: { B: pass() } }] } },
      },
      undefined,
      { inputText: '[[1, 2], {"a": 1.0}]' },
    );
    expect(events[1]?.stateEnteredEventDetails?.input).toBe('[[1, 2], {"a": 1.0}]');
    expect(events.find((e) => e.type === 'PassStateExited')?.stateExitedEventDetails?.output).toBe(
      '[[1, 2], {"a": 1.0}]',
    );
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: '[[[1, 2], {"a": 1.0}]]' });
  });

  it('prints the context object with the Execution keys in AWS order', async () => {
    const { output } = await runDefinition({
      StartAt: 'S',
      States: { S: pass({ Parameters: { 'e.$': '$$.Execution' } }) },
    });
    expect(Object.keys((output as { e: object }).e)).toEqual([
      'Id',
      'Input',
      'StartTime',
      'Name',
      'RoleArn',
      'RedriveCount',
    ]);
  });
});
