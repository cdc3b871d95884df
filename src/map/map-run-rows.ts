/**
 * A Map Run's children read back from its ledger by the attempts that continue an earlier one (a redrive, the
 * resume after a crash), a page at a time, so a run of millions of children is never held in memory at once.
 */
import type { ChildRun } from './child-run-port';
import { childExecutionArn, type MapRunNames } from './map-run-arns';
import type { ChildEnd } from './map-run-counts';
import type { ChildRow, MapRunLedger, MapRunRecord } from './map-run-ledger';
import type { ChildResult } from './map-run-results';

const PAGE = 100;

/** The children that ended without success, in id order; the next page is read once this one is used up. */
export function* unsuccessfulChildren(
  ledger: MapRunLedger,
  mapRunArn: string,
  pageSize: number = PAGE,
): Generator<ChildRow> {
  let afterId = 0;
  for (;;) {
    const page = ledger.children.unsuccessful(mapRunArn, afterId, pageSize);
    yield* page.items;
    if (page.nextKey === undefined) return;
    afterId = page.nextKey;
  }
}

/**
 * The result records of the children that ended in the current attempt of `run` (since its last redrive), to
 * write again after a crash lost the open result files.
 */
export function* endedChildResults(
  ledger: MapRunLedger,
  run: MapRunRecord,
  names: MapRunNames,
  stateMachineArn: string,
): Generator<ChildResult> {
  let afterId = 0;
  for (;;) {
    const rows = ledger.children.results(run.arn, afterId, PAGE);
    for (const row of rows) {
      if (row.status === 'RUNNING' || row.stop_date === null) continue;
      if (run.redriveCount > 0 && run.redriveDate !== undefined && row.stop_date < run.redriveDate) continue;
      const result: ChildResult = {
        itemIndex: 0,
        itemCount: 0,
        executionArn: childExecutionArn(names, row.name),
        name: row.name,
        stateMachineArn,
        input: row.input,
        startDate: row.start_date,
        stopDate: row.stop_date,
        redriveCount: row.redrive_count,
        status: row.status as ChildEnd,
      };
      if (row.output !== null) result.output = row.output;
      if (row.error !== null) result.error = row.error;
      if (row.cause !== null) result.cause = row.cause;
      yield result;
    }
    if (rows.length < PAGE) return;
    afterId = rows[rows.length - 1]!.id;
  }
}

/** The child a row describes, run again by a redrive (`rerun`) or continued after a crash (`resume`). */
export function childRunOf(row: ChildRow, names: MapRunNames, how: 'rerun' | 'resume'): ChildRun {
  const child: ChildRun = {
    id: row.id,
    name: row.name,
    arn: childExecutionArn(names, row.name),
    inputText: row.input,
    startDate: row.startDate,
    redriveCount: how === 'rerun' ? row.redriveCount + 1 : row.redriveCount,
  };
  if (how === 'resume') child.resume = true;
  return child;
}

/** A child a redrive of `run` was to rerun and had not yet: it ended before the redrive and did not succeed. */
export function pendingRedrive(run: MapRunRecord, child: { status: string; stopDate?: number }): boolean {
  if (run.redriveCount === 0 || run.redriveDate === undefined) return false;
  if (child.status === 'RUNNING' || child.status === 'SUCCEEDED') return false;
  return (child.stopDate ?? 0) < run.redriveDate;
}
