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

/** A child that had ended unsuccessfully is about to be rerun by a redrive. */
export function countRedriven(counts: MapRunCounts, itemCount: number, previous: Exclude<ChildEnd, 'SUCCEEDED'>): void {
  counts.items[FIELD_OF_END[previous]] -= itemCount;
  counts.items.pending += itemCount;
  counts.executions[FIELD_OF_END[previous]] -= 1;
  counts.executions.pending += 1;
}

export function countResultWritten(counts: MapRunCounts, itemCount: number): void {
  counts.items.resultsWritten += itemCount;
  counts.executions.resultsWritten += 1;
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
