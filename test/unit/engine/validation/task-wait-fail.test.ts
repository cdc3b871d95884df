import { diagnose, messages, single } from './helpers';

describe('Task', () => {
  const task = (extra: Record<string, unknown>): unknown =>
    single({ Type: 'Task', Resource: 'arn:aws:states:::ecs:runTask.sync', End: true, ...extra });

  it('requires HeartbeatSeconds smaller than TimeoutSeconds', () => {
    expect(diagnose(task({ TimeoutSeconds: 60, HeartbeatSeconds: 30 }))).toEqual([]);
    expect(messages(diagnose(task({ TimeoutSeconds: 30, HeartbeatSeconds: 30 })))).toEqual([
      "SCHEMA_VALIDATION_FAILED: The field 'HeartbeatSeconds' must be smaller than the field 'TimeoutSeconds' at /States/A/HeartbeatSeconds",
    ]);
  });

  it('rejects non-positive timeouts and both a field and its Path', () => {
    expect(diagnose(task({ TimeoutSeconds: 0 }))).toHaveLength(1);
    expect(messages(diagnose(task({ TimeoutSeconds: 5, TimeoutSecondsPath: '$.t' })))).toEqual([
      'SCHEMA_VALIDATION_FAILED: Only one of these fields is allowed: [TimeoutSeconds, TimeoutSecondsPath] at /States/A',
    ]);
  });

  it('requires Resource', () => {
    expect(messages(diagnose(single({ Type: 'Task', End: true })))).toEqual([
      'SCHEMA_VALIDATION_FAILED: These fields are required: [Resource] at /States/A',
    ]);
  });

  it('rejects .waitForTaskToken and .sync in an Express machine with the recorded wording', () => {
    const wait = single({ Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', End: true });
    expect(messages(diagnose(wait, 'EXPRESS'))).toEqual([
      "SCHEMA_VALIDATION_FAILED: Express state machine does not support '.waitForTaskToken' service integration  at /States/A/Resource",
    ]);
    expect(diagnose(wait, 'STANDARD')).toEqual([]);
    expect(diagnose(task({}), 'EXPRESS')).toHaveLength(1);
  });
});

describe('Wait', () => {
  it('requires exactly one of Seconds, SecondsPath, Timestamp, TimestampPath', () => {
    expect(messages(diagnose(single({ Type: 'Wait', End: true })))).toEqual([
      'SCHEMA_VALIDATION_FAILED: Exactly one of these fields is required: [Seconds, SecondsPath, Timestamp, TimestampPath] at /States/A',
    ]);
    expect(diagnose(single({ Type: 'Wait', Seconds: 1, Timestamp: '2024-01-01T00:00:00Z', End: true }))).toHaveLength(
      1,
    );
  });

  it('requires a non-negative integer Seconds unless it is a JSONata expression', () => {
    expect(diagnose(single({ Type: 'Wait', Seconds: -1, End: true }))).toHaveLength(1);
    expect(diagnose(single({ Type: 'Wait', Seconds: 1.5, End: true }))).toHaveLength(1);
    expect(diagnose(single({ Type: 'Wait', Seconds: '{% 3 %}', End: true }, { QueryLanguage: 'JSONata' }))).toEqual([]);
  });
});

describe('Fail', () => {
  it('allows at most one of Error/ErrorPath and of Cause/CausePath', () => {
    expect(diagnose(single({ Type: 'Fail', ErrorPath: "States.Format('E{}', $.n)", CausePath: '$.c' }))).toEqual([]);
    expect(messages(diagnose(single({ Type: 'Fail', Error: 'E', ErrorPath: '$.e' })))).toEqual([
      'SCHEMA_VALIDATION_FAILED: Only one of these fields is allowed: [Error, ErrorPath] at /States/A',
    ]);
    expect(diagnose(single({ Type: 'Fail', Cause: 'c', CausePath: '$.c' }))).toHaveLength(1);
  });
});
