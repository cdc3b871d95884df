/**
 * A tiny stand-in for the interpreter, so the runtime is tested without it: the start state's Type picks the
 * behaviour (Pass succeeds with the input, Fail fails, Wait sleeps on the clock, Task waits for a token or
 * calls the task runner).
 */
import type { NewHistoryEvent } from '../../../src/engine/events';
import type { ExecutionOutcome, ExecutionParams, RunExecutionOptions, StopReason } from '../../../src/engine/execution';
import { isStatesError } from '../../../src/engine/errors';
import type { EngineBinding } from '../../../src/runtime/engine-binding';

export async function fakeRunExecution(
  params: ExecutionParams,
  options: RunExecutionOptions,
): Promise<ExecutionOutcome> {
  const { ports, events, signal } = options;
  let id = 0;
  const emit = (event: NewHistoryEvent): void => {
    id += 1;
    events.append({ ...event, id, previousEventId: id - 1, timestamp: ports.clock.now() });
  };
  const aborted = (): ExecutionOutcome => {
    const given = (signal?.reason ?? {}) as StopReason;
    const reason: StopReason = {};
    if (given.error !== undefined) reason.error = given.error;
    if (given.cause !== undefined) reason.cause = given.cause;
    emit({ type: 'ExecutionAborted', executionAbortedEventDetails: reason });
    return { status: 'ABORTED', ...reason };
  };
  emit({
    type: 'ExecutionStarted',
    executionStartedEventDetails: {
      input: params.inputText,
      inputDetails: { truncated: false },
      roleArn: params.roleArn,
    },
  });
  const state = params.definition.States[params.definition.StartAt]!;
  emit({
    type: `${state.Type}StateEntered` as NewHistoryEvent['type'],
    stateEnteredEventDetails: {
      name: params.definition.StartAt,
      input: params.inputText,
      inputDetails: { truncated: false },
    },
  });
  let output = params.inputText;
  try {
    if (state.Type === 'Wait') {
      await ports.clock.sleep(Number(state.Seconds) * 1000, signal);
    } else if (state.Type === 'Fail') {
      const failure: { error?: string; cause?: string } = {};
      if (state.Error !== undefined) failure.error = state.Error;
      if (state.Cause !== undefined) failure.cause = state.Cause;
      emit({ type: 'ExecutionFailed', executionFailedEventDetails: failure });
      return { status: 'FAILED', ...failure };
    } else if (state.Type === 'Task') {
      const resource = state.Resource ?? '';
      if (resource.endsWith('.waitForTaskToken')) {
        const token = ports.ids.uuid();
        const registration = ports.tokens.register(token, () =>
          emit({ type: 'TaskStarted', taskStartedEventDetails: { resourceType: 'test', resource: 'heartbeat' } }),
        );
        emit({
          type: 'TaskScheduled',
          taskScheduledEventDetails: {
            resourceType: 'test',
            resource,
            region: params.region,
            parameters: JSON.stringify({ token }),
          },
        });
        try {
          const abortedPromise = new Promise<never>((_, reject) =>
            signal?.addEventListener('abort', () => reject(signal.reason as Error)),
          );
          output = JSON.stringify(await Promise.race([registration.result, abortedPromise]));
        } finally {
          registration.dispose();
        }
      } else {
        output = JSON.stringify(
          await ports.tasks.run({
            resource,
            parameters: {},
            pattern: 'request-response',
            executionArn: params.executionArn,
            stateName: params.definition.StartAt,
            signal: signal ?? new AbortController().signal,
          }),
        );
      }
    }
  } catch (error) {
    if (signal?.aborted) return aborted();
    if (isStatesError(error)) {
      const failure: { error?: string; cause?: string } = {};
      if (error.error !== null) failure.error = error.error;
      if (error.cause !== null) failure.cause = error.cause;
      emit({ type: 'ExecutionFailed', executionFailedEventDetails: failure });
      return { status: 'FAILED', ...failure };
    }
    throw error;
  }
  emit({ type: 'ExecutionSucceeded', executionSucceededEventDetails: { output, outputDetails: { truncated: false } } });
  return { status: 'SUCCEEDED', output };
}

export const fakeEngine: EngineBinding = {
  runExecution: fakeRunExecution,
  validateDefinition(text) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return {
        result: 'FAIL',
        diagnostics: [{ severity: 'ERROR', code: 'INVALID_JSON_DESCRIPTION', message: 'not JSON' }],
      };
    }
    const missing = ['States', 'StartAt'].filter(
      (k) => !(typeof parsed === 'object' && parsed !== null && k in parsed),
    );
    if (missing.length > 0) {
      return {
        result: 'FAIL',
        diagnostics: [
          {
            severity: 'ERROR',
            code: 'SCHEMA_VALIDATION_FAILED',
            message: `These fields are required: [${missing.join(', ')}]`,
            location: '/',
          },
          { severity: 'WARNING', code: 'SOME_WARNING', message: 'a warning' },
        ],
      };
    }
    return { result: 'OK', diagnostics: [{ severity: 'WARNING', code: 'SOME_WARNING', message: 'a warning' }] };
  },
  invalidDefinitionMessage(result) {
    const d = result.diagnostics[0]!;
    return `Invalid State Machine Definition: '${d.code}: ${d.message} at ${d.location ?? '/'}'`;
  },
};

export const PASS = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
export const WAIT = JSON.stringify({ StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 3600, End: true } } });
export const FAIL = JSON.stringify({ StartAt: 'F', States: { F: { Type: 'Fail', Error: 'Boom', Cause: 'it broke' } } });
export const CALLBACK = JSON.stringify({
  StartAt: 'T',
  States: { T: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', End: true } },
});
export const TASK = JSON.stringify({
  StartAt: 'T',
  States: { T: { Type: 'Task', Resource: 'arn:aws:states:::ecs:runTask.sync', End: true } },
});
