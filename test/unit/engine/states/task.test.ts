import { StatesError } from '../../../../src/engine';
import type { Json, TaskRequest, TaskRunner, TaskTokenBroker } from '../../../../src/engine';
import { oneState, runDefinition } from '../../../support/run-definition';
import { VirtualClock, flush } from '../../../support/virtual-clock';

const RESOURCE = 'arn:aws:states:::ecs:runTask.sync';

/** A runner that fails the first `failures` calls with `error`, then returns `{ok: n}`. */
function flaky(failures: number, error = 'Spot.Interrupted'): TaskRunner & { calls: TaskRequest[] } {
  const calls: TaskRequest[] = [];
  return {
    calls,
    run(req) {
      calls.push(req);
      return calls.length <= failures
        ? Promise.reject(new StatesError(error, `attempt ${calls.length}`))
        : Promise.resolve({ ok: calls.length });
    },
  };
}

describe('Task', () => {
  it('passes the evaluated Parameters to the runner and records the task events', async () => {
    const tasks = flaky(0);
    const r = await runDefinition(
      oneState('T', {
        Type: 'Task',
        Resource: RESOURCE,
        Parameters: { 'doc.$': '$.doc' },
        ResultPath: '$.result',
        End: true,
      }),
      { doc: 'a.png' },
      { tasks },
    );
    expect(tasks.calls[0]).toMatchObject({ parameters: { doc: 'a.png' }, pattern: 'sync', stateName: 'T' });
    expect(r.output).toEqual({ doc: 'a.png', result: { ok: 1 } });
    expect(r.events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(r.events[2]?.taskScheduledEventDetails).toMatchObject({
      resourceType: 'ecs',
      resource: 'runTask.sync',
      parameters: '{"doc":"a.png"}',
    });
  });

  it('retries with back-off on the clock, then succeeds', async () => {
    const tasks = flaky(2);
    const clock = new VirtualClock();
    const r = await runDefinition(
      oneState('T', {
        Type: 'Task',
        Resource: RESOURCE,
        Retry: [{ ErrorEquals: ['Spot.Interrupted'], IntervalSeconds: 2, BackoffRate: 3 }],
        End: true,
      }),
      {},
      { tasks, clock },
    );
    expect(r.output).toEqual({ ok: 3 });
    expect(clock.sleeps).toEqual([2000, 6000]);
    expect(r.events.filter((e) => e.type === 'TaskFailed')).toHaveLength(2);
    expect(r.events.filter((e) => e.type === 'TaskStateEntered')).toHaveLength(1);
  });

  it('exposes the retry count as $$.State.RetryCount', async () => {
    const tasks = flaky(1);
    await runDefinition(
      oneState('T', {
        Type: 'Task',
        Resource: RESOURCE,
        Parameters: { 'n.$': '$$.State.RetryCount' },
        Retry: [{ ErrorEquals: ['States.ALL'] }],
        End: true,
      }),
      {},
      { tasks },
    );
    expect(tasks.calls.map((c) => c.parameters)).toEqual([{ n: 0 }, { n: 1 }]);
  });

  it('catches an exhausted error into ResultPath and goes to the catcher’s Next', async () => {
    const tasks = flaky(10, 'Boom');
    const r = await runDefinition(
      {
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: RESOURCE,
            Retry: [{ ErrorEquals: ['Boom'], MaxAttempts: 1 }],
            Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Dlq', ResultPath: '$.error' }],
            End: true,
          },
          Dlq: { Type: 'Pass', End: true },
        },
      },
      { doc: 'x' },
      { tasks },
    );
    expect(tasks.calls).toHaveLength(2);
    expect(r.output).toEqual({ doc: 'x', error: { Error: 'Boom', Cause: 'attempt 2' } });
    const types = r.events.map((e) => e.type);
    expect(types.slice(-4)).toEqual(['TaskStateExited', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
  });

  it('hands a JSONata catcher $states.errorOutput', async () => {
    const r = await runDefinition(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: RESOURCE,
            Catch: [
              {
                ErrorEquals: ['States.TaskFailed'],
                Next: 'Done',
                Output: '{% {"why": $states.errorOutput.Cause, "in": $states.input.k} %}',
              },
            ],
            End: true,
          },
          Done: { Type: 'Pass', End: true },
        },
      },
      { k: 1 },
      { tasks: flaky(1, 'States.TaskFailed') },
    );
    expect(r.output).toEqual({ why: 'attempt 1', in: 1 });
  });

  it('times a task out after TimeoutSeconds with States.Timeout and aborts its work', async () => {
    let signal: AbortSignal | undefined;
    const tasks: TaskRunner = {
      run(req) {
        signal = req.signal;
        return new Promise<Json>(() => undefined);
      },
    };
    const r = await runDefinition(
      oneState('T', { Type: 'Task', Resource: RESOURCE, TimeoutSeconds: 30, End: true }),
      {},
      { tasks },
    );
    expect(r.outcome).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    expect(r.events.map((e) => e.type)).toContain('TaskTimedOut');
    expect(signal?.aborted).toBe(true);
  });

  it('waits for SendTaskSuccess with .waitForTaskToken and passes the token in the context', async () => {
    const registered = new Map<string, (v: Json) => void>();
    const tokens: TaskTokenBroker = {
      register(token) {
        let resolve!: (v: Json) => void;
        const result = new Promise<Json>((r) => (resolve = r));
        registered.set(token, resolve);
        return { result, dispose: () => registered.delete(token) };
      },
    };
    const seen: Json[] = [];
    const tasks: TaskRunner = {
      run(req) {
        seen.push(req.parameters);
        setImmediate(() => registered.get(req.taskToken ?? '')?.({ answered: true }));
        return Promise.resolve({ MessageId: 'm1' });
      },
    };
    const r = await runDefinition(
      oneState('T', {
        Type: 'Task',
        Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
        Parameters: { 'token.$': '$$.Task.Token' },
        End: true,
      }),
      {},
      { tasks, tokens },
    );
    expect(r.output).toEqual({ answered: true });
    expect(typeof (seen[0] as { token: string }).token).toBe('string');
    expect(registered.size).toBe(0);
  });

  it('fails a token task whose heartbeat is missed with States.Timeout, caught by States.HeartbeatTimeout', async () => {
    const clock = new VirtualClock(undefined, false);
    let beat: (() => void) | undefined;
    const tokens: TaskTokenBroker = {
      register: (_token, onHeartbeat) => {
        beat = onHeartbeat;
        return { result: new Promise<Json>(() => undefined), dispose: () => undefined };
      },
    };
    const tasks: TaskRunner = { run: () => Promise.resolve({}) };
    const pending = runDefinition(
      {
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: 'arn:aws:states:::ecs:runTask.waitForTaskToken',
            HeartbeatSeconds: 10,
            TimeoutSeconds: 100,
            Catch: [{ ErrorEquals: ['States.HeartbeatTimeout'], Next: 'Late' }],
            End: true,
          },
          Late: { Type: 'Pass', End: true },
        },
      },
      {},
      { tasks, tokens, clock },
    );
    await flush();
    await clock.advance(8000);
    beat?.();
    await clock.advance(8000);
    await flush();
    expect(clock.now() - Date.UTC(2026, 10, 21, 12)).toBe(16000);
    await clock.advance(5000);
    const r = await pending;
    // AWS gives a missed heartbeat no cause.
    expect(r.output).toMatchObject({ Error: 'States.Timeout' });
    expect((r.output as { Cause?: unknown }).Cause ?? null).toBeNull();
    const timedOut = r.events.find((e) => e.type === 'TaskTimedOut');
    expect(timedOut?.taskTimedOutEventDetails).toEqual({
      resourceType: 'ecs',
      resource: 'runTask.waitForTaskToken',
      error: 'States.Timeout',
    });
    expect(r.events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskTimedOut']),
    );
  });

  it('gives a .sync task a token, and SendTaskSuccess on it ends the task before its work does', async () => {
    let settle: ((output: Json) => void) | undefined;
    const tokens: TaskTokenBroker = {
      register: () => ({ result: new Promise<Json>((resolve) => (settle = resolve)), dispose: () => undefined }),
    };
    let signal: AbortSignal | undefined;
    const tasks: TaskRunner = {
      run: (request) => {
        signal = request.signal;
        setImmediate(() => settle?.({ early: request.parameters }));
        return new Promise<Json>(() => undefined);
      },
    };
    const r = await runDefinition(
      oneState('T', {
        Type: 'Task',
        Resource: 'arn:aws:states:::states:startExecution.sync',
        Parameters: { 'Token.$': '$$.Task.Token' },
        End: true,
      }),
      {},
      { tasks, tokens },
    );
    expect(r.output).toEqual({ early: { Token: expect.any(String) } });
    // The child work is given up, as when the task times out.
    expect(signal?.aborted).toBe(true);
  });

  it('records what a .waitForTaskToken task submitted as TaskSubmitted, then waits for the token', async () => {
    const tokens: TaskTokenBroker = {
      register: () => ({ result: Promise.resolve('"answer"' as Json), dispose: () => undefined }),
    };
    const tasks: TaskRunner = { run: () => Promise.resolve({ MessageId: 'm-1' }) };
    const r = await runDefinition(
      oneState('T', { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', End: true }),
      {},
      { tasks, tokens },
    );
    expect(r.output).toBe('"answer"');
    const types = r.events.map((e) => e.type);
    expect(types.slice(2, 6)).toEqual(['TaskScheduled', 'TaskStarted', 'TaskSubmitted', 'TaskSucceeded']);
    expect(r.events[4]?.taskSubmittedEventDetails).toEqual({
      resourceType: 'sqs',
      resource: 'sendMessage.waitForTaskToken',
      output: '{"MessageId":"m-1"}',
      outputDetails: { truncated: false },
    });
  });

  it('never retries or catches States.Runtime', async () => {
    const r = await runDefinition(
      {
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: RESOURCE,
            InputPath: '$.nope',
            Retry: [{ ErrorEquals: ['States.ALL'] }],
            Catch: [{ ErrorEquals: ['States.ALL'], Next: 'C' }],
            End: true,
          },
          C: { Type: 'Pass', End: true },
        },
      },
      {},
      { tasks: flaky(0) },
    );
    expect(r.outcome).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
  });
});
