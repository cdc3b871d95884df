import { asHalt, Halt, isHalt, linkedController, raceAbort } from '../abort';
import { isStatesError, StatesError, StatesErrorName, StatesRuntimeError, StatesTimeoutError } from '../errors';
import { evaluateJsonataTyped, isJsonataTemplate } from '../jsonata';
import { evaluateFieldPath } from '../jsonpath';
import { stringifyJson } from '../json';
import type { Json } from '../json';
import { parseResource } from '../resource';
import type { ParsedResource } from '../resource';
import { HEARTBEAT } from '../retry';
import type { StateResult, StateRun } from '../state-run';
import { withRetryAndCatch } from './retry-loop';

/** AWS's default for TimeoutSeconds and HeartbeatSeconds: effectively none. */
const NO_TIMEOUT = 99999999;

/**
 * Task: evaluates its request, hands it to the TaskRunner port (and, for `.waitForTaskToken`, waits for
 * SendTaskSuccess/Failure through the TaskTokenBroker), under TimeoutSeconds and HeartbeatSeconds.
 */
export async function runTask(run: StateRun): Promise<StateResult> {
  const resource = parseResource(run.state.Resource ?? '');
  return withRetryAndCatch(run, async () => {
    // An activity's worker answers with the task token GetActivityTask handed it, as a callback task does.
    const activity = resource.resourceType === 'activity';
    const token = resource.pattern === 'request-response' && !activity ? undefined : newTaskToken(run);
    run.taskToken = token;
    const parameters = await run.request();
    const timeoutSeconds = await secondsField(run, 'TimeoutSeconds');
    const heartbeatSeconds = await secondsField(run, 'HeartbeatSeconds');
    const names = { resourceType: resource.resourceType, resource: resource.resource };
    const { log } = run.frame.runtime;
    if (activity) {
      log.append(run.frame.thread, {
        type: 'ActivityScheduled',
        activityScheduledEventDetails: {
          resource: run.state.Resource ?? '',
          input: stringifyJson(parameters),
          inputDetails: { truncated: false },
          ...(timeoutSeconds !== undefined ? { timeoutInSeconds: timeoutSeconds } : {}),
          ...(heartbeatSeconds !== undefined ? { heartbeatInSeconds: heartbeatSeconds } : {}),
        },
      });
    } else {
      log.append(run.frame.thread, {
        type: 'TaskScheduled',
        taskScheduledEventDetails: {
          ...names,
          region: run.frame.runtime.params.region,
          parameters: stringifyJson(parameters),
          ...(timeoutSeconds !== undefined ? { timeoutInSeconds: timeoutSeconds } : {}),
          ...(heartbeatSeconds !== undefined ? { heartbeatInSeconds: heartbeatSeconds } : {}),
        },
      });
      log.append(run.frame.thread, { type: 'TaskStarted', taskStartedEventDetails: names });
    }
    let result: Json;
    try {
      result = await invoke(run, resource, parameters, token, timeoutSeconds, heartbeatSeconds);
    } catch (e) {
      if (isHalt(e)) throw e;
      const error = isStatesError(e) ? e : new StatesError(StatesErrorName.TaskFailed, String(e));
      const details = {
        ...names,
        ...(error.error !== null ? { error: error.error } : {}),
        ...(error.cause !== null ? { cause: error.cause } : {}),
      };
      const timedOut = error.error === StatesErrorName.Timeout;
      if (activity) {
        const { error: name, cause } = details;
        const fields = { ...(name !== undefined ? { error: name } : {}), ...(cause !== undefined ? { cause } : {}) };
        if (timedOut) log.append(run.frame.thread, { type: 'ActivityTimedOut', activityTimedOutEventDetails: fields });
        else log.append(run.frame.thread, { type: 'ActivityFailed', activityFailedEventDetails: fields });
      } else if (timedOut) log.append(run.frame.thread, { type: 'TaskTimedOut', taskTimedOutEventDetails: details });
      else log.append(run.frame.thread, { type: 'TaskFailed', taskFailedEventDetails: details });
      throw error;
    }
    const output = { output: stringifyJson(result), outputDetails: { truncated: false } };
    if (activity) log.append(run.frame.thread, { type: 'ActivitySucceeded', activitySucceededEventDetails: output });
    else log.append(run.frame.thread, { type: 'TaskSucceeded', taskSucceededEventDetails: { ...names, ...output } });
    return run.finishWithResult(result);
  });
}

async function invoke(
  run: StateRun,
  resource: ParsedResource,
  parameters: Json,
  token: string | undefined,
  timeoutSeconds: number | undefined,
  heartbeatSeconds: number | undefined,
): Promise<Json> {
  const { ports, log } = run.frame.runtime;
  const { controller, release } = linkedController(run.frame.signal);
  const timers = new AbortController();
  const expire = (error: StatesError): void => controller.abort(error);
  if (timeoutSeconds !== undefined) {
    ports.clock.sleep(timeoutSeconds * 1000, timers.signal).then(
      // AWS reports a task timeout as bare States.Timeout, with no cause.
      () => expire(new StatesTimeoutError()),
      () => undefined,
    );
  }
  let heartbeatTimer: AbortController | undefined;
  const heartbeat = (): void => {
    if (heartbeatSeconds === undefined || timers.signal.aborted) return;
    heartbeatTimer?.abort();
    const current = new AbortController();
    heartbeatTimer = current;
    ports.clock.sleep(heartbeatSeconds * 1000, current.signal).then(
      () => {
        const error = new StatesTimeoutError();
        (error as unknown as Record<symbol, boolean>)[HEARTBEAT] = true;
        expire(error);
      },
      () => undefined,
    );
  };
  const submitted = (output: Json): void => {
    log.append(run.frame.thread, {
      type: 'TaskSubmitted',
      taskSubmittedEventDetails: {
        resourceType: resource.resourceType,
        resource: resource.resource,
        output: stringifyJson(output),
        outputDetails: { truncated: false },
      },
    });
  };
  const registration = token !== undefined ? ports.tokens.register(token, heartbeat) : undefined;
  let abandoned = false;
  // A task that settles after it was given up on must not surface as an unhandled rejection.
  registration?.result.catch(() => undefined);
  try {
    // An activity's heartbeat clock starts when a worker takes the task (ActivityStarted), not while it is queued.
    if (resource.resourceType !== 'activity') heartbeat();
    const request = {
      resource: run.state.Resource ?? '',
      parameters,
      pattern: resource.pattern,
      executionArn: run.frame.runtime.params.executionArn,
      stateName: run.name,
      signal: controller.signal,
      onHeartbeat: heartbeat,
      onActivityStarted: (workerName: string | undefined) => {
        log.append(run.frame.thread, {
          type: 'ActivityStarted',
          activityStartedEventDetails: workerName === undefined ? {} : { workerName },
        });
        heartbeat();
      },
      onSubmitted: submitted,
      ...(token !== undefined ? { taskToken: token } : {}),
      ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
      ...(heartbeatSeconds !== undefined ? { heartbeatSeconds } : {}),
    };
    const started = raceAbort(ports.tasks.run(request), controller.signal);
    if (registration === undefined) return await started;
    if (resource.pattern === 'waitForTaskToken') {
      submitted(await started);
      return await raceAbort(registration.result, controller.signal);
    }
    if (resource.resourceType === 'activity') {
      // Queued for a worker: the answer comes on the token.
      await started;
      return await raceAbort(registration.result, controller.signal);
    }
    // A `.sync` task has a token too ($$.Task.Token): SendTaskSuccess/Failure on it ends the task early, and the
    // work it was waiting on is then given up like a task that timed out.
    started.catch(() => undefined);
    const early = registration.result.then(
      (output) => ({ output }),
      (error: unknown) => ({ error }),
    );
    const outcome = await raceAbort(
      Promise.race([started.then((output) => ({ output, done: true })), early]),
      controller.signal,
    );
    abandoned = !('done' in outcome);
    if ('error' in outcome) throw outcome.error;
    return outcome.output;
  } catch (e) {
    throw controller.signal.aborted ? asHalt(controller.signal.reason) : e;
  } finally {
    if (abandoned) controller.abort(new Halt('stop'));
    timers.abort();
    heartbeatTimer?.abort();
    registration?.dispose();
    release();
  }
}

/** TimeoutSeconds / HeartbeatSeconds and their Path and JSONata forms; undefined when not set. */
async function secondsField(run: StateRun, name: 'TimeoutSeconds' | 'HeartbeatSeconds'): Promise<number | undefined> {
  const { state } = run;
  let value: unknown = state[name];
  if (run.isJsonata && isJsonataTemplate(value)) {
    value = await evaluateJsonataTyped(value, name, 'integer', run.bindings());
  }
  const path = state[`${name}Path`];
  if (value === undefined && path !== undefined) {
    value = evaluateFieldPath(path, `${name}Path`, run.pathScope(run.effectiveInput()));
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
      throw new StatesRuntimeError(
        `The ${name}Path field refers to value "${stringifyJson(value)}" which is not a valid positive integer: ${path}`,
      );
    }
  }
  if (value === undefined || value === NO_TIMEOUT) return undefined;
  return Number(value);
}

/** Opaque and unguessable: two random UUIDs, base64url-encoded (well under AWS's 1024-character limit). */
function newTaskToken(run: StateRun): string {
  const { ids } = run.ports;
  return Buffer.from(`${ids.uuid()}${ids.uuid()}`.replace(/-/g, ''), 'hex').toString('base64url');
}
