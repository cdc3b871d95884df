/**
 * The DistributedMapPort of the local runtime: each Distributed Map state becomes a Map Run with a record in
 * the store and one child execution per item or batch (spec §1, §2). A redrive of the parent continues the
 * Map Run it names instead of starting a new one.
 */
import { type DistributedMapPort, type DistributedMapRequest, type Json, StatesErrorName } from '../engine';
import { childExecutionArn, childStateMachineArn, mapRunArn, mapRunNames, type MapRunNames } from './map-run-arns';
import type { ChildRunSpec } from './child-run-port';
import { emptyCounts, type MapRunCounts } from './map-run-counts';
import type { MapRunDeps, MapRunParent, MapRunServices } from './map-run-deps';
import { MapRunExecution, pendingRedrive, type MapRunMode } from './map-run-execution';
import type { MapRunRecord, MapRunResultTarget } from './map-run-ledger';
import { exportedResults } from './map-run-export';
import { inlineResults, type MapRunResults } from './map-run-results';

/** Errors after which a redrive reruns the Map Run in full, as a new one (spec §2). */
const RERUN_IN_FULL: ReadonlySet<string> = new Set([StatesErrorName.DataLimitExceeded, StatesErrorName.Runtime]);

/** The port for one execution; `parent` is looked up only when a Distributed Map state runs. */
export function localDistributedMap(services: MapRunServices, parent: () => MapRunParent): DistributedMapPort {
  return { run: (request) => runMapRun({ ...services, parent: parent() }, request) };
}

async function runMapRun(deps: MapRunDeps, request: DistributedMapRequest): Promise<Json> {
  const names = mapRunNames(request.stateMachineArn, request.stateMachineName, request.label);
  const previous =
    request.redriveMapRunArn === undefined ? undefined : deps.ledger.mapRuns.get(request.redriveMapRunArn);
  // Still RUNNING: the server that ran it died, and the parent is being resumed (not redriven, which needs an
  // ended execution): the same attempt goes on, without MapRunRedriven.
  const mode: MapRunMode =
    previous?.status === 'RUNNING' ? 'resume' : previous !== undefined && continues(previous) ? 'redrive' : 'start';
  const record =
    previous === undefined || mode === 'start'
      ? create(deps, request, names)
      : mode === 'resume'
        ? resume(deps, previous)
        : reopen(deps, previous);
  const execution = new MapRunExecution({
    deps,
    request,
    record,
    names,
    child: childSpec(deps, request, names),
    results: resultsOf(
      deps,
      request,
      record,
      names,
      mode === 'redrive' || (mode === 'resume' && record.redriveCount > 0),
    ),
    mode,
  });
  return execution.execute();
}

function continues(previous: MapRunRecord): boolean {
  if (previous.status !== 'FAILED' && previous.status !== 'ABORTED') return false;
  return previous.error === undefined || !RERUN_IN_FULL.has(previous.error);
}

function create(deps: MapRunDeps, request: DistributedMapRequest, names: MapRunNames): MapRunRecord {
  const arn = mapRunArn(names, deps.ids.uuid());
  const target = resultTarget(request);
  return deps.ledger.mapRuns.insert({
    arn,
    executionId: deps.parent.executionId,
    stateName: request.stateName,
    label: request.label,
    executionType: request.executionType,
    definition: JSON.stringify(request.processor),
    startDate: deps.clock.now(),
    maxConcurrency: request.maxConcurrency,
    ...(request.toleratedFailureCount === undefined ? {} : { toleratedFailureCount: request.toleratedFailureCount }),
    ...(request.toleratedFailurePercentage === undefined
      ? {}
      : { toleratedFailurePercentage: request.toleratedFailurePercentage }),
    counts: emptyCounts(),
    ...(target === undefined ? {} : { resultTarget: target }),
  });
}

/**
 * Reopens an ended Map Run: its unsuccessful children wait as "pending redrive", and items that were read but
 * never started are forgotten (the source is read again from the first item no child started).
 */
function reopen(deps: MapRunDeps, previous: MapRunRecord): MapRunRecord {
  const counts: MapRunCounts = previous.counts;
  for (const set of [counts.items, counts.executions]) {
    set.total -= set.pending;
    set.pending = 0;
    set.pendingRedrive = set.failed + set.timedOut + set.aborted;
    set.failed = 0;
    set.timedOut = 0;
    set.aborted = 0;
    set.resultsWritten = set.succeeded;
  }
  const now = deps.clock.now();
  deps.ledger.mapRuns.redrive(previous.id, now, counts);
  const record: MapRunRecord = { ...previous, status: 'RUNNING', counts, redriveCount: previous.redriveCount + 1 };
  record.redriveDate = now;
  delete record.stopDate;
  delete record.error;
  delete record.cause;
  return record;
}

/**
 * Picks up a Map Run a crash interrupted. The counts and the reading position are rebuilt from the children's
 * rows, which are written as each child starts and ends (the run's own row is saved only every 250 ms): items
 * are handed out in order, so the items started are the sum of the children's items.
 */
function resume(deps: MapRunDeps, previous: MapRunRecord): MapRunRecord {
  const counts = emptyCounts();
  let itemsStarted = 0;
  const field = {
    SUCCEEDED: 'succeeded',
    FAILED: 'failed',
    TIMED_OUT: 'timedOut',
    ABORTED: 'aborted',
    RUNNING: 'running',
  } as const;
  for (const row of deps.ledger.children.statusCounts(previous.arn)) {
    const key = field[row.status as keyof typeof field] as (typeof field)[keyof typeof field] | undefined;
    itemsStarted += row.items;
    if (key === undefined) continue;
    for (const [set, n] of [
      [counts.items, row.items],
      [counts.executions, row.executions],
    ] as const) {
      set[key] += n;
      set.total += n;
      if (key !== 'running') set.resultsWritten += n;
    }
  }
  // A crash during a redrive: the unsuccessful children it had not rerun yet are still pending redrive.
  if (previous.redriveCount > 0) {
    let afterId = 0;
    for (;;) {
      const page = deps.ledger.children.unsuccessful(previous.arn, afterId, 500);
      for (const child of page.items) {
        const key = field[child.status as keyof typeof field] as (typeof field)[keyof typeof field] | undefined;
        if (key === undefined || key === 'running' || !pendingRedrive(previous, child)) continue;
        for (const [set, n] of [
          [counts.items, child.itemCount],
          [counts.executions, 1],
        ] as const) {
          set[key] -= n;
          set.resultsWritten -= n;
          set.pendingRedrive += n;
        }
      }
      if (page.nextKey === undefined) break;
      afterId = page.nextKey;
    }
  }
  deps.ledger.mapRuns.saveProgress(previous.id, counts, itemsStarted);
  return { ...previous, counts, itemsStarted };
}

function resultTarget(request: DistributedMapRequest): MapRunResultTarget | undefined {
  const writer = request.resultWriter;
  if (writer?.bucket === undefined) return undefined;
  return {
    bucket: writer.bucket,
    prefix: writer.prefix ?? '',
    outputType: writer.outputType ?? 'JSON',
    transformation: writer.transformation ?? 'NONE',
  };
}

function resultsOf(
  deps: MapRunDeps,
  request: DistributedMapRequest,
  record: MapRunRecord,
  names: MapRunNames,
  redriven: boolean,
): MapRunResults {
  if (record.resultTarget !== undefined) return exportedResults(deps, record, record.resultTarget, redriven);
  const child = {
    mapRunArn: record.arn,
    stateMachineArn: childStateMachineArn(names),
    executionArn: (name: string) => childExecutionArn(names, name),
  };
  return inlineResults(deps.ledger, child, request.stateName, request.resultWriter?.transformation ?? 'COMPACT');
}

function childSpec(deps: MapRunDeps, request: DistributedMapRequest, names: MapRunNames): ChildRunSpec {
  return {
    executionType: request.executionType,
    definition: request.processor,
    stateMachineArn: childStateMachineArn(names),
    stateMachineName: `${names.stateMachineName}/${names.label}`,
    roleArn: deps.parent.roleArn,
  };
}
