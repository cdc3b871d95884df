import type { ChildRow, MapRunLedger, MapRunRecord } from '../../../src/map/map-run-ledger';
import { mapRunNames } from '../../../src/map/map-run-arns';
import { childRunOf, pendingRedrive, unsuccessfulChildren } from '../../../src/map/map-run-rows';

const row = (id: number, status: ChildRow['status'], stopDate?: number): ChildRow => ({
  id,
  name: `child-${id}`,
  status,
  input: '{}',
  startDate: 1,
  ...(stopDate === undefined ? {} : { stopDate }),
  redriveCount: 1,
  itemIndex: id,
  itemCount: 1,
});

describe("a Map Run's child rows", () => {
  it('reads the unsuccessful children a page at a time, the next page only once needed', () => {
    const rows = [1, 2, 3, 4, 5].map((id) => row(id, 'FAILED'));
    const reads: number[] = [];
    const ledger = {
      children: {
        unsuccessful: (_arn: string, afterId: number, limit: number) => {
          reads.push(afterId);
          const items = rows.filter((r) => r.id > afterId).slice(0, limit);
          const last = items[items.length - 1];
          return last !== undefined && last.id < 5 ? { items, nextKey: last.id } : { items };
        },
      },
    } as unknown as MapRunLedger;
    const children = unsuccessfulChildren(ledger, 'arn', 2);
    expect(children.next().value).toMatchObject({ id: 1 });
    expect(reads).toEqual([0]);
    expect([...children].map((c) => c.id)).toEqual([2, 3, 4, 5]);
    expect(reads).toEqual([0, 2, 4]);
  });

  it('turns a row into the child to rerun or to continue', () => {
    const names = mapRunNames('arn:aws:states:us-east-1:000000000000:stateMachine:m', 'm', 'L');
    expect(childRunOf(row(7, 'FAILED'), names, 'rerun')).toMatchObject({ id: 7, redriveCount: 2 });
    expect(childRunOf(row(7, 'FAILED'), names, 'rerun').resume).toBeUndefined();
    const resumed = childRunOf(row(7, 'RUNNING'), names, 'resume');
    expect([resumed.redriveCount, resumed.resume, resumed.arn]).toEqual([1, true, expect.stringContaining('child-7')]);
  });

  it('owes a rerun only to the unsuccessful children that ended before the redrive', () => {
    const run = { redriveCount: 1, redriveDate: 100 } as MapRunRecord;
    expect(pendingRedrive(run, row(1, 'FAILED', 50))).toBe(true);
    expect(pendingRedrive(run, row(1, 'FAILED', 150))).toBe(false);
    expect(pendingRedrive(run, row(1, 'SUCCEEDED', 50))).toBe(false);
    expect(pendingRedrive({ redriveCount: 0 } as MapRunRecord, row(1, 'FAILED', 50))).toBe(false);
  });
});
