/**
 * One attempt of a Map Run, from MapRunStarted (or MapRunRedriven) to its end: pulls units as child slots free
 * up, runs one child per unit, counts, applies the tolerance and UpdateMapRun, and records the run.
 */
import {
  type DistributedMapRequest,
  Halt,
  isStatesError,
  type Json,
  type NewHistoryEvent,
  StatesError,
  StatesErrorName,
} from '../engine';
import { childExecutionArn, type MapRunNames } from './map-run-arns';
import type { ChildRun, ChildRunSpec } from './child-run-port';
import {
  countCreated,
  countEnded,
  countRerun,
  countResultWritten,
  countStarted,
  exceedsTolerance,
  recountFromRows,
  type ChildEnd,
  type MapRunCounts,
} from './map-run-counts';
import type { MapRunDeps } from './map-run-deps';
import type { ChildRow, MapRunEnd, MapRunRecord } from './map-run-ledger';
import type { LiveMapRun, MapRunSettings } from './map-run-registry';
import type { MapRunResults } from './map-run-results';
import { childRunOf, endedChildResults, pendingRedrive, unsuccessfulChildren } from './map-run-rows';
import { ChildSlots, childLimit } from './map-run-slots';
import { mapRunUnits, type MapRunUnit, type SourceProgress } from './map-run-units';

/** How often the live counts are written to the ledger while the run goes. */
const SAVE_INTERVAL_MS = 250;

const TOLERANCE_EXCEEDED = 'The specified tolerated failure threshold was exceeded';

export interface MapRunAttempt {
  deps: MapRunDeps;
  request: DistributedMapRequest;
  record: MapRunRecord;
  names: MapRunNames;
  child: ChildRunSpec;
  results: MapRunResults;
  /**
   * `start`: a new Map Run. `redrive`: an ended Map Run continued (RedriveExecution of the parent): its unsuccessful
   * children rerun first. `resume`: a Map Run a crash interrupted, continued as the same attempt (the parent resumed
   * at start-up), with no new event.
   */
  mode: MapRunMode;
}

export type MapRunMode = 'start' | 'redrive' | 'resume';

export class MapRunExecution implements LiveMapRun {
  readonly counts: MapRunCounts;
  readonly settings: MapRunSettings;
  private readonly slots: ChildSlots;
  /** Aborted when the Map Run stops starting children: its parent halted, or it failed. */
  private readonly children = new AbortController();
  /**
   * Each running child's own controller. One listener on `children` aborts them all, so the signal keeps one
   * listener per fan-out (plus a launcher waiting for a slot), not one per child in flight.
   */
  private readonly inFlight = new Set<AbortController>();
  private readonly progress: SourceProgress = { read: 0, exhausted: false };
  private itemsStarted: number;
  private failure: StatesError | undefined;
  private saveTimer: NodeJS.Timeout | undefined;

  constructor(private readonly attempt: MapRunAttempt) {
    const { record } = attempt;
    const children = this.children.signal;
    children.addEventListener('abort', () => this.inFlight.forEach((child) => child.abort(children.reason)), {
      once: true,
    });
    this.counts = record.counts;
    this.itemsStarted = record.itemsStarted;
    this.settings = { maxConcurrency: record.maxConcurrency };
    if (record.toleratedFailureCount !== undefined) this.settings.toleratedFailureCount = record.toleratedFailureCount;
    if (record.toleratedFailurePercentage !== undefined)
      this.settings.toleratedFailurePercentage = record.toleratedFailurePercentage;
    this.slots = new ChildSlots(childLimit(record.maxConcurrency, attempt.deps.maxChildren));
  }

  update(settings: MapRunSettings): void {
    const { record, deps } = this.attempt;
    Object.assign(this.settings, settings);
    if (settings.toleratedFailureCount === undefined) delete this.settings.toleratedFailureCount;
    if (settings.toleratedFailurePercentage === undefined) delete this.settings.toleratedFailurePercentage;
    this.slots.setLimit(childLimit(settings.maxConcurrency, deps.maxChildren));
    deps.ledger.mapRuns.saveSettings(record.id, this.settings);
    this.checkTolerance();
  }

  /** Runs the attempt to its end: the Map state's result, or a StatesError / the parent's Halt. */
  async execute(): Promise<Json> {
    const { request, record, deps } = this.attempt;
    const parentSignal = request.signal;
    const onParentAbort = (): void => this.children.abort(parentSignal.reason);
    if (parentSignal.aborted) onParentAbort();
    else parentSignal.addEventListener('abort', onParentAbort, { once: true });
    deps.registry.register(record.arn, this);
    try {
      const { mode } = this.attempt;
      if (mode === 'resume') {
        await this.replayEnded();
        await this.resumeChildren();
      } else if (mode === 'redrive') {
        this.emit({
          type: 'MapRunRedriven',
          mapRunRedrivenEventDetails: { mapRunArn: record.arn, redriveCount: record.redriveCount },
        });
        await this.rerunUnsuccessful();
      } else {
        this.emit({ type: 'MapRunStarted', mapRunStartedEventDetails: { mapRunArn: record.arn } });
      }
      await this.runSource();
      await this.slots.drained();
      return await this.end();
    } finally {
      parentSignal.removeEventListener('abort', onParentAbort);
      clearTimeout(this.saveTimer);
      deps.registry.unregister(record.arn);
    }
  }

  // ---------------------------------------------------------------- launching children

  private async rerunUnsuccessful(): Promise<void> {
    const { deps, record } = this.attempt;
    for (const child of unsuccessfulChildren(deps.ledger, record.arn)) {
      if (!(await this.takeSlot())) return;
      this.rerun(child);
    }
  }

  /**
   * After a crash: children that were RUNNING go on (a STANDARD child from its own history, an EXPRESS one from
   * its start); in a crashed redrive, the children it had not rerun yet are rerun. Finished children stay as
   * they are.
   */
  private async resumeChildren(): Promise<void> {
    const { deps, record, names } = this.attempt;
    for (const row of unsuccessfulChildren(deps.ledger, record.arn)) {
      const running = row.status === 'RUNNING';
      if (!running && !pendingRedrive(record, row)) continue;
      if (!(await this.takeSlot())) return;
      if (running) void this.runChild(childRunOf(row, names, 'resume'), row.itemIndex, row.itemCount);
      else this.rerun(row);
    }
  }

  /**
   * After a crash, an export's open result files are lost (their multipart uploads never completed): the
   * records of the children that ended in this attempt are written again from their rows.
   */
  private async replayEnded(): Promise<void> {
    const { deps, record, names, child: context } = this.attempt;
    if (record.resultTarget === undefined) return;
    for (const result of endedChildResults(deps.ledger, record, names, context.stateMachineArn)) {
      try {
        await this.attempt.results.add(result);
      } catch (error) {
        this.fail(asStatesError(error, StatesErrorName.ResultWriterFailed));
        return;
      }
    }
  }

  private async runSource(): Promise<void> {
    const { request, deps } = this.attempt;
    const units = mapRunUnits(request, deps.objects, this.itemsStarted, this.progress);
    try {
      for (;;) {
        if (!(await this.takeSlot())) return;
        let next: IteratorResult<MapRunUnit>;
        try {
          next = await units.next();
        } catch (error) {
          this.slots.release();
          this.fail(asStatesError(error));
          return;
        }
        if (next.done) {
          this.slots.release();
          return;
        }
        if (this.stopping) {
          // Read but never started: a pending child.
          countCreated(this.counts, next.value.itemCount);
          this.slots.release();
          return;
        }
        this.launch(next.value);
      }
    } finally {
      await units.return(undefined).catch(() => undefined);
    }
  }

  private get stopping(): boolean {
    return this.children.signal.aborted;
  }

  private async takeSlot(): Promise<boolean> {
    if (this.stopping) return false;
    return this.slots.acquire(this.children.signal);
  }

  private launch(unit: MapRunUnit): void {
    const { deps, record, names } = this.attempt;
    const name = deps.ids.uuid();
    const inputText = JSON.stringify(unit.input);
    const startDate = deps.clock.now();
    countCreated(this.counts, unit.itemCount);
    const id = deps.ledger.children.insert({
      stateMachineId: deps.parent.stateMachineId,
      versionId: deps.parent.versionId,
      parentExecutionId: deps.parent.executionId,
      mapRunArn: record.arn,
      name,
      input: inputText,
      startDate,
      itemIndex: unit.itemIndex,
      itemCount: unit.itemCount,
    });
    this.itemsStarted = unit.itemIndex + unit.itemCount;
    countStarted(this.counts, unit.itemCount);
    const child: ChildRun = { id, name, arn: childExecutionArn(names, name), inputText, startDate, redriveCount: 0 };
    void this.runChild(child, unit.itemIndex, unit.itemCount);
  }

  private rerun(row: ChildRow): void {
    const { deps, names } = this.attempt;
    deps.ledger.children.redrive(row.id);
    countRerun(this.counts, row.itemCount);
    void this.runChild(childRunOf(row, names, 'rerun'), row.itemIndex, row.itemCount);
  }

  private async runChild(child: ChildRun, itemIndex: number, itemCount: number): Promise<void> {
    const { deps } = this.attempt;
    const own = new AbortController();
    if (this.children.signal.aborted) own.abort(this.children.signal.reason);
    this.inFlight.add(own);
    try {
      const outcome = await this.attempt.deps.children.run(this.attempt.child, child, own.signal);
      if (!deps.recording()) return;
      countEnded(this.counts, itemCount, outcome.status);
      try {
        await this.attempt.results.add({
          itemIndex,
          itemCount,
          executionArn: child.arn,
          name: child.name,
          stateMachineArn: this.attempt.child.stateMachineArn,
          input: child.inputText,
          startDate: child.startDate,
          redriveCount: child.redriveCount,
          ...outcome,
        });
        countResultWritten(this.counts, itemCount);
      } catch (error) {
        this.fail(asStatesError(error, StatesErrorName.ResultWriterFailed));
      }
      if (outcome.status === 'FAILED' || outcome.status === 'TIMED_OUT') this.checkTolerance();
    } catch (error) {
      deps.log(`map run ${this.attempt.record.arn}: child ${child.arn} crashed: ${String(error)}`);
      this.fail(asStatesError(error));
    } finally {
      this.inFlight.delete(own);
      this.slots.release();
      this.scheduleSave();
    }
  }

  // ---------------------------------------------------------------- tolerance and failure

  private checkTolerance(final = false): void {
    const { request } = this.attempt;
    const knownTotal =
      request.items !== undefined
        ? request.items.length
        : this.progress.exhausted || final
          ? this.progress.read
          : undefined;
    const upperBound = request.itemReader?.maxItems;
    const totals = {
      ...(knownTotal === undefined ? {} : { knownTotal }),
      ...(upperBound === undefined ? {} : { upperBound }),
    };
    if (exceedsTolerance(this.counts, this.settings, totals)) {
      this.fail(new StatesError(StatesErrorName.ExceedToleratedFailureThreshold, TOLERANCE_EXCEEDED));
    }
  }

  /** Stops starting children and aborts the running ones; the first failure is the run's. */
  private fail(error: StatesError): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    this.children.abort(new Halt('stop'));
  }

  // ---------------------------------------------------------------- the end

  private async end(): Promise<Json> {
    const { request, record, deps } = this.attempt;
    if (!deps.recording()) throw haltOf(request.signal);
    if (this.counts.executions.pendingRedrive > 0) {
      recountFromRows(this.counts, deps.ledger.children.statusCounts(record.arn));
    }
    if (request.signal.aborted) {
      this.record('ABORTED');
      this.emit({ type: 'MapRunAborted' });
      throw haltOf(request.signal);
    }
    if (this.failure === undefined) this.checkTolerance(true);
    let result: Json = null;
    try {
      result = await this.attempt.results.finish();
    } catch (error) {
      if (this.failure === undefined) {
        if (isStatesError(error) && error.error === StatesErrorName.DataLimitExceeded) {
          // The Map Run itself succeeded; the state fails on its output.
          this.record('SUCCEEDED');
          this.emit({ type: 'MapRunSucceeded' });
          throw error;
        }
        this.failure = asStatesError(error, StatesErrorName.ResultWriterFailed);
      }
    }
    if (this.failure !== undefined) {
      const failure = this.failure;
      this.record('FAILED', failure);
      this.emit({
        type: 'MapRunFailed',
        mapRunFailedEventDetails: { error: failure.error ?? '', cause: failure.cause ?? '' },
      });
      throw failure;
    }
    this.record('SUCCEEDED');
    this.emit({ type: 'MapRunSucceeded' });
    void record;
    return result;
  }

  private record(status: 'SUCCEEDED' | 'FAILED' | 'ABORTED', failure?: StatesError): void {
    const { deps, record } = this.attempt;
    this.counts.items.pendingRedrive = 0;
    this.counts.executions.pendingRedrive = 0;
    const end: MapRunEnd = {
      status,
      stopDate: deps.clock.now(),
      counts: this.counts,
      itemsStarted: this.itemsStarted,
    };
    if (failure?.error != null) end.error = failure.error;
    if (failure?.cause != null) end.cause = failure.cause;
    deps.ledger.mapRuns.end(record.id, end);
  }

  private scheduleSave(): void {
    if (this.saveTimer !== undefined) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      if (!this.attempt.deps.recording()) return;
      this.attempt.deps.ledger.mapRuns.saveProgress(this.attempt.record.id, this.counts, this.itemsStarted);
    }, SAVE_INTERVAL_MS);
    this.saveTimer.unref();
  }

  private emit(event: NewHistoryEvent): void {
    this.attempt.request.emit(event);
  }
}

/** What ended a child, as a status for the counts. */
export type { ChildEnd };

function haltOf(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  return reason instanceof Error ? reason : new Halt('stop');
}

function asStatesError(error: unknown, name: string = StatesErrorName.Runtime): StatesError {
  if (isStatesError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new StatesError(name, message);
}
