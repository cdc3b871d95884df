import { oneState, runDefinition } from '../../../support/run-definition';

describe('Pass', () => {
  it('applies Result, ResultPath and OutputPath in order', async () => {
    const r = await runDefinition(
      oneState('P', { Type: 'Pass', Result: { v: 1 }, ResultPath: '$.r', OutputPath: '$.r', End: true }),
      { a: 1 },
    );
    expect(r.output).toEqual({ v: 1 });
  });

  it('evaluates Parameters over InputPath with .$ keys and the context object', async () => {
    const r = await runDefinition(
      oneState('P', {
        Type: 'Pass',
        InputPath: '$.in',
        Parameters: { 'x.$': '$.x', 'name.$': '$$.State.Name', k: 'c' },
        End: true,
      }),
      { in: { x: 5 } },
    );
    expect(r.output).toEqual({ x: 5, name: 'P', k: 'c' });
  });

  it('emits Entered/Exited events with JSON-string input and output', async () => {
    const r = await runDefinition(oneState('P', { Type: 'Pass', End: true }), { a: 1 });
    expect(r.events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
    expect(r.events[1]?.stateEnteredEventDetails).toEqual({
      name: 'P',
      input: '{"a":1}',
      inputDetails: { truncated: false },
    });
    expect(r.events[2]?.stateExitedEventDetails?.output).toBe('{"a":1}');
  });

  it('fails with States.DataLimitExceeded when a result exceeds 256 KiB', async () => {
    const r = await runDefinition(oneState('P', { Type: 'Pass', Result: 'x'.repeat(262144), End: true }));
    expect(r.outcome).toEqual({
      status: 'FAILED',
      error: 'States.DataLimitExceeded',
      cause: "The state/task 'P' returned a result with a size exceeding the maximum number of bytes service limit.",
    });
  });

  it('reports a missing InputPath as States.Runtime naming the state and its entered event', async () => {
    const r = await runDefinition(
      {
        StartAt: 'Start',
        States: { Start: { Type: 'Pass', Next: 'P' }, P: { Type: 'Pass', InputPath: '$.missing', End: true } },
      },
      {},
    );
    expect(r.outcome.status).toBe('FAILED');
    expect(r.outcome).toMatchObject({ error: 'States.Runtime' });
    const cause = r.outcome.status === 'FAILED' ? (r.outcome.cause ?? '') : '';
    expect(cause.startsWith("An error occurred while executing the state 'P' (entered at the event id #4). ")).toBe(
      true,
    );
  });
});

describe('Choice', () => {
  const def = {
    StartAt: 'C',
    States: {
      C: {
        Type: 'Choice' as const,
        Choices: [{ Variable: '$.n', NumericGreaterThan: 10, Next: 'Big' }],
        Default: 'Small',
      },
      Big: { Type: 'Pass' as const, Result: 'big', End: true },
      Small: { Type: 'Pass' as const, Result: 'small', End: true },
    },
  };

  it('takes the first matching rule', async () => {
    expect((await runDefinition(def, { n: 11 })).output).toBe('big');
  });

  it('takes Default when nothing matches', async () => {
    expect((await runDefinition(def, { n: 1 })).output).toBe('small');
  });

  it('fails with States.NoChoiceMatched without a Default', async () => {
    const r = await runDefinition(
      {
        StartAt: 'C',
        States: {
          C: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericEquals: 1, Next: 'E' }] },
          E: { Type: 'Succeed' },
        },
      },
      { n: 2 },
    );
    expect(r.outcome).toMatchObject({ status: 'FAILED', error: 'States.NoChoiceMatched' });
  });

  it('evaluates JSONata Conditions and the matched rule’s Assign', async () => {
    const r = await runDefinition(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'C',
        States: {
          C: {
            Type: 'Choice',
            Choices: [{ Condition: '{% $states.input.ok %}', Next: 'Done', Assign: { picked: 'rule' } }],
            Default: 'Done',
            Assign: { picked: 'default' },
          },
          Done: { Type: 'Pass', Output: '{% $picked %}', End: true },
        },
      },
      { ok: true },
    );
    expect(r.output).toBe('rule');
  });
});

describe('Succeed and Fail', () => {
  it('Succeed ends the machine with its (OutputPath-filtered) input', async () => {
    const r = await runDefinition(oneState('S', { Type: 'Succeed', OutputPath: '$.a' }), { a: [1] });
    expect(r.output).toEqual([1]);
    expect(r.events.map((e) => e.type)).toContain('SucceedStateExited');
  });

  it('Fail ends the execution with Error and Cause', async () => {
    const r = await runDefinition(oneState('F', { Type: 'Fail', Error: 'Bad', Cause: 'why' }));
    expect(r.outcome).toEqual({ status: 'FAILED', error: 'Bad', cause: 'why' });
    expect(r.events.map((e) => e.type)).toEqual(['ExecutionStarted', 'FailStateEntered', 'ExecutionFailed']);
  });

  it('Fail without Error and Cause reports neither', async () => {
    const r = await runDefinition(oneState('F', { Type: 'Fail' }));
    expect(r.outcome).toEqual({ status: 'FAILED' });
    expect(r.events.at(-1)?.executionFailedEventDetails).toEqual({});
  });

  it('Fail reads ErrorPath and CausePath, including intrinsic functions', async () => {
    const r = await runDefinition(
      oneState('F', { Type: 'Fail', ErrorPath: '$.e', CausePath: "States.Format('because {}', $.c)" }),
      { e: 'E1', c: 'reasons' },
    );
    expect(r.outcome).toEqual({ status: 'FAILED', error: 'E1', cause: 'because reasons' });
  });
});

describe('variables', () => {
  it('makes assigned values visible from the next state, not the same one', async () => {
    const r = await runDefinition(
      {
        StartAt: 'A',
        States: {
          A: { Type: 'Pass', Assign: { x: 1 }, Next: 'B' },
          B: { Type: 'Pass', Assign: { x: 2, 'old.$': '$x' }, Next: 'C' },
          C: { Type: 'Pass', Parameters: { 'x.$': '$x', 'old.$': '$old' }, End: true },
        },
      },
      {},
    );
    expect(r.output).toEqual({ x: 2, old: 1 });
  });

  it('records assigned variables in the exit event as JSON strings', async () => {
    const r = await runDefinition(oneState('A', { Type: 'Pass', Assign: { x: { a: 1 } }, End: true }));
    expect(r.events[2]?.stateExitedEventDetails?.assignedVariables).toEqual({ x: '{"a":1}' });
  });
});
