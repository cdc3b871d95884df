import { StatesError } from '../../../src/engine';
import { ExecutionLogger, atLeast, formatLogRecord, type LogRecord } from '../../../src/runtime/execution-log';
import { runDefinition } from '../../support/run-definition';

describe('ExecutionLogger', () => {
  it('reports the start, each failed task with its state, the transitions and the end, from the history', async () => {
    const run = await runDefinition(
      {
        StartAt: 'Ocr',
        States: {
          Ocr: {
            Type: 'Task',
            Resource: 'arn:aws:states:::ecs:runTask.sync',
            Retry: [{ ErrorEquals: ['Spot'], MaxAttempts: 1 }],
            Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Dlq' }],
            End: true,
          },
          Dlq: { Type: 'Pass', End: true },
        },
      },
      {},
      { tasks: { run: () => Promise.reject(new StatesError('Spot', 'interrupted')) } },
    );
    const records: LogRecord[] = [];
    const logger = new ExecutionLogger('arn:exec', (r) => records.push(r));
    for (const event of run.events) logger.observe(event);
    // The first attempt and its one retry.
    const taskFailed = {
      level: 'warn',
      msg: 'task failed',
      executionArn: 'arn:exec',
      stateName: 'Ocr',
      error: 'Spot',
      cause: 'interrupted',
    };
    expect(records.filter((r) => r.level !== 'debug')).toEqual([
      { level: 'info', msg: 'execution started', executionArn: 'arn:exec' },
      taskFailed,
      taskFailed,
      { level: 'info', msg: 'execution succeeded', executionArn: 'arn:exec' },
    ]);
    expect(records.filter((r) => r.level === 'debug').map((r) => `${r.msg} ${r.stateName ?? ''}`)).toEqual([
      'state entered Ocr',
      'state exited Ocr',
      'state entered Dlq',
      'state exited Dlq',
    ]);
  });

  it('formats records as JSON lines or text', () => {
    const record: LogRecord = { level: 'warn', msg: 'execution failed', executionArn: 'arn:e', error: 'E', cause: 'c' };
    const now = new Date('2026-11-21T02:00:00Z');
    expect(JSON.parse(formatLogRecord(record, 'json', now))).toEqual({ time: '2026-11-21T02:00:00.000Z', ...record });
    expect(formatLogRecord(record, 'text', now)).toBe('warn: execution failed arn:e: E: c');
    expect(atLeast('debug', 'info')).toBe(false);
    expect(atLeast('warn', 'info')).toBe(true);
  });
});
