import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { ProgressPrinter } from '../../../../../src/cli/commands/run/progress';

const at = (ms: number): Date => new Date(Date.UTC(2026, 0, 1) + ms);

describe('ProgressPrinter', () => {
  it('prints entries, exits with durations and failures, but not the execution outcome', () => {
    const lines: string[] = [];
    const printer = new ProgressPrinter((line) => lines.push(line));
    const events: HistoryEvent[] = [
      { id: 1, type: 'ExecutionStarted', timestamp: at(0) },
      {
        id: 2,
        previousEventId: 1,
        type: 'MapStateEntered',
        timestamp: at(0),
        stateEnteredEventDetails: { name: 'M', input: '[]' },
      },
      {
        id: 3,
        previousEventId: 2,
        type: 'WaitStateEntered',
        timestamp: at(10),
        stateEnteredEventDetails: { name: 'W', input: '{}' },
      },
      {
        id: 4,
        previousEventId: 2,
        type: 'WaitStateEntered',
        timestamp: at(20),
        stateEnteredEventDetails: { name: 'W', input: '{}' },
      },
      {
        id: 5,
        previousEventId: 3,
        type: 'WaitStateExited',
        timestamp: at(1010),
        stateExitedEventDetails: { name: 'W', output: '{}' },
      },
      {
        id: 6,
        previousEventId: 5,
        type: 'MapIterationFailed',
        timestamp: at(1020),
        mapIterationFailedEventDetails: { name: 'M', index: 1 },
      },
      {
        id: 7,
        previousEventId: 6,
        type: 'TaskFailed',
        timestamp: at(1030),
        taskFailedEventDetails: { resourceType: 'ecs', resource: 'r', error: 'E', cause: 'c' },
      },
      {
        id: 8,
        previousEventId: 7,
        type: 'ExecutionFailed',
        timestamp: at(1040),
        executionFailedEventDetails: { error: 'E', cause: 'c' },
      },
    ];
    events.forEach((e) => printer.onEvent(e));
    expect(lines).toEqual([
      '▶ M (Map)',
      '▶ W (Wait)',
      '▶ W (Wait)',
      '✔ W (Wait) 1.0 s',
      '✖ M: MapIterationFailed: index 1',
      '✖ M: TaskFailed: E: c',
    ]);
  });
});
