/**
 * One state, run once, the way TestState runs it: the data-flow steps are recorded as inspection data, a
 * mock stands in for the Task's service call (or the Map's or Parallel's iterations), and instead of retrying or
 * moving on, the answer says what the execution would do next (RETRIABLE, CAUGHT_ERROR and its Next state).
 */
import { isStatesError, StatesError, StatesErrorName, StatesRuntimeError } from '../errors';
import { evaluateJsonataTyped } from '../jsonata';
import { applyResultPath, evaluatePayloadTemplate, selectPath } from '../jsonpath';
import { stringifyJson } from '../json';
import type { Json } from '../json';
import { parseResource } from '../resource';
import { errorMatches, RETRY_DEFAULTS } from '../retry';
import type { StateResult } from '../state-run';
import { runChoice } from '../states/choice';
import { runFail } from '../states/fail';
import { mapNumber } from '../states/map-fields';
import { runPass } from '../states/pass';
import { runSucceed } from '../states/succeed';
import { TestStateRun, testFrame } from './test-run';
import type { ErrorDetails, InspectionData, TestStateParams, TestStatePorts, TestStateResult } from './types';
import { TestStateRefusal } from './types';

type Recorder = (field: keyof InspectionData, value: Json) => void;

/** Runs the tested state once. Throws TestStateRefusal for a request AWS refuses once the data is known. */
export async function testState(params: TestStateParams, ports: TestStatePorts): Promise<TestStateResult> {
  checkMockShape(params);
  const now = ports.clock.now();
  const frame = testFrame(params, ports, now);
  const run = new TestStateRun(params, frame, now);
  run.retryCount = params.configuration.retrierRetryCount ?? 0;
  const inspection: InspectionData = {};
  const record: Recorder = (field, value) => {
    if (typeof value === 'number' && (field === 'maxConcurrency' || field.startsWith('tolerated'))) {
      (inspection as Record<string, unknown>)[field] = value;
    } else (inspection as Record<string, unknown>)[field] = stringifyJson(value);
  };
  const details: ErrorDetails = {};
  let result: TestStateResult;
  try {
    const done = await evaluate(run, params, record);
    if (done.assigned !== undefined) frame.variables.assign(done.assigned);
    result = {
      status: 'SUCCEEDED',
      output: stringifyJson(done.output),
      ...(done.next !== undefined ? { nextState: done.next } : {}),
    };
  } catch (e) {
    if (e instanceof TestStateRefusal) throw e;
    result = await handleError(run, params, run.toStatesError(e), details, frame.variables);
  }
  if (frame.variables.size > 0) record('variables', Object.fromEntries(frame.variables));
  if (Object.keys(details).length > 0) inspection.errorDetails = details;
  return params.inspectionLevel === 'INFO' ? result : { ...result, inspectionData: inspection };
}

async function evaluate(run: TestStateRun, params: TestStateParams, record: Recorder): Promise<StateResult> {
  const { state } = run;
  record('input', run.input);
  switch (state.Type) {
    case 'Pass':
      if (!run.isJsonata) {
        if (state.Result !== undefined) {
          record('result', state.Result);
          recordResultSteps(run, state.Result, record);
        } else {
          const effective = run.effectiveInput();
          record('afterInputPath', effective);
          const parameters = run.parameters(effective);
          record('afterParameters', parameters);
          recordResultSteps(run, parameters, record);
        }
      }
      return runPass(run);
    case 'Choice':
    case 'Succeed':
    case 'Fail':
      if (!run.isJsonata) record('afterInputPath', run.effectiveInput());
      if (state.Type === 'Choice') return runChoice(run);
      if (state.Type === 'Succeed') return runSucceed(run);
      return runFail(run);
    case 'Wait': {
      // The wait itself is skipped: TestState answers at once.
      const effective = run.isJsonata ? run.input : run.effectiveInput();
      if (!run.isJsonata) record('afterInputPath', effective);
      return run.finishWithInput(effective, run.next);
    }
    case 'Task':
      return evaluateTask(run, params, record);
    case 'Map':
      return evaluateMap(run, params, record);
    case 'Parallel': {
      const result = mockedResult(params);
      if (!run.isJsonata) recordResultSteps(run, result, record);
      return run.finishWithResult(result);
    }
  }
}

async function evaluateTask(run: TestStateRun, params: TestStateParams, record: Recorder): Promise<StateResult> {
  let request: Json;
  if (run.isJsonata) {
    request = await run.request();
    record('afterArguments', request);
  } else {
    const effective = run.effectiveInput();
    record('afterInputPath', effective);
    request = run.parameters(effective);
    record('afterParameters', request);
  }
  const result = params.mock !== undefined ? mockedResult(params) : await invokeTask(run, request);
  record('result', result);
  if (!run.isJsonata) recordResultSteps(run, result, record);
  return run.finishWithResult(result);
}

async function evaluateMap(run: TestStateRun, params: TestStateParams, record: Recorder): Promise<StateResult> {
  const { state } = run;
  const effective = run.isJsonata ? run.input : run.effectiveInput();
  if (!run.isJsonata) record('afterInputPath', effective);
  const items = await mapItems(run, params, effective);
  if (items !== undefined && !run.isJsonata && state.ItemReader === undefined) record('afterItemsPath', items);
  const selector = state.ItemSelector ?? (run.isJsonata ? undefined : state.Parameters);
  if (items !== undefined && selector !== undefined && !run.isJsonata) {
    record(
      'afterItemSelector',
      items.map((value, index) =>
        evaluatePayloadTemplate(selector, run.pathScope(effective, { mapItem: { Index: index, Value: value } })),
      ),
    );
  }
  record('maxConcurrency', (await mapNumber(run, 'MaxConcurrency', effective)) ?? 0);
  const count = await mapNumber(run, 'ToleratedFailureCount', effective);
  const percentage = await mapNumber(run, 'ToleratedFailurePercentage', effective);
  if (count !== undefined) record('toleratedFailureCount', count);
  if (percentage !== undefined) record('toleratedFailurePercentage', percentage);
  const failures = params.configuration.mapIterationFailureCount;
  if (failures !== undefined && items !== undefined && failures > items.length) {
    throw new TestStateRefusal(
      'Map iteration failure count must be less than or equal to the number of Map iterations',
    );
  }
  if (failures !== undefined && failures > 0) {
    const total = items?.length ?? failures;
    const overCount = count !== undefined && failures > count;
    const overPercentage = percentage !== undefined && total > 0 && (failures * 100) / total > percentage;
    if (overCount || overPercentage) {
      throw new StatesError(
        StatesErrorName.ExceedToleratedFailureThreshold,
        'The specified tolerated failure threshold was exceeded',
      );
    }
  }
  const result = mockedResult(params);
  if (!run.isJsonata) recordResultSteps(run, result, record);
  return run.finishWithResult(result);
}

/** The Map's items: Items / ItemsPath over the input, or the mocked ItemReader data; undefined when unknowable. */
async function mapItems(run: TestStateRun, params: TestStateParams, effective: Json): Promise<Json[] | undefined> {
  const { state } = run;
  if (state.ItemReader !== undefined) {
    const data = params.configuration.mapItemReaderData;
    return Array.isArray(data) ? data : undefined;
  }
  if (run.isJsonata) {
    if (state.Items !== undefined) {
      return (await evaluateJsonataTyped(state.Items, 'Items', 'array', run.bindings())) as Json[];
    }
    return Array.isArray(run.input) ? run.input : undefined;
  }
  const path = state.ItemsPath ?? '$';
  const items = selectPath(path, run.pathScope(effective));
  if (!Array.isArray(items)) {
    // AWS names a context path relative to the context object: "$$.Execution.Input" is reported as "$.Execution.Input".
    const shown = path.startsWith('$$') ? path.slice(1) : path;
    throw new StatesError(StatesErrorName.Runtime, `Reference path "${shown}" must point to array.`);
  }
  return items;
}

/** ResultSelector then ResultPath, as inspection data (the state's own pipeline computes the output). */
function recordResultSteps(run: TestStateRun, result: Json, record: Recorder): void {
  const { state } = run;
  const selected =
    state.ResultSelector === undefined ? result : evaluatePayloadTemplate(state.ResultSelector, run.pathScope(result));
  record('afterResultSelector', selected);
  record('afterResultPath', applyResultPath(run.input, state.ResultPath, selected));
}

function mockedResult(params: TestStateParams): Json {
  const mock = params.mock;
  if (mock === undefined) throw new StatesRuntimeError('TestState runs Map and Parallel states only with a mock.');
  if ('errorOutput' in mock) throw new StatesError(mock.errorOutput.error, mock.errorOutput.cause);
  return mock.result;
}

/** Refusals that depend only on the state and its mock. */
function checkMockShape(params: TestStateParams): void {
  const { mock, state } = params;
  if (mock === undefined || !('result' in mock)) return;
  if (state.Type === 'Map' && state.ResultWriter === undefined && !Array.isArray(mock.result)) {
    throw new TestStateRefusal('Mocked result must be an array.');
  }
  if (state.Type === 'Parallel') {
    if (!Array.isArray(mock.result)) throw new TestStateRefusal('Mocked result must be an array.');
    if (mock.result.length !== (state.Branches ?? []).length) {
      throw new TestStateRefusal('Mocked result must contain the same number of items as number of Parallel branches.');
    }
  }
}

/**
 * Without a mock, the Task calls its integration for real, request-response only: the service call happens and its
 * response is the result; a `.sync` or `.waitForTaskToken` Task needs a mock, as on AWS.
 */
async function invokeTask(run: TestStateRun, parameters: Json): Promise<Json> {
  const resource = parseResource(run.state.Resource ?? '');
  if (resource.pattern !== 'request-response') {
    throw new TestStateRefusal(
      `TestState does not support the ${resource.pattern === 'waitForTaskToken' ? '.waitForTaskToken' : '.sync'} integration pattern when a mock is not specified.`,
    );
  }
  return run.ports.tasks.run({
    resource: run.state.Resource ?? '',
    parameters,
    pattern: resource.pattern,
    executionArn: run.frame.runtime.params.executionArn,
    stateName: run.name,
    signal: run.frame.signal,
  });
}

/** What the execution would do with the error: retry it, catch it, or fail. */
async function handleError(
  run: TestStateRun,
  params: TestStateParams,
  error: StatesError,
  details: ErrorDetails,
  variables: TestStateRun['frame']['variables'],
): Promise<TestStateResult> {
  const failed = {
    ...(error.error !== null ? { error: error.error } : {}),
    ...(error.cause !== null ? { cause: error.cause } : {}),
  };
  const { state } = run;
  const handles = state.Type === 'Task' || state.Type === 'Map' || state.Type === 'Parallel';
  if (!handles || !isStatesError(error)) return { status: 'FAILED', ...failed };
  const retriers = state.Retry ?? [];
  const retryIndex = retriers.findIndex((r) => errorMatches(r.ErrorEquals, error));
  if (retryIndex >= 0) {
    details.retryIndex = retryIndex;
    const retrier = retriers[retryIndex]!;
    const done = params.configuration.retrierRetryCount ?? 0;
    if (done < (retrier.MaxAttempts ?? RETRY_DEFAULTS.MaxAttempts)) {
      let seconds =
        (retrier.IntervalSeconds ?? RETRY_DEFAULTS.IntervalSeconds) *
        Math.pow(retrier.BackoffRate ?? RETRY_DEFAULTS.BackoffRate, done);
      if (retrier.MaxDelaySeconds !== undefined) seconds = Math.min(seconds, retrier.MaxDelaySeconds);
      details.retryBackoffIntervalSeconds = seconds;
      return { status: 'RETRIABLE', ...failed };
    }
  }
  const catchIndex = (state.Catch ?? []).findIndex((c) => errorMatches(c.ErrorEquals, error));
  if (catchIndex < 0) return { status: 'FAILED', ...failed };
  details.catchIndex = catchIndex;
  const caught = await run.applyCatcher(state.Catch![catchIndex]!, error);
  if (caught.assigned !== undefined) variables.assign(caught.assigned);
  return {
    status: 'CAUGHT_ERROR',
    ...failed,
    output: stringifyJson(caught.output),
    ...(caught.next !== undefined ? { nextState: caught.next } : {}),
  };
}
