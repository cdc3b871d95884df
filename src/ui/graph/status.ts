/**
 * What happened to each state of an execution, derived from its history alone. Pure: shared by the page (in the
 * browser), `fanout graph` and the unit tests.
 *
 * Events are attributed to the state run they belong to by following `previousEventId` (each event follows the
 * one before it in its own thread of execution), so parallel branches and Map iterations interleaving in the
 * history stay apart. Per run:
 *
 * - exited without a failure: succeeded; exited after failures, the last one followed by a success: retried;
 *   exited with the last failure unanswered (a Catch took it): caught;
 * - not exited: aborted when a `*StateAborted` event says so; running while the execution runs and no enclosing
 *   Parallel/Map has ended; otherwise failed when it failed (or is a Fail state), else aborted.
 *
 * A state's status is the most telling of its runs: failed > running > aborted > caught > retried > succeeded;
 * never entered: not-run. After a redrive, a state's runs from before it count only if it was not run again.
 */
import type { HistoryEvent, HistoryEventType } from '../../engine/events';

export const STATE_STATUSES = ['succeeded', 'failed', 'caught', 'retried', 'running', 'aborted', 'not-run'] as const;
export type StateStatus = (typeof STATE_STATUSES)[number];

/** The execution status as DescribeExecution reports it. */
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE';

export interface StateFailure {
  eventId: number;
  type: HistoryEventType;
  error?: string;
  cause?: string;
  timestamp: number;
}

/** One time a state was entered. */
export interface StateRun {
  name: string;
  /** ASL type from the entered event (`TaskStateEntered` → `Task`). */
  type: string;
  enteredEventId: number;
  entered: number;
  exited?: number;
  exitedEventId?: number;
  input?: string;
  output?: string;
  failures: StateFailure[];
  /** Attempts after the first: each Task scheduled again, each Parallel/Map started again. */
  retries: number;
  /** Tasks scheduled, Parallel/Map branches started. */
  attempts: number;
  aborted: boolean;
  /** The Map iteration index this run is in (the innermost inline Map), if any. */
  iteration?: number;
  /** The Map Run a Distributed Map run started. */
  mapRunArn?: string;
  /** The enclosing Parallel or Map run. */
  parent?: StateRun;
  status: StateStatus;
  /** Whether a later redrive re-entered the state (this run is history). */
  superseded: boolean;
  /** The latest success-like event id (TaskSucceeded, …), to tell retried from caught. */
  lastSuccessEventId: number;
  /** A Parallel/Map run whose branches ended (Succeeded, Failed or Aborted), exited or not. */
  ended: boolean;
}

export interface StateSummary {
  name: string;
  status: StateStatus;
  runs: StateRun[];
}

export interface ExecutionView {
  /** By state name (names are unique across a whole state machine, nested ones included). */
  states: Map<string, StateSummary>;
  /** For each event id, the state it belongs to (undefined for execution-level events). */
  stateOfEvent: Map<number, string>;
}

/** The events that mean a state's attempt failed, and where their error and cause are (if anywhere). */
const FAILURE_DETAIL: Partial<Record<HistoryEventType, keyof HistoryEvent | null>> = {
  TaskFailed: 'taskFailedEventDetails',
  TaskTimedOut: 'taskTimedOutEventDetails',
  TaskStartFailed: 'taskStartFailedEventDetails',
  TaskSubmitFailed: 'taskSubmitFailedEventDetails',
  ActivityFailed: null,
  ActivityTimedOut: null,
  ActivityScheduleFailed: null,
  EvaluationFailed: 'evaluationFailedEventDetails',
  MapRunFailed: 'mapRunFailedEventDetails',
  ParallelStateFailed: null,
  MapStateFailed: null,
};
const ATTEMPT_EVENTS = new Set<HistoryEventType>([
  'TaskScheduled',
  'ActivityScheduled',
  'ParallelStateStarted',
  'MapStateStarted',
]);

const SUCCESS_EVENTS = new Set<HistoryEventType>([
  'TaskSucceeded',
  'ActivitySucceeded',
  'ParallelStateSucceeded',
  'MapStateSucceeded',
]);
const CONTAINER_END = new Set<HistoryEventType>([
  'ParallelStateSucceeded',
  'ParallelStateFailed',
  'ParallelStateAborted',
  'MapStateSucceeded',
  'MapStateFailed',
  'MapStateAborted',
]);

const PRIORITY: readonly StateStatus[] = ['failed', 'running', 'aborted', 'caught', 'retried', 'succeeded', 'not-run'];

/** Derives every state's status and runs from the history of an execution whose current status is `status`. */
export function deriveExecutionView(events: readonly HistoryEvent[], status: string): ExecutionView {
  const runOf = new Map<number, StateRun | undefined>();
  const scopeOf = new Map<number, StateRun | undefined>();
  const iterationOf = new Map<number, number | undefined>();
  const stateOfEvent = new Map<number, string>();
  const runs: StateRun[] = [];
  let lastRedrive = 0;

  for (const event of events) {
    const p = event.previousEventId;
    let run = runOf.get(p);
    let scope = scopeOf.get(p);
    let iteration = iterationOf.get(p);
    const type = event.type;
    if (type.startsWith('Execution')) {
      if (type === 'ExecutionRedriven') lastRedrive = event.id;
      run = undefined;
      scope = undefined;
    } else if (event.stateEnteredEventDetails) {
      const d = event.stateEnteredEventDetails;
      run = {
        name: d.name,
        type: type.replace(/StateEntered$/, ''),
        enteredEventId: event.id,
        entered: event.timestamp,
        input: d.input,
        failures: [],
        retries: 0,
        attempts: 0,
        aborted: false,
        status: 'not-run',
        superseded: false,
        lastSuccessEventId: 0,
        ended: false,
        ...(scope ? { parent: scope } : {}),
        ...(iteration === undefined ? {} : { iteration }),
      };
      runs.push(run);
    } else if (event.stateExitedEventDetails) {
      const d = event.stateExitedEventDetails;
      // The thread's run, or the latest open run of that name: a Map's or Parallel's Exited event follows the last
      // event of its iterations or branches.
      if (run?.name !== d.name) run = findOpen(runs, d.name) ?? run;
      if (run) {
        run.exited = event.timestamp;
        run.exitedEventId = event.id;
        run.output = d.output;
        scope = run.parent;
        iteration = run.iteration;
      }
    } else if (type === 'EvaluationFailed') {
      // It follows what the failing state's Entered event followed, so it is attributed by the state it names.
      const name = event.evaluationFailedEventDetails?.state;
      const failing = name === undefined ? undefined : findOpen(runs, name);
      if (failing) {
        run = failing;
        scope = failing.parent;
        iteration = failing.iteration;
      }
    } else if (type === 'ParallelStateStarted' || type === 'MapStateStarted') {
      // A retry's Started event follows the last event of the failed attempt's branch or iteration.
      const kind = type.startsWith('Parallel') ? 'Parallel' : 'Map';
      if ((run === undefined || run.type !== kind || run.ended) && scope?.type === kind) run = scope;
      if (run) run.ended = false;
      scope = run;
    } else if (type === 'MapIterationStarted') {
      if (scope?.type === 'Map') run = scope;
      scope = run;
      iteration = event.mapIterationStartedEventDetails?.index;
    } else if (type.startsWith('MapIteration')) {
      run = scope;
    } else if (CONTAINER_END.has(type)) {
      const kind = type.startsWith('Parallel') ? 'Parallel' : 'Map';
      if (scope?.type === kind) run = scope;
      else if (run?.type !== kind) run = findOpen(runs, undefined, kind) ?? run;
      if (run) {
        run.ended = true;
        scope = run.parent;
        iteration = run.iteration;
      }
    }

    if (run && !event.stateEnteredEventDetails && !event.stateExitedEventDetails) recordOn(run, event);
    if (run) stateOfEvent.set(event.id, run.name);
    runOf.set(event.id, run);
    scopeOf.set(event.id, scope);
    iterationOf.set(event.id, iteration);
  }

  const states = new Map<string, StateSummary>();
  for (const run of runs) {
    run.status = runStatus(run, status);
    let summary = states.get(run.name);
    if (!summary) states.set(run.name, (summary = { name: run.name, status: 'not-run', runs: [] }));
    summary.runs.push(run);
  }
  for (const summary of states.values()) {
    if (lastRedrive > 0 && summary.runs.some((r) => r.enteredEventId > lastRedrive)) {
      for (const r of summary.runs) if (r.enteredEventId < lastRedrive) r.superseded = true;
    }
    const current = summary.runs.filter((r) => !r.superseded);
    summary.status = mostTelling(current.map((r) => r.status));
  }
  return { states, stateOfEvent };
}

/** The status of a state, `not-run` when it was never entered. */
export function statusOf(view: ExecutionView, name: string): StateStatus {
  return view.states.get(name)?.status ?? 'not-run';
}

export function mostTelling(statuses: readonly StateStatus[]): StateStatus {
  let best = PRIORITY.length - 1;
  for (const s of statuses) best = Math.min(best, PRIORITY.indexOf(s));
  return PRIORITY[best] ?? 'not-run';
}

function findOpen(runs: readonly StateRun[], name?: string, type?: string): StateRun | undefined {
  for (let i = runs.length - 1; i >= 0; i--) {
    const r = runs[i]!;
    if (r.exitedEventId !== undefined) continue;
    if ((name === undefined || r.name === name) && (type === undefined || r.type === type)) return r;
  }
  return undefined;
}

function recordOn(run: StateRun, event: HistoryEvent): void {
  if (ATTEMPT_EVENTS.has(event.type)) {
    run.attempts++;
    run.retries = Math.max(0, run.attempts - 1);
  }
  const detailKey = FAILURE_DETAIL[event.type];
  if (detailKey !== undefined) {
    const details = (detailKey === null ? {} : (event[detailKey] ?? {})) as { error?: string; cause?: string };
    const failure: StateFailure = { eventId: event.id, type: event.type, timestamp: event.timestamp };
    if (details.error !== undefined) failure.error = details.error;
    if (details.cause !== undefined) failure.cause = details.cause;
    run.failures.push(failure);
  } else if (SUCCESS_EVENTS.has(event.type)) {
    run.lastSuccessEventId = event.id;
  }
  if (event.type.endsWith('StateAborted')) run.aborted = true;
  if (event.mapRunStartedEventDetails) run.mapRunArn = event.mapRunStartedEventDetails.mapRunArn;
  if (event.mapRunRedrivenEventDetails) run.mapRunArn = event.mapRunRedrivenEventDetails.mapRunArn;
}

function runStatus(run: StateRun, execution: string): StateStatus {
  const lastFailure = run.failures[run.failures.length - 1];
  if (run.exitedEventId !== undefined) {
    if (lastFailure === undefined) return 'succeeded';
    return run.lastSuccessEventId > lastFailure.eventId ? 'retried' : 'caught';
  }
  if (run.aborted) return 'aborted';
  // Still open while the execution runs (a failed attempt waiting for its retry is running too), unless an
  // enclosing Parallel/Map has already ended: then this branch was cut short.
  if (execution === 'RUNNING' && !enclosingEnded(run)) return 'running';
  if (lastFailure !== undefined || run.type === 'Fail') return 'failed';
  return 'aborted';
}

function enclosingEnded(run: StateRun): boolean {
  for (let p = run.parent; p; p = p.parent) if (p.ended || p.exitedEventId !== undefined) return true;
  return false;
}
