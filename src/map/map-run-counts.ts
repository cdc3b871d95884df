/**
 * A Map Run's item and execution counts (DescribeMapRun `itemCounts` / `executionCounts`) and the failure
 * tolerance rule (spec §1.5) applied to them.
 */

/** One of DescribeMapRun's count objects; itemCounts and executionCounts share the shape. */
export interface MapRunCountSet {
  pending: number;
  running: number;
  succeeded: number;
  failed: number;
  timedOut: number;
  aborted: number;
  total: number;
  resultsWritten: number;
  failuresNotRedrivable: number;
  pendingRedrive: number;
}

export interface MapRunCounts {
  items: MapRunCountSet;
  executions: MapRunCountSet;
}

/** How a child ended, as a status that moves its items between the counters. */
export type ChildEnd = 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export function emptyCountSet(): MapRunCountSet {
  return {
    pending: 0,
    running: 0,
    succeeded: 0,
    failed: 0,
    timedOut: 0,
    aborted: 0,
    total: 0,
    resultsWritten: 0,
    failuresNotRedrivable: 0,
    pendingRedrive: 0,
  };
}

export function emptyCounts(): MapRunCounts {
  return { items: emptyCountSet(), executions: emptyCountSet() };
}

const FIELD_OF_END: Record<ChildEnd, 'succeeded' | 'failed' | 'timedOut' | 'aborted'> = {
  SUCCEEDED: 'succeeded',
  FAILED: 'failed',
  TIMED_OUT: 'timedOut',
  ABORTED: 'aborted',
};

/** A child of `itemCount` items was created (pending until it starts). */
export function countCreated(counts: MapRunCounts, itemCount: number): void {
  counts.items.total += itemCount;
  counts.items.pending += itemCount;
  counts.executions.total += 1;
  counts.executions.pending += 1;
}

export function countStarted(counts: MapRunCounts, itemCount: number): void {
  counts.items.pending -= itemCount;
  counts.items.running += itemCount;
  counts.executions.pending -= 1;
  counts.executions.running += 1;
}

export function countEnded(counts: MapRunCounts, itemCount: number, end: ChildEnd): void {
  counts.items.running -= itemCount;
  counts.items[FIELD_OF_END[end]] += itemCount;
  counts.executions.running -= 1;
  counts.executions[FIELD_OF_END[end]] += 1;
}

/** A child pending redrive is run again. */
export function countRerun(counts: MapRunCounts, itemCount: number): void {
  counts.items.pendingRedrive -= itemCount;
  counts.items.running += itemCount;
  counts.executions.pendingRedrive -= 1;
  counts.executions.running += 1;
}

export function countResultWritten(counts: MapRunCounts, itemCount: number): void {
  counts.items.resultsWritten += itemCount;
  counts.executions.resultsWritten += 1;
}

/**
 * An ended Map Run reopened by a redrive: its unsuccessful children wait as pending redrive, and items that were
 * read but never started are forgotten (the source is read again from the first item no child started).
 */
export function countReopened(counts: MapRunCounts): void {
  for (const set of [counts.items, counts.executions]) {
    set.total -= set.pending;
    set.pending = 0;
    set.pendingRedrive = set.failed + set.timedOut + set.aborted;
    set.failed = 0;
    set.timedOut = 0;
    set.aborted = 0;
    set.resultsWritten = set.succeeded;
  }
}

/** How many children (and their items) have one status, as the ledger counts them from the children's rows. */
export interface StatusCount {
  status: string;
  executions: number;
  items: number;
}

type RowField = 'succeeded' | 'failed' | 'timedOut' | 'aborted' | 'running';

const FIELD_OF_STATUS: Partial<Record<string, RowField>> = { ...FIELD_OF_END, RUNNING: 'running' };

/**
 * The counts of a Map Run a crash interrupted, rebuilt from its children's rows (written as each child starts and
 * ends; the run's own row is saved only now and then). Items are handed out in order, so the items started are
 * the sum of the children's items.
 */
export function countsFromRows(rows: readonly StatusCount[]): { counts: MapRunCounts; itemsStarted: number } {
  const counts = emptyCounts();
  let itemsStarted = 0;
  for (const row of rows) {
    const key = FIELD_OF_STATUS[row.status];
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
  return { counts, itemsStarted };
}

/** A child counted by its end that a redrive had still to rerun when the server crashed: pending redrive again. */
export function countStillPendingRedrive(counts: MapRunCounts, child: { status: string; itemCount: number }): void {
  const key = FIELD_OF_STATUS[child.status];
  if (key === undefined || key === 'running') return;
  for (const [set, n] of [
    [counts.items, child.itemCount],
    [counts.executions, 1],
  ] as const) {
    set[key] -= n;
    set.resultsWritten -= n;
    set.pendingRedrive += n;
  }
}

/**
 * The end counters set from the children's rows, with nothing pending redrive: the children a redrive meant to
 * rerun but never started keep the status they had.
 */
export function recountFromRows(counts: MapRunCounts, rows: readonly StatusCount[]): void {
  const { items, executions } = counts;
  for (const set of [items, executions]) {
    set.succeeded = 0;
    set.failed = 0;
    set.timedOut = 0;
    set.aborted = 0;
    set.running = 0;
    set.pendingRedrive = 0;
  }
  for (const row of rows) {
    const key = FIELD_OF_STATUS[row.status];
    if (key === undefined) continue;
    items[key] += row.items;
    executions[key] += row.executions;
  }
}

export interface Tolerance {
  toleratedFailureCount?: number;
  toleratedFailurePercentage?: number;
}

/**
 * Whether the failed + timed-out items certainly exceed the tolerance. `knownTotal` is the final number of
 * items when it is known (state data, or the ItemReader has been read to its end); `upperBound` bounds it when
 * only that is known (ReaderConfig MaxItems). While neither is known the percentage can only be exceeded when it
 * is 0 (any failure exceeds 0% of any total): the run never fails on a ratio the final total could still bring
 * under the threshold. The count applies at once. Both set: exceeding either fails the run.
 */
export function exceedsTolerance(
  counts: MapRunCounts,
  tolerance: Tolerance,
  total: { knownTotal?: number; upperBound?: number },
): boolean {
  const failures = counts.items.failed + counts.items.timedOut;
  if (failures === 0) return false;
  const { toleratedFailureCount: count, toleratedFailurePercentage } = tolerance;
  if (count !== undefined && failures > count) return true;
  // Only a count given: the percentage does not apply (it is 100).
  const percentage = toleratedFailurePercentage ?? (count === undefined ? 0 : 100);
  if (percentage >= 100) return false;
  if (percentage <= 0) return true;
  const denominator = total.knownTotal ?? total.upperBound;
  if (denominator === undefined || denominator === 0) return false;
  return (failures / denominator) * 100 > percentage;
}
