/**
 * A Map Run on its two ports alone: an in-memory ledger and a child-run port that answers from the child's
 * input, with no store, runtime or engine behind them.
 */
import type { NewHistoryEvent } from '../../../src/engine/events';
import type { Json } from '../../../src/engine/json';
import type { DistributedMapRequest } from '../../../src/engine/map-port';
import type { ChildOutcome, ChildRun, ChildRunPort } from '../../../src/map/child-run-port';
import { localDistributedMap } from '../../../src/map/map-run';
import type {
  ChildResultRow,
  ChildRow,
  MapRunEnd,
  MapRunLedger,
  MapRunRecord,
  NewChildExecution,
} from '../../../src/map/map-run-ledger';
import { MapRunRegistry } from '../../../src/map/map-run-registry';

interface FakeChild extends NewChildExecution {
  id: number;
  status: ChildRow['status'];
  output?: string;
  error?: string;
  redriveCount: number;
  stopDate?: number;
}

function fakeLedger(): MapRunLedger & { runs: MapRunRecord[]; ends: MapRunEnd[]; rows: FakeChild[] } {
  const runs: MapRunRecord[] = [];
  const ends: MapRunEnd[] = [];
  const rows: FakeChild[] = [];
  const byArn = (arn: string): FakeChild[] => rows.filter((r) => r.mapRunArn === arn);
  return {
    runs,
    ends,
    rows,
    mapRuns: {
      get: (arn) => runs.find((r) => r.arn === arn),
      insert: (run) => {
        const record: MapRunRecord = {
          ...run,
          id: runs.length + 1,
          status: 'RUNNING',
          itemsStarted: 0,
          redriveCount: 0,
        };
        runs.push(record);
        return record;
      },
      saveProgress: () => undefined,
      saveSettings: () => undefined,
      end: (_id, end) => void ends.push(structuredClone(end)),
      redrive: () => undefined,
    },
    children: {
      insert: (child) => rows.push({ ...child, id: rows.length + 1, status: 'RUNNING', redriveCount: 0 }),
      unsuccessful: (arn) => ({ items: byArn(arn).filter((r) => r.status !== 'SUCCEEDED' && r.status !== 'RUNNING') }),
      results: (arn, afterId, limit): ChildResultRow[] =>
        byArn(arn)
          .filter((r) => r.id > afterId)
          .slice(0, limit)
          .map((r) => ({
            id: r.id,
            name: r.name,
            status: r.status,
            input: r.input,
            output: r.output ?? null,
            error: r.error ?? null,
            cause: null,
            start_date: r.startDate,
            stop_date: r.stopDate ?? null,
            redrive_count: r.redriveCount,
          })),
      statusCounts: () => [],
      redrive: () => undefined,
    },
  };
}

/** Doubles a number input; fails an input of 13. Records what it ran, as the execution host would. */
function fakeChildren(ledger: ReturnType<typeof fakeLedger>): ChildRunPort & { ran: ChildRun[] } {
  const ran: ChildRun[] = [];
  return {
    ran,
    run: (_spec, child): Promise<ChildOutcome> => {
      ran.push(child);
      const n = JSON.parse(child.inputText) as number;
      const row = ledger.rows.find((r) => r.id === child.id)!;
      row.stopDate = 2000;
      if (n === 13) {
        row.status = 'FAILED';
        row.error = 'Unlucky';
        return Promise.resolve({ status: 'FAILED', error: 'Unlucky', stopDate: 2000 });
      }
      row.status = 'SUCCEEDED';
      row.output = JSON.stringify(n * 2);
      return Promise.resolve({ status: 'SUCCEEDED', output: row.output, stopDate: 2000 });
    },
  };
}

function request(
  items: Json[],
  events: NewHistoryEvent[],
  extra: Partial<DistributedMapRequest> = {},
): DistributedMapRequest {
  return {
    executionArn: 'arn:aws:states:us-east-1:000000000000:execution:sm:e',
    stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:sm',
    stateMachineName: 'sm',
    region: 'us-east-1',
    stateName: 'Each',
    state: { Type: 'Map' },
    processor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
    executionType: 'STANDARD',
    label: 'Each',
    items,
    maxConcurrency: 2,
    selectItem: (item) => Promise.resolve(item.Value),
    emit: (event) => void events.push(event),
    signal: new AbortController().signal,
    ...extra,
  };
}

function portOn(ledger: ReturnType<typeof fakeLedger>, children: ChildRunPort) {
  let uuid = 0;
  return localDistributedMap(
    {
      ledger,
      children,
      objects: () => {
        throw new Error('no S3 in this test');
      },
      clock: { now: () => 1000, sleep: () => Promise.resolve() },
      ids: { uuid: () => `00000000-0000-0000-0000-${String(++uuid).padStart(12, '0')}` },
      registry: new MapRunRegistry(),
      recording: () => true,
      log: () => undefined,
    },
    () => ({ executionId: 7, stateMachineId: 3, versionId: 4, roleArn: 'arn:aws:iam::000000000000:role/r' }),
  );
}

describe('a Map Run on its ports', () => {
  it('runs one child per item through the child-run port and records its end in the ledger', async () => {
    const ledger = fakeLedger();
    const children = fakeChildren(ledger);
    const events: NewHistoryEvent[] = [];
    const result = await portOn(ledger, children).run(request([1, 2, 3], events));
    expect(result).toEqual([2, 4, 6]);
    expect(children.ran.map((c) => c.inputText)).toEqual(['1', '2', '3']);
    expect(ledger.rows.map((r) => [r.parentExecutionId, r.stateMachineId, r.itemIndex])).toEqual([
      [7, 3, 0],
      [7, 3, 1],
      [7, 3, 2],
    ]);
    expect(ledger.ends).toHaveLength(1);
    expect(ledger.ends[0]).toMatchObject({ status: 'SUCCEEDED', itemsStarted: 3 });
    expect(ledger.ends[0]!.counts.executions).toMatchObject({ succeeded: 3, failed: 0, total: 3 });
    expect(events.map((e) => e.type)).toEqual(['MapRunStarted', 'MapRunSucceeded']);
  });

  it('fails the Map Run when a child fails beyond the tolerance, with the counts in the ledger', async () => {
    const ledger = fakeLedger();
    const events: NewHistoryEvent[] = [];
    await expect(portOn(ledger, fakeChildren(ledger)).run(request([1, 13, 3], events))).rejects.toMatchObject({
      error: 'States.ExceedToleratedFailureThreshold',
    });
    expect(ledger.ends[0]).toMatchObject({ status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold' });
    expect(ledger.ends[0]!.counts.executions.failed).toBe(1);
    expect(events.map((e) => e.type)).toEqual(['MapRunStarted', 'MapRunFailed']);
  });

  it('redrives an ended Map Run in redrive mode: MapRunRedriven, the unsuccessful child first, then the unread items', async () => {
    const ledger = fakeLedger();
    await expect(portOn(ledger, fakeChildren(ledger)).run(request([1, 13, 3], []))).rejects.toMatchObject({
      error: 'States.ExceedToleratedFailureThreshold',
    });
    const [run] = ledger.runs;
    const [failed] = ledger.ends;
    Object.assign(run!, {
      status: 'FAILED',
      error: failed!.error,
      counts: failed!.counts,
      itemsStarted: failed!.itemsStarted,
    });
    const ran: ChildRun[] = [];
    const lucky: ChildRunPort = {
      run: (_spec, child): Promise<ChildOutcome> => {
        ran.push(child);
        const output = JSON.stringify(2 * (JSON.parse(child.inputText) as number));
        Object.assign(
          ledger.rows.find((r) => r.id === child.id)!,
          { status: 'SUCCEEDED', output, stopDate: 3000 },
        );
        return Promise.resolve({ status: 'SUCCEEDED', output, stopDate: 3000 });
      },
    };
    const events: NewHistoryEvent[] = [];
    const result = await portOn(ledger, lucky).run(request([1, 13, 3], events, { redriveMapRunArn: run!.arn }));
    expect(result).toEqual([2, 26, 6]);
    // The failed child first; then the items the failed attempt had not started, read on from the source.
    expect(ran[0]).toMatchObject({ inputText: '13', redriveCount: 1 });
    expect(failed!.itemsStarted).toBe(2);
    expect(ran.map((c) => c.inputText)).toEqual(['13', '3']);
    expect(events.map((e) => e.type)).toEqual(['MapRunRedriven', 'MapRunSucceeded']);
    expect(ledger.runs).toHaveLength(1);
    expect(ledger.ends[1]!.counts.executions).toMatchObject({ succeeded: 3, failed: 0 });
  });

  it('gives each child in flight its own abort signal, aborted together when the run fails, with no listener warning', async () => {
    const ledger = fakeLedger();
    const signals: AbortSignal[] = [];
    const children: ChildRunPort = {
      run: (_spec, child, signal): Promise<ChildOutcome> => {
        if (child.inputText === '13') return Promise.resolve({ status: 'FAILED', error: 'Unlucky', stopDate: 2000 });
        signals.push(signal);
        return new Promise((resolve) =>
          signal.addEventListener('abort', () => resolve({ status: 'ABORTED', stopDate: 2000 }), { once: true }),
        );
      },
    };
    const warnings: Error[] = [];
    const onWarning = (warning: Error): number => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const items = Array.from({ length: 20 }, (_, i) => i + 1);
      await expect(portOn(ledger, children).run(request(items, [], { maxConcurrency: 20 }))).rejects.toMatchObject({
        error: 'States.ExceedToleratedFailureThreshold',
      });
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(signals.length).toBeGreaterThanOrEqual(12);
    expect(new Set(signals).size).toBe(signals.length);
    expect(signals.every((signal) => signal.aborted)).toBe(true);
    expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
  });
});
