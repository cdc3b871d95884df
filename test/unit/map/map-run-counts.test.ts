import {
  countReopened,
  countRerun,
  countsFromRows,
  countStillPendingRedrive,
  emptyCounts,
  recountFromRows,
  type MapRunCounts,
} from '../../../src/map/map-run-counts';

function counts(items: Partial<MapRunCounts['items']>, executions: Partial<MapRunCounts['executions']>): MapRunCounts {
  const out = emptyCounts();
  Object.assign(out.items, items);
  Object.assign(out.executions, executions);
  return out;
}

describe('Map Run counts', () => {
  it('a reopened run waits on its unsuccessful children and forgets the items never started', () => {
    const run = counts(
      { total: 10, pending: 2, succeeded: 4, failed: 2, timedOut: 1, aborted: 1, resultsWritten: 8 },
      { total: 5, pending: 1, succeeded: 2, failed: 1, timedOut: 0, aborted: 1, resultsWritten: 4 },
    );
    countReopened(run);
    expect(run.items).toMatchObject({ total: 8, pending: 0, pendingRedrive: 4, failed: 0, resultsWritten: 4 });
    expect(run.executions).toMatchObject({ total: 4, pending: 0, pendingRedrive: 2, aborted: 0, resultsWritten: 2 });
    countRerun(run, 3);
    expect([run.items.pendingRedrive, run.items.running, run.executions.pendingRedrive]).toEqual([1, 3, 1]);
  });

  it('rebuilds the counts and the items started from the rows after a crash', () => {
    const rows = [
      { status: 'SUCCEEDED', executions: 2, items: 5 },
      { status: 'RUNNING', executions: 1, items: 3 },
      { status: 'PENDING_REDRIVE', executions: 1, items: 2 },
    ];
    const { counts: rebuilt, itemsStarted } = countsFromRows(rows);
    expect(itemsStarted).toBe(10);
    expect(rebuilt.items).toMatchObject({ succeeded: 5, running: 3, total: 8, resultsWritten: 5 });
    expect(rebuilt.executions).toMatchObject({ succeeded: 2, running: 1, total: 3, resultsWritten: 2 });
    countStillPendingRedrive(rebuilt, { status: 'SUCCEEDED', itemCount: 2 });
    expect(rebuilt.items).toMatchObject({ succeeded: 3, resultsWritten: 3, pendingRedrive: 2 });
    countStillPendingRedrive(rebuilt, { status: 'RUNNING', itemCount: 3 });
    expect(rebuilt.items.running).toBe(3);
  });

  it('recounts the end counters from the rows, with nothing left pending redrive', () => {
    const run = counts({ total: 6, succeeded: 1, pendingRedrive: 5 }, { total: 3, succeeded: 1, pendingRedrive: 2 });
    recountFromRows(run, [
      { status: 'SUCCEEDED', executions: 2, items: 4 },
      { status: 'FAILED', executions: 1, items: 2 },
    ]);
    expect(run.items).toMatchObject({ total: 6, succeeded: 4, failed: 2, pendingRedrive: 0 });
    expect(run.executions).toMatchObject({ total: 3, succeeded: 2, failed: 1, pendingRedrive: 0 });
  });
});
