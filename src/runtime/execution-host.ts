/**
 * The execution host: the one place an execution is put on the engine, whatever brought it there — StartExecution,
 * RedriveExecution, the resume after a crash, or a Map Run starting, redriving or resuming a child. It builds the
 * execution's parameters and ports, runs the engine, saves the history as the engine emits it (a Map Run's EXPRESS
 * child keeps none, as on AWS), records the end, and turns an engine crash into a FAILED execution.
 */
import {
  type Clock,
  type EnginePorts,
  type ExecutionOutcome,
  type ExecutionParams,
  Halt,
  type HistoryEvent,
  type StopReason,
} from '../engine';
import type { ExecutionEnd } from '../store/executions';
import type { Store } from '../store/store';
import type { RunExecution } from './engine-binding';
import { engineParams, type ExecutionLaunch } from './execution-launch';
import { ExecutionLogger, type LogSink } from './execution-log';

/** How an execution the engine ran ended, as recorded. */
export type HostedEnd = ExecutionEnd & { status: ExecutionOutcome['status'] };

interface Running {
  executionId: number;
  /** A top-level execution's machine (a child's end is its Map Run's business). */
  stateMachineId?: number;
  /** A top-level execution's own: stop() aborts it. A child runs under its Map Run's signal. */
  controller?: AbortController;
  signal: AbortSignal;
  done: Promise<void>;
  lastEventId: number;
  lastTimestamp: number;
  /** Set once the outcome is recorded (or the service closes): anything the engine emits later is dropped. */
  detached: boolean;
}

interface Waiter {
  resolve(): void;
  reject(error: Error): void;
}

/** How long StopExecution waits for the engine to wind down before recording ABORTED itself. */
const STOP_GRACE_MS = 5000;
/** How often an end that could not be recorded (a full disk) is tried again. */
const RECORD_RETRY_MS = 1000;

export interface ExecutionHostDeps {
  store: Store;
  runExecution: RunExecution;
  clock: Clock;
  /** The region every execution of this service runs in. */
  region: string;
  portsFor: (executionId: number) => EnginePorts;
  /** Called after a top-level execution of the machine ended (DeleteStateMachine waits for this). */
  onEnded: (stateMachineId: number) => void;
  log: (line: string) => void;
  /** Structured records of executions' starts, ends, failures and state transitions. */
  logEvent?: LogSink;
}

/**
 * Runs top-level executions in the background (callers stop them or wait for their end) and a Map Run's children
 * in the foreground of their Map Run.
 */
export class ExecutionHost {
  private readonly running = new Map<number, Running>();
  private readonly waiters = new Map<number, Waiter[]>();
  /** Ends the engine reached that could not be written yet, by execution id. */
  private readonly unrecorded = new Map<number, { stateMachineId: number; end: ExecutionEnd }>();
  private recordRetry: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly deps: ExecutionHostDeps) {}

  /** The engine's parameters for a launch. */
  paramsFor(launch: ExecutionLaunch): ExecutionParams {
    return engineParams(launch, this.deps.region, (executionId) => this.deps.store.history.all(executionId));
  }

  /** Runs a top-level execution of the machine in the background: stop() and whenEnded() reach it by its id. */
  start(stateMachineId: number, launch: ExecutionLaunch): void {
    const params = this.paramsFor(launch);
    const controller = new AbortController();
    const entry: Running = {
      executionId: launch.executionId,
      stateMachineId,
      controller,
      signal: controller.signal,
      done: Promise.resolve(),
      // A resumed execution appends nothing until its state progresses: a stop before that numbers on from here.
      lastEventId: params.priorEvents?.at(-1)?.id ?? 0,
      lastTimestamp: 0,
      detached: false,
    };
    this.running.set(launch.executionId, entry);
    const logger = this.deps.logEvent ? new ExecutionLogger(params.executionArn, this.deps.logEvent) : undefined;
    const outcome = this.runEngine(params, entry, true, logger);
    entry.done = outcome.then(
      (result) => void this.recordOutcome(entry, result, true),
      (error: unknown) => void this.recordCrash(entry, error, true),
    );
  }

  /**
   * Runs a Map Run's child to its end under the Map Run's signal and records it. Once the service closes nothing
   * more is recorded: the child stays RUNNING for its Map Run to resume.
   */
  async runChild(launch: ExecutionLaunch, signal: AbortSignal): Promise<HostedEnd> {
    const params = this.paramsFor(launch);
    const entry: Running = {
      executionId: launch.executionId,
      signal,
      done: Promise.resolve(),
      lastEventId: params.priorEvents?.at(-1)?.id ?? 0,
      lastTimestamp: 0,
      detached: false,
    };
    const keep = launch.history !== 'none';
    let outcome: ExecutionOutcome;
    try {
      outcome = await this.runEngine(params, entry, keep, undefined);
    } catch (error) {
      return this.recordCrash(entry, error, keep);
    }
    return this.recordOutcome(entry, outcome, keep);
  }

  isRunning(executionId: number): boolean {
    return this.running.has(executionId);
  }

  /**
   * Stops an execution: aborts the engine's signal with the reason and waits for it to record ABORTED. An
   * execution no engine is running (left RUNNING by an earlier server) is ended here directly.
   */
  async stop(executionId: number, reason: StopReason): Promise<void> {
    const entry = this.running.get(executionId);
    // Ended already; only its record waits for disk space.
    if (this.unrecorded.has(executionId)) return;
    if (!entry) {
      this.endWithoutEngine(executionId, reason);
      return;
    }
    entry.controller?.abort(haltFor(reason));
    let timer: NodeJS.Timeout | undefined;
    const graceOver = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, STOP_GRACE_MS);
    });
    await Promise.race([entry.done, graceOver]);
    clearTimeout(timer);
    if (!entry.detached) {
      this.deps.log(`execution ${executionId} did not stop within ${STOP_GRACE_MS} ms; recording ABORTED`);
      this.recordOutcome(entry, { status: 'ABORTED', ...reason }, true, true);
    }
  }

  /** Stops every running execution of a state machine (DeleteStateMachine). */
  stopAllOf(stateMachineId: number, reason: StopReason): void {
    for (const entry of this.running.values()) {
      if (entry.stateMachineId === stateMachineId) entry.controller?.abort(haltFor(reason));
    }
  }

  /** Resolves when the execution has ended (at once if it is not running). */
  whenEnded(executionId: number): Promise<void> {
    if (this.deps.store.executions.getById(executionId)?.status !== 'RUNNING') return Promise.resolve();
    if (this.closed) return Promise.reject(new Error('The service is closed.'));
    return new Promise<void>((resolve, reject) => {
      const list = this.waiters.get(executionId) ?? [];
      list.push({ resolve, reject });
      this.waiters.set(executionId, list);
    });
  }

  /** Top-level executions running in this process. */
  get runningCount(): number {
    return this.running.size;
  }

  /**
   * Detaches from every running execution and aborts it so its timers end. Nothing more is recorded: the
   * executions stay RUNNING with the history they have, ready to be resumed by a later server.
   */
  close(): void {
    this.closed = true;
    clearTimeout(this.recordRetry);
    for (const entry of this.running.values()) {
      entry.detached = true;
      entry.controller?.abort(haltFor({ cause: 'The local service shut down.' }));
    }
    this.running.clear();
    for (const list of this.waiters.values()) {
      for (const waiter of list) waiter.reject(new Error('The service closed before the execution ended.'));
    }
    this.waiters.clear();
  }

  /** False once the service is closing: then nothing more of a child is recorded. */
  private recording(entry: Running): boolean {
    return !entry.detached && !this.closed && this.deps.store.db.open;
  }

  /** The engine's run of one execution, its events saved as they come (when the execution keeps a history). */
  private runEngine(
    params: ExecutionParams,
    entry: Running,
    keep: boolean,
    logger: ExecutionLogger | undefined,
  ): Promise<ExecutionOutcome> {
    const { store } = this.deps;
    const events = {
      append: (event: HistoryEvent): void => {
        if (!this.recording(entry)) return;
        entry.lastEventId = event.id;
        entry.lastTimestamp = event.timestamp;
        if (keep) store.history.append(entry.executionId, event);
        logger?.observe(event);
      },
    };
    try {
      return this.deps.runExecution(params, {
        ports: this.deps.portsFor(entry.executionId),
        events,
        signal: entry.signal,
      });
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private recordOutcome(entry: Running, outcome: ExecutionOutcome, keep: boolean, synthesizeEvent = false): HostedEnd {
    const stopDate = synthesizeEvent || entry.lastTimestamp === 0 ? this.deps.clock.now() : entry.lastTimestamp;
    const end: HostedEnd =
      outcome.status === 'SUCCEEDED'
        ? { status: 'SUCCEEDED', output: outcome.output, stopDate }
        : { status: outcome.status, ...errorFields(outcome), stopDate };
    if (!this.recording(entry)) return end;
    entry.detached = true;
    const { stateMachineId } = entry;
    // A child's end is written or thrown to its Map Run, which decides what a failed write means.
    if (stateMachineId === undefined) {
      this.writeEnd(entry, end, keep, synthesizeEvent);
      return end;
    }
    this.running.delete(entry.executionId);
    try {
      this.writeEnd(entry, end, keep, synthesizeEvent);
    } catch (error) {
      this.deps.log(
        `could not record the end of execution ${entry.executionId} (${end.status}): ${String(error)}; retrying every ${RECORD_RETRY_MS / 1000} s`,
      );
      this.unrecorded.set(entry.executionId, { stateMachineId, end });
      this.scheduleRecordRetry();
      return end;
    }
    this.ended(entry.executionId, stateMachineId);
    return end;
  }

  private writeEnd(entry: Running, end: ExecutionEnd, keep: boolean, synthesizeEvent: boolean): void {
    if (synthesizeEvent && keep) this.appendTerminalEvent(entry.executionId, entry.lastEventId, end);
    if (keep) this.deps.store.endExecution(entry.executionId, end);
    else this.deps.store.executions.end(entry.executionId, end);
  }

  /**
   * Ends that could not be written stay in memory and are written as soon as the disk takes them, without a
   * restart: the execution reads RUNNING until then, never RUNNING for good. (A server stopped meanwhile resumes
   * it from its history instead.)
   */
  private scheduleRecordRetry(): void {
    if (this.recordRetry !== undefined || this.closed) return;
    this.recordRetry = setTimeout(() => {
      this.recordRetry = undefined;
      for (const [executionId, { stateMachineId, end }] of this.unrecorded) {
        try {
          this.deps.store.endExecution(executionId, end);
        } catch {
          break;
        }
        this.unrecorded.delete(executionId);
        this.deps.log(`recorded the end of execution ${executionId} (${end.status})`);
        this.ended(executionId, stateMachineId);
      }
      if (this.unrecorded.size > 0) this.scheduleRecordRetry();
    }, RECORD_RETRY_MS);
    this.recordRetry.unref();
  }

  /** The engine threw instead of returning an outcome: a bug, recorded as a failed execution. */
  private recordCrash(entry: Running, error: unknown, keep: boolean): HostedEnd {
    const reason = entry.signal.reason as StopReason | undefined;
    if (entry.signal.aborted && reason) {
      return this.recordOutcome(entry, { status: 'ABORTED', ...errorFields(reason) }, keep, true);
    }
    const message = error instanceof Error ? error.message : String(error);
    if (this.recording(entry)) this.deps.log(`execution ${entry.executionId}: engine error: ${message}`);
    return this.recordOutcome(
      entry,
      { status: 'FAILED', error: 'States.Runtime', cause: `Internal error in the local engine: ${message}` },
      keep,
      true,
    );
  }

  private endWithoutEngine(executionId: number, reason: StopReason): void {
    const { store } = this.deps;
    const record = store.executions.getById(executionId);
    if (record?.status !== 'RUNNING') return;
    const end: ExecutionEnd = { status: 'ABORTED', ...errorFields(reason), stopDate: this.deps.clock.now() };
    store.db.transaction(() => {
      this.appendTerminalEvent(executionId, store.history.lastEventId(executionId), end);
      store.endExecution(executionId, end);
    })();
    this.ended(executionId, record.stateMachineId);
  }

  private appendTerminalEvent(executionId: number, lastEventId: number, end: ExecutionEnd): void {
    const details = errorFields(end);
    const base = { id: lastEventId + 1, timestamp: end.stopDate };
    const event: HistoryEvent =
      end.status === 'ABORTED'
        ? { ...base, previousEventId: 0, type: 'ExecutionAborted', executionAbortedEventDetails: details }
        : { ...base, previousEventId: lastEventId, type: 'ExecutionFailed', executionFailedEventDetails: details };
    this.deps.store.history.append(executionId, event);
  }

  private ended(executionId: number, stateMachineId: number): void {
    const list = this.waiters.get(executionId);
    this.waiters.delete(executionId);
    for (const waiter of list ?? []) waiter.resolve();
    this.deps.onEnded(stateMachineId);
  }
}

/**
 * The abort reason the engine understands: a Halt, which also has StopReason's shape (error, cause).
 */
function haltFor(reason: StopReason): Halt {
  return new Halt('stop', reason.error, reason.cause);
}

function errorFields(source: { error?: string | undefined; cause?: string | undefined }): {
  error?: string;
  cause?: string;
} {
  const fields: { error?: string; cause?: string } = {};
  if (source.error !== undefined) fields.error = source.error;
  if (source.cause !== undefined) fields.cause = source.cause;
  return fields;
}
