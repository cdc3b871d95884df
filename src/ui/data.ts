/**
 * The JSON the page reads, assembled in process from the Step Functions service (the same operations the API
 * serves): one request per page view, so an execution of thousands of events is one round trip.
 */
import type { DescribeExecutionOutput, ExecutionListItem, ListExecutionsOutput } from '@aws-sdk/client-sfn';
import type { HistoryEvent } from '../engine';
import type { LocalStepFunctions } from '../runtime';
import type { MapRunResultTarget } from '../store/map-runs';
import type { ChildExecution, ExecutionDetail, MapRunDetail } from './graph/execution-detail';

/** How many executions per state machine the list shows. */
const LIST_LIMIT = 100;
/** How many children of a Map Run are listed (failed ones, and all). */
const CHILD_LIMIT = 100;
const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'];

export interface StateMachineExecutions {
  stateMachineArn: string;
  name: string;
  type: string;
  executions: ExecutionListItem[];
  /** More executions than shown. */
  more: boolean;
}

/** Every state machine with its newest executions, newest first, optionally of one status. */
export function executionList(
  service: LocalStepFunctions,
  status?: string,
  includeExecutions = true,
): StateMachineExecutions[] {
  const statusFilter = status !== undefined && STATUSES.includes(status) ? status : undefined;
  const out: StateMachineExecutions[] = [];
  let nextToken: string | undefined;
  do {
    const page = service.listStateMachines(nextToken === undefined ? {} : { nextToken });
    for (const machine of page.stateMachines ?? []) {
      const listed: ListExecutionsOutput = !includeExecutions
        ? { executions: [] }
        : service.listExecutions({
            stateMachineArn: machine.stateMachineArn,
            maxResults: LIST_LIMIT,
            ...(statusFilter === undefined ? {} : { statusFilter }),
          });
      const executions = [...(listed.executions ?? [])].sort(
        (a, b) => (b.startDate?.getTime() ?? 0) - (a.startDate?.getTime() ?? 0),
      );
      out.push({
        stateMachineArn: machine.stateMachineArn ?? '',
        name: machine.name ?? '',
        type: machine.type ?? 'STANDARD',
        executions,
        more: listed.nextToken !== undefined,
      });
    }
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return out;
}

export function executionDetail(
  service: LocalStepFunctions,
  executionArn: string,
  resultTarget?: (mapRunArn: string) => MapRunResultTarget | undefined,
): ExecutionDetail {
  const execution = service.describeExecution({ executionArn });
  const { definition } = service.describeStateMachineForExecution({ executionArn });
  const events = service.recordedHistory(executionArn);

  const mapRuns: MapRunDetail[] = [];
  const listed = service.listMapRuns({ executionArn, maxResults: 1000 });
  for (const item of listed.mapRuns ?? []) {
    const mapRunArn = item.mapRunArn ?? '';
    const mapRun = service.describeMapRun({ mapRunArn });
    const failedItems = service.listExecutions({ mapRunArn, statusFilter: 'FAILED', maxResults: CHILD_LIMIT });
    const failed = (failedItems.executions ?? []).map((c) => {
      const d = service.describeExecution({ executionArn: c.executionArn, includedData: 'METADATA_ONLY' });
      return child(c, d);
    });
    const all = service.listExecutions({ mapRunArn, maxResults: CHILD_LIMIT });
    const detail: MapRunDetail = {
      mapRun,
      failed,
      children: (all.executions ?? []).map((c) => child(c)),
      moreChildren: all.nextToken !== undefined,
    };
    const location = resultLocation(events, mapRunArn, resultTarget?.(mapRunArn));
    if (location !== undefined) detail.resultWriter = location;
    mapRuns.push(detail);
  }
  const out: ExecutionDetail = { execution, definition: definition ?? '{}', events, mapRuns };
  if (execution.mapRunArn !== undefined) {
    const parent = service.describeMapRun({ mapRunArn: execution.mapRunArn });
    out.parent = { executionArn: parent.executionArn ?? '', mapRunArn: execution.mapRunArn };
  }
  return out;
}

function child(item: ExecutionListItem, described?: DescribeExecutionOutput): ChildExecution {
  const out: ChildExecution = {
    executionArn: item.executionArn ?? '',
    name: item.name ?? '',
    status: item.status ?? '',
  };
  if (item.startDate) out.startDate = item.startDate;
  if (item.stopDate) out.stopDate = item.stopDate;
  if (described?.error !== undefined) out.error = described.error;
  if (described?.cause !== undefined) out.cause = described.cause;
  return out;
}

/**
 * The manifest the Map state's result names (`ResultWriterDetails`), else where the run writes: the export
 * prefix and the Map Run's id, as `<Prefix>/<mapRunId>/`.
 */
export function resultLocation(
  events: readonly HistoryEvent[],
  mapRunArn: string,
  target: MapRunResultTarget | undefined,
): string | undefined {
  for (const e of events) {
    const output = e.stateExitedEventDetails?.output;
    if (output === undefined || !output.includes('ResultWriterDetails') || !output.includes(mapRunArn)) continue;
    try {
      const parsed = JSON.parse(output) as { ResultWriterDetails?: { Bucket?: string; Key?: string } };
      const d = parsed.ResultWriterDetails;
      if (d?.Bucket !== undefined && d.Key !== undefined) return `s3://${d.Bucket}/${d.Key}`;
    } catch {
      // Not the Map state's result: keep looking.
    }
  }
  if (target === undefined) return undefined;
  const id = mapRunArn.split(':').pop() ?? '';
  const prefix = target.prefix.replace(/\/+$/, '');
  return `s3://${target.bucket}/${prefix === '' ? '' : `${prefix}/`}${id}/`;
}
