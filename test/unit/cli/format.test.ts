import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { formatOutcome } from '../../../src/cli/commands/run/outcome';
import { renderExecutionsTable, stateMachineName } from '../../../src/cli/commands/executions/table';
import { eventDetail, failingStatePath, renderHistoryTable, stateNames } from '../../../src/cli/format/history';
import { previewJson, truncate } from '../../../src/cli/format/preview';
import { renderTable } from '../../../src/cli/format/table';
import { formatDuration, formatOffset, formatTimestamp } from '../../../src/cli/format/time';
import { runDefinition } from '../../support/run-definition';

const t0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const at = (ms: number): Date => new Date(t0 + ms);
const io = { inputDetails: { truncated: false } };

/** Execution → Parallel "P" whose branch runs Fail "Boom" (retried once, then caught by "Handle"), then fails. */
const parallelHistory: HistoryEvent[] = [
  { id: 1, type: 'ExecutionStarted', timestamp: at(0), executionStartedEventDetails: { input: '{"a":1}', ...io } },
  {
    id: 2,
    previousEventId: 0,
    type: 'ParallelStateEntered',
    timestamp: at(1),
    stateEnteredEventDetails: { name: 'P', input: '{}' },
  },
  { id: 3, previousEventId: 2, type: 'ParallelStateStarted', timestamp: at(1) },
  {
    id: 4,
    previousEventId: 3,
    type: 'PassStateEntered',
    timestamp: at(2),
    stateEnteredEventDetails: { name: 'Inner', input: '{}' },
  },
  {
    id: 5,
    previousEventId: 3,
    type: 'ParallelStateEntered',
    timestamp: at(2),
    stateEnteredEventDetails: { name: 'Q', input: '{}' },
  },
  { id: 6, previousEventId: 5, type: 'ParallelStateStarted', timestamp: at(2) },
  {
    id: 7,
    previousEventId: 6,
    type: 'FailStateEntered',
    timestamp: at(3),
    stateEnteredEventDetails: { name: 'Boom', input: '{}' },
  },
  { id: 8, previousEventId: 7, type: 'ParallelStateFailed', timestamp: at(3) },
  {
    id: 9,
    previousEventId: 4,
    type: 'PassStateExited',
    timestamp: at(5),
    stateExitedEventDetails: { name: 'Inner', output: '{"n":1}' },
  },
  { id: 10, previousEventId: 8, type: 'ParallelStateFailed', timestamp: at(6) },
  {
    id: 11,
    previousEventId: 10,
    type: 'ExecutionFailed',
    timestamp: at(7),
    executionFailedEventDetails: { error: 'Custom.Broken', cause: 'it broke' },
  },
];

describe('renderTable', () => {
  it('pads every column but the last and leaves no trailing blanks', () => {
    expect(
      renderTable(
        ['A', 'LONG'],
        [
          ['xyz', ''],
          ['1', '2'],
        ],
      ),
    ).toBe('A    LONG\nxyz\n1    2\n');
  });
});

describe('time formats', () => {
  it.each([
    [0, '0 ms'],
    [999, '999 ms'],
    [1234, '1.2 s'],
    [59_940, '59.9 s'],
    [61_000, '1m 01s'],
    [3_723_000, '1h 02m'],
    [-5, '-'],
  ])('formatDuration(%p) = %p', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('prints timestamps in local time to the second and offsets in seconds', () => {
    expect(formatTimestamp(new Date(2026, 0, 2, 3, 4, 5, 600))).toBe('2026-01-02 03:04:05');
    expect(formatTimestamp(undefined)).toBe('-');
    expect(formatOffset(1204)).toBe('+1.204s');
  });
});

describe('previews', () => {
  it('compacts JSON and truncates with an ellipsis', () => {
    expect(previewJson('{\n  "a": 1\n}')).toBe('{"a":1}');
    expect(previewJson('not json')).toBe('not json');
    expect(truncate('abcdef', 4)).toBe('abc…');
  });
});

describe('history', () => {
  it('names each event after its state, containers after themselves', () => {
    const names = stateNames(parallelHistory);
    expect(names.get(1)).toBeUndefined();
    expect(names.get(3)).toBe('P');
    expect(names.get(6)).toBe('Q');
    expect(names.get(8)).toBe('Q');
    expect(names.get(10)).toBe('P');
    expect(names.get(11)).toBeUndefined();
  });

  it('inherits the state of events that carry no name, such as task events', () => {
    const events: HistoryEvent[] = [
      { id: 1, type: 'TaskStateEntered', timestamp: at(0), stateEnteredEventDetails: { name: 'Ocr', input: '{}' } },
      { id: 2, previousEventId: 1, type: 'TaskScheduled', timestamp: at(0) },
      {
        id: 3,
        previousEventId: 2,
        type: 'TaskFailed',
        timestamp: at(0),
        taskFailedEventDetails: { resourceType: 'ecs', resource: 'runTask.sync', error: 'E', cause: 'c' },
      },
    ];
    expect([...stateNames(events).values()]).toEqual(['Ocr', 'Ocr', 'Ocr']);
    expect(eventDetail(events[2]!)).toBe('E: c');
  });

  it('names the events of an engine history, whose Map events follow the last iteration', async () => {
    // GIVEN a Map of two items, one at a time, then a JSONata Pass whose Output evaluates to nothing
    const { events } = await runDefinition(
      {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            MaxConcurrency: 1,
            Next: 'Out',
            ItemProcessor: { StartAt: 'Item', States: { Item: { Type: 'Pass', End: true } } },
          },
          Out: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $missing %}', End: true },
        },
      },
      [1, 2],
    );
    const history = events as unknown as HistoryEvent[];

    // WHEN
    const names = stateNames(history);

    // THEN
    const named = (type: string): (string | undefined)[] =>
      events.filter((e) => e.type === type).map((e) => names.get(e.id));
    expect(named('MapStateSucceeded')).toEqual(['M']);
    expect(named('MapIterationStarted')).toEqual(['M', 'M']);
    expect(named('EvaluationFailed')).toEqual(['Out']);
    expect(failingStatePath(history)).toBe('Out');
  });

  it('finds the innermost failing state through failed containers', () => {
    expect(failingStatePath(parallelHistory)).toBe('P > Q > Boom');
    expect(failingStatePath(parallelHistory.slice(0, 9))).toBeUndefined();
  });

  it('details errors, outputs, inputs and Map facts', () => {
    expect(eventDetail(parallelHistory[10]!)).toBe('Custom.Broken: it broke');
    expect(eventDetail(parallelHistory[8]!)).toBe('output {"n":1}');
    expect(eventDetail(parallelHistory[0]!)).toBe('input {"a":1}');
    expect(
      eventDetail({ id: 1, type: 'MapStateStarted', timestamp: at(0), mapStateStartedEventDetails: { length: 3 } }),
    ).toBe('3 items');
    expect(
      eventDetail({
        id: 1,
        type: 'MapIterationFailed',
        timestamp: at(0),
        mapIterationFailedEventDetails: { name: 'M', index: 2 },
      }),
    ).toBe('index 2');
  });

  it('renders a table of id, time, type, state and detail', () => {
    const lines = renderHistoryTable(parallelHistory).split('\n');
    expect(lines[0]).toMatch(/^ID\s+TIME\s+TYPE\s+STATE\s+DETAIL$/);
    expect(lines[8]).toMatch(/^8\s+\+0\.003s\s+ParallelStateFailed\s+Q$/);
    expect(lines[11]).toMatch(/^11\s+\+0\.007s\s+ExecutionFailed\s+Custom\.Broken: it broke$/);
  });
});

describe('executions table', () => {
  it('sorts newest first and shows running durations as of now', () => {
    const arn = 'arn:aws:states:us-east-1:000000000000:stateMachine:demo';
    const table = renderExecutionsTable(
      [
        {
          executionArn: 'x1',
          stateMachineArn: arn,
          name: 'old',
          status: 'SUCCEEDED',
          startDate: at(0),
          stopDate: at(1500),
        },
        { executionArn: 'x2', stateMachineArn: arn, name: 'new', status: 'RUNNING', startDate: at(60_000) },
      ],
      at(65_000),
    );
    const lines = table.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+STATE MACHINE\s+STATUS\s+START\s+DURATION$/);
    expect(lines[1]).toMatch(/^new\s+demo\s+RUNNING\s+\S+ \S+\s+5\.0 s$/);
    expect(lines[2]).toMatch(/^old\s+demo\s+SUCCEEDED\s+\S+ \S+\s+1\.5 s$/);
    expect(stateMachineName(`${arn}:prod`)).toBe('demo');
  });
});

describe('run outcome', () => {
  it('pretty-prints the output of a success', () => {
    expect(
      formatOutcome(
        {
          executionArn: 'x',
          stateMachineArn: 'y',
          status: 'SUCCEEDED',
          startDate: at(0),
          stopDate: at(1200),
          output: '{"a":[1]}',
        },
        undefined,
      ),
    ).toEqual({
      status: 'SUCCEEDED in 1.2 s\n',
      output: '{\n  "a": [\n    1\n  ]\n}\n',
    });
  });

  it('reports status, error, cause and the failing state of a failure', () => {
    expect(
      formatOutcome(
        { executionArn: 'x', stateMachineArn: 'y', status: 'FAILED', startDate: at(0), error: 'E', cause: 'why' },
        'P > Boom',
      ),
    ).toEqual({
      status: 'FAILED: E: why\n  in state: P > Boom\n',
      output: undefined,
    });
    expect(
      formatOutcome({ executionArn: 'x', stateMachineArn: 'y', status: 'ABORTED', startDate: at(0) }, undefined).status,
    ).toBe('ABORTED\n');
  });
});
