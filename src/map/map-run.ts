/**
 * The DistributedMapPort of the local runtime: each Distributed Map state becomes a Map Run with a record in
 * the store and one child execution per item or batch (spec §1, §2). A redrive of the parent continues the
 * Map Run it names instead of starting a new one.
 */
import { type DistributedMapPort, type DistributedMapRequest, type Json, StatesErrorName } from '../engine';
import { childExecutionArn, childStateMachineArn, mapRunArn, mapRunNames, type MapRunNames } from './map-run-arns';
import type { ChildRunSpec } from './child-run-port';
import {
  countReopened,
  countsFromRows,
  countStillPendingRedrive,
  emptyCounts,
  type MapRunCounts,
} from './map-run-counts';
import type { MapRunDeps, MapRunParent, MapRunServices } from './map-run-deps';
import { MapRunExecution, type MapRunMode } from './map-run-execution';
import type { MapRunRecord, MapRunResultTarget } from './map-run-ledger';
import { exportedResults } from './map-run-export';
import { inlineResults, type MapRunResults } from './map-run-results';
import { pendingRedrive, unsuccessfulChildren } from './map-run-rows';

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

/** Reopens an ended Map Run for a redrive of its parent. */
function reopen(deps: MapRunDeps, previous: MapRunRecord): MapRunRecord {
  const counts: MapRunCounts = previous.counts;
  countReopened(counts);
  const now = deps.clock.now();
  deps.ledger.mapRuns.redrive(previous.id, now, counts);
  const record: MapRunRecord = { ...previous, status: 'RUNNING', counts, redriveCount: previous.redriveCount + 1 };
  record.redriveDate = now;
  delete record.stopDate;
  delete record.error;
  delete record.cause;
  return record;
}

/** Picks up a Map Run a crash interrupted, its counts and reading position rebuilt from the children's rows. */
function resume(deps: MapRunDeps, previous: MapRunRecord): MapRunRecord {
  const { counts, itemsStarted } = countsFromRows(deps.ledger.children.statusCounts(previous.arn));
  // A crash during a redrive: the unsuccessful children it had not rerun yet are still pending redrive.
  if (previous.redriveCount > 0) {
    for (const child of unsuccessfulChildren(deps.ledger, previous.arn, 500)) {
      if (pendingRedrive(previous, child)) countStillPendingRedrive(counts, child);
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
