/**
 * The ASL interpreter: runs a state machine from StartAt to its end, one state at a time, emitting the history
 * events AWS would, and turns the result into the execution's outcome.
 */
import { asHalt, Halt, isHalt, linkedController, throwIfAborted } from './abort';
import type { StateDefinition, StateMachineDefinition, StateType } from './asl';
import { DataLimitExceededError, isStatesError, StatesError, StatesErrorName } from './errors';
import type { HistoryEventType } from './events';
import type { ExecutionOutcome, ExecutionParams, RunExecutionOptions, StopReason } from './execution';
import type { ExecutionRuntime, Frame } from './frame';
import { EventLog, EventThread } from './history';
import { jsonByteLength, jsonText, parseJsonKeepingText, stringifyJson } from './json';
import type { Json } from './json';
import { StateRun } from './state-run';
import type { StateResult } from './state-run';
import { runChoice } from './states/choice';
import { runFail } from './states/fail';
import { runMap } from './states/map';
import { runParallel } from './states/parallel';
import { runPass } from './states/pass';
import { runSucceed } from './states/succeed';
import { runTask } from './states/task';
import { runWait } from './states/wait';
import { VariableScope } from './variables';
import { formatTimestamp } from './time';
import { redrivePoint, type TaskAttemptFailure } from './redrive';
import { closeInterruptedAttempts } from './interrupted-attempts';

/** AWS's payload quota: 256 KiB of UTF-8 for any state's input or output. */
export const MAX_PAYLOAD_BYTES = 256 * 1024;

type StateHandler = (run: StateRun) => Promise<StateResult>;

/** One handler per state type; a missing one fails to compile. */
const HANDLERS: { [T in StateType]: StateHandler } = {
  Pass: runPass,
  Task: runTask,
  Choice: runChoice,
  Wait: runWait,
  Succeed: runSucceed,
  Fail: runFail,
  Parallel: runParallel,
  Map: runMap,
};

/** Runs one execution to its end. Never throws for anything the workflow does; the outcome says how it ended. */
export async function runExecution(params: ExecutionParams, options: RunExecutionOptions): Promise<ExecutionOutcome> {
  const { ports, events } = options;
  const prior = params.priorEvents ?? [];
  const resuming = prior.length > 0 && params.resume === true;
  const redriving = prior.length > 0 && !resuming;
  const lastPriorId = prior.at(-1)?.id ?? 0;
  const log = new EventLog(events, ports.clock, lastPriorId);
  const top = new EventThread(lastPriorId);
  const input = parseJsonKeepingText(params.inputText);
  const runtime: ExecutionRuntime = {
    params,
    ports,
    log,
    execution: {
      Id: params.executionArn,
      Input: input,
      Name: params.name,
      RoleArn: params.roleArn,
      StartTime: formatTimestamp(params.startTime),
      RedriveCount: params.redriveCount ?? 0,
      ...(redriving ? { RedriveTime: formatTimestamp(ports.clock.now()) } : {}),
    },
    stateMachine: { Id: params.stateMachineArn, Name: params.stateMachineName },
    runMachine,
  };
  const point = prior.length > 0 ? redrivePoint(prior) : undefined;
  if (redriving) {
    log.append(top, {
      type: 'ExecutionRedriven',
      executionRedrivenEventDetails: { redriveCount: params.redriveCount ?? 1 },
    });
  } else if (resuming) {
    closeInterruptedAttempts(prior, log, top);
  } else {
    log.append(top, {
      type: 'ExecutionStarted',
      executionStartedEventDetails: {
        input: params.inputText,
        inputDetails: { truncated: false },
        roleArn: params.roleArn,
        ...(params.stateMachineAliasArn !== undefined ? { stateMachineAliasArn: params.stateMachineAliasArn } : {}),
        ...(params.stateMachineVersionArn !== undefined
          ? { stateMachineVersionArn: params.stateMachineVersionArn }
          : {}),
      },
    });
  }
  const parent = options.signal ?? new AbortController().signal;
  const { controller, release } = linkedController(parent);
  // A redrive resets the execution's timeout; a new or resumed execution keeps the deadline from its start.
  const since = redriving ? ports.clock.now() : params.startTime;
  const timeout = executionTimeout(params.definition, controller, ports.clock, since);
  const frame: Frame = {
    runtime,
    thread: top,
    variables: new VariableScope(),
    queryLanguage: params.definition.QueryLanguage ?? 'JSONPath',
    paced: true,
    signal: controller.signal,
  };
  try {
    // An execution stopped before it entered any state (a Map Run child aborted early, a crash right after the
    // start) goes on from StartAt.
    const enteredAny = prior.some((e) => e.stateEnteredEventDetails !== undefined);
    if (point === undefined && enteredAny) {
      throw new StatesError(StatesErrorName.Runtime, 'The execution has no unfinished state to redrive from.');
    }
    if (point) frame.variables.assign(point.variables);
    const { text: output } = point
      ? await runStates(params.definition, point.input, frame, {
          startAt: point.stateName,
          ...(point.mapRunArn ? { mapRunArn: point.mapRunArn } : {}),
          ...(resuming
            ? { entered: { id: point.enteredEventId, time: point.enteredTimestamp, failures: point.failures } }
            : {}),
        })
      : await runStates(params.definition, input, frame);
    log.append(top, {
      type: 'ExecutionSucceeded',
      executionSucceededEventDetails: { output, outputDetails: { truncated: false } },
    });
    return { status: 'SUCCEEDED', output };
  } catch (e) {
    return fail(e, log, top, controller.signal);
  } finally {
    timeout.cancel();
    release();
  }
}

function fail(e: unknown, log: EventLog, top: EventThread, signal: AbortSignal): ExecutionOutcome {
  const halt = isHalt(e) ? e : signal.aborted ? asHalt(signal.reason) : undefined;
  if (halt instanceof Halt && halt.kind === 'execution-timeout') {
    // AWS names neither error nor cause for an execution that ran out of TimeoutSeconds: the status says it.
    log.append(top, { type: 'ExecutionTimedOut' });
    return { status: 'TIMED_OUT' };
  }
  if (halt !== undefined) {
    const reason = (halt instanceof Halt ? halt : {}) as StopReason;
    const details = withErrorDetails(reason.error ?? null, reason.cause ?? null);
    // AWS records a stopped execution's ExecutionAborted as following no event.
    log.append(top, { type: 'ExecutionAborted', executionAbortedEventDetails: details }, 0);
    return { status: 'ABORTED', ...details };
  }
  const error = isStatesError(e) ? e : new StatesError(StatesErrorName.Runtime, `Internal error: ${String(e)}`);
  const details = withErrorDetails(error.error, error.cause);
  log.append(top, { type: 'ExecutionFailed', executionFailedEventDetails: details });
  return { status: 'FAILED', ...details };
}

function withErrorDetails(error: string | null, cause: string | null): { error?: string; cause?: string } {
  return { ...(error !== null ? { error } : {}), ...(cause !== null ? { cause } : {}) };
}

function executionTimeout(
  definition: StateMachineDefinition,
  controller: AbortController,
  clock: ExecutionRuntime['ports']['clock'],
  since: number,
): { cancel(): void } {
  const seconds = definition.TimeoutSeconds;
  if (seconds === undefined) return { cancel: () => undefined };
  const timer = new AbortController();
  clock.sleep(Math.max(0, since + seconds * 1000 - clock.now()), timer.signal).then(
    () =>
      controller.abort(
        new Halt('execution-timeout', StatesErrorName.Timeout, `The execution timed out after ${seconds} seconds.`),
      ),
    () => undefined,
  );
  return { cancel: () => timer.abort() };
}

/** A state a crash interrupted: its Entered event, and the Task attempts that had already failed. */
interface ResumedState {
  id: number;
  time: number;
  failures: TaskAttemptFailure[];
}

/** Where a redriven or resumed machine restarts: the state, and the Map Run it continues if it is a Distributed Map. */
interface Restart {
  startAt: string;
  mapRunArn?: string;
  /** When resuming: the state goes on under its original Entered event instead of being entered again. */
  entered?: ResumedState;
}

/** A state's input or output together with its JSON text, which the history events carry. */
interface Payload {
  value: Json;
  text: string;
}

/** Runs `machine` from StartAt until a state ends it; returns the last output (Parallel branches, Map iterations). */
async function runMachine(machine: StateMachineDefinition, input: Json, frame: Frame): Promise<Json> {
  return (await runStates(machine, input, frame)).value;
}

/**
 * Runs `machine` from StartAt (or a redrive's or resume's restart state) until a state ends it. Each state's output
 * text is the next state's input text: serialised once, however large a batch it carries.
 */
async function runStates(
  machine: StateMachineDefinition,
  input: Json,
  frame: Frame,
  restart?: Restart,
): Promise<Payload> {
  let name = restart?.startAt ?? machine.StartAt;
  let current: Payload = { value: input, text: jsonText(input) };
  let redriveMapRunArn = restart?.mapRunArn;
  let entered = restart?.entered;
  for (;;) {
    throwIfAborted(frame.signal);
    const state = machine.States[name];
    if (state === undefined) {
      throw new StatesError(StatesErrorName.Runtime, `The state '${name}' does not exist in the definition.`);
    }
    const { output, next } = await runState(name, state, current, frame, redriveMapRunArn, entered);
    redriveMapRunArn = undefined;
    entered = undefined;
    if (next === undefined) return output;
    name = next;
    current = output;
  }
}

async function runState(
  name: string,
  state: StateDefinition,
  input: Payload,
  frame: Frame,
  redriveMapRunArn?: string,
  resumed?: ResumedState,
): Promise<{ output: Payload; next: string | undefined }> {
  const { log, ports } = frame.runtime;
  const enteredTime = resumed?.time ?? ports.clock.now();
  const enteredAfterId = frame.thread.lastEventId;
  const enteredId =
    resumed?.id ??
    log.append(
      frame.thread,
      {
        type: `${state.Type}StateEntered` as HistoryEventType,
        stateEnteredEventDetails: { name, input: input.text, inputDetails: { truncated: false } },
      },
      frame.thread.lastEventId,
      enteredTime,
    );
  // Paused only once entered: a history cut here (a crash) has this state open, and resuming runs it again. A cut
  // between the previous state's Exited event and this Entered event would leave nothing to resume from.
  const pause = frame.paced ? ports.pace?.() : undefined;
  if (pause !== undefined) {
    await pause;
    // Stopped meanwhile: the state's work does not start.
    throwIfAborted(frame.signal);
  }
  const run = new StateRun(name, state, input.value, frame, enteredId, enteredTime, enteredAfterId);
  run.redriveMapRunArn = redriveMapRunArn;
  if (resumed !== undefined) run.resumedFailures = resumed.failures;
  let result: StateResult;
  try {
    result = await HANDLERS[state.Type](run);
  } catch (e) {
    if (isHalt(e)) throw e;
    const error = run.toStatesError(e);
    run.reportEvaluationFailure(error);
    throw error;
  }
  const output = jsonText(result.output);
  if (output.length * 3 > MAX_PAYLOAD_BYTES && jsonByteLength(output) > MAX_PAYLOAD_BYTES) {
    throw new DataLimitExceededError(
      `The state/task '${name}' returned a result with a size exceeding the maximum number of bytes service limit.`,
    );
  }
  const assigned = result.assigned;
  if (assigned !== undefined && assigned.size > 0) frame.variables.assign(assigned);
  log.append(frame.thread, {
    type: `${state.Type}StateExited` as HistoryEventType,
    stateExitedEventDetails: {
      name,
      output,
      outputDetails: { truncated: false },
      ...(assigned !== undefined && assigned.size > 0
        ? {
            assignedVariables: Object.fromEntries([...assigned].map(([k, v]) => [k, stringifyJson(v)])),
            assignedVariablesDetails: { truncated: false },
          }
        : {}),
    },
  });
  return { output: { value: result.output, text: output }, next: result.next };
}
