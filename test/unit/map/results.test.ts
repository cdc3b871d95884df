import type { ChildResultRecord } from '../../../src/map/results';
import { ResultFiles, transformOutputs } from '../../../src/map/results';
import { MemoryStore } from './support/memory-store';

const MAP_RUN_ARN = 'arn:aws:states:us-east-1:123456789012:mapRun:sm/Map:9d1ec3a8-0000-4000-8000-000000000001';
const RUN_ID = '9d1ec3a8-0000-4000-8000-000000000001';

function succeeded(n: number, output: unknown = { n }): ChildResultRecord {
  return {
    StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:sm/Map',
    ExecutionArn: `arn:aws:states:us-east-1:123456789012:execution:sm/Map:child-${n}`,
    Name: `child-${n}`,
    Input: JSON.stringify({ n }),
    InputDetails: { Included: true },
    Output: JSON.stringify(output),
    OutputDetails: { Included: true },
    RedriveCount: 0,
    RedriveStatus: 'NOT_REDRIVABLE',
    RedriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven',
    StartDate: '2024-01-02T03:04:05.006Z',
    StopDate: '2024-01-02T03:04:06.007Z',
    Status: 'SUCCEEDED',
  };
}

function failed(n: number, status = 'FAILED'): ChildResultRecord {
  const { Output: _o, OutputDetails: _d, ...rest } = succeeded(n);
  return { ...rest, Status: status, RedriveStatus: 'REDRIVABLE_BY_MAP_RUN', Error: 'Boom', Cause: `item ${n} broke` };
}

function target(overrides: Partial<ConstructorParameters<typeof ResultFiles>[1]> = {}) {
  return {
    bucket: 'out',
    prefix: 'mapJobs',
    mapRunId: RUN_ID,
    mapRunArn: MAP_RUN_ARN,
    outputType: 'JSON' as const,
    transformation: 'NONE' as const,
    ...overrides,
  };
}

describe('ResultWriter files', () => {
  test('NONE: SUCCEEDED and FAILED files of AWS-shaped records, and the manifest', async () => {
    const store = new MemoryStore().createBucket('out');
    const files = new ResultFiles(store, target());
    await Promise.all([
      files.add(succeeded(1)),
      files.add(failed(2)),
      files.add(failed(3, 'TIMED_OUT')),
      files.add(succeeded(4)),
    ]);
    expect(await files.finish()).toEqual({ Bucket: 'out', Key: `mapJobs/${RUN_ID}/manifest.json` });

    const ok = JSON.parse(store.text('out', `mapJobs/${RUN_ID}/SUCCEEDED_0.json`)) as object[];
    expect(ok).toHaveLength(2);
    expect(Object.keys(ok[0]!)).toEqual([
      'ExecutionArn',
      'Input',
      'InputDetails',
      'Name',
      'Output',
      'OutputDetails',
      'RedriveCount',
      'RedriveStatus',
      'RedriveStatusReason',
      'StartDate',
      'StateMachineArn',
      'Status',
      'StopDate',
    ]);
    expect(ok[0]).toMatchObject({
      Input: '{"n":1}',
      Output: '{"n":1}',
      InputDetails: { Included: true },
      Status: 'SUCCEEDED',
    });
    const bad = JSON.parse(store.text('out', `mapJobs/${RUN_ID}/FAILED_0.json`)) as object[];
    expect(bad.map((r) => (r as { Status: string }).Status)).toEqual(['FAILED', 'TIMED_OUT']);
    expect(bad[0]).toMatchObject({ Error: 'Boom', Cause: 'item 2 broke' });
    expect(bad[0]).not.toHaveProperty('Output');

    const manifest = JSON.parse(store.text('out', `mapJobs/${RUN_ID}/manifest.json`));
    expect(manifest).toEqual({
      DestinationBucket: 'out',
      MapRunArn: MAP_RUN_ARN,
      ResultFiles: {
        FAILED: [
          {
            Key: `mapJobs/${RUN_ID}/FAILED_0.json`,
            Size: store.body('out', `mapJobs/${RUN_ID}/FAILED_0.json`)!.length,
          },
        ],
        PENDING: [],
        SUCCEEDED: [
          {
            Key: `mapJobs/${RUN_ID}/SUCCEEDED_0.json`,
            Size: store.body('out', `mapJobs/${RUN_ID}/SUCCEEDED_0.json`)!.length,
          },
        ],
      },
    });
  });

  test('files roll to _n+1 past the size threshold; every file is valid JSON', async () => {
    const store = new MemoryStore().createBucket('out');
    const files = new ResultFiles(store, target({ prefix: '' }), { maxFileBytes: 1500 });
    for (let i = 0; i < 10; i++) await files.add(succeeded(i));
    await files.add({
      ...failed(99),
      Status: 'PENDING',
      Error: undefined,
      Cause: undefined,
    } as unknown as ChildResultRecord);
    await files.finish();
    const manifest = JSON.parse(store.text('out', `${RUN_ID}/manifest.json`));
    const keys = (manifest.ResultFiles.SUCCEEDED as { Key: string; Size: number }[]).map((f) => f.Key);
    expect(keys.length).toBeGreaterThan(3);
    expect(keys).toEqual(keys.map((_, n) => `${RUN_ID}/SUCCEEDED_${n}.json`));
    const all = keys.flatMap((k) => {
      expect(store.body('out', k)!.length).toBeLessThanOrEqual(1500);
      return JSON.parse(store.text('out', k)) as { Name: string }[];
    });
    expect(all.map((r) => r.Name)).toEqual(Array.from({ length: 10 }, (_, i) => `child-${i}`));
    expect(manifest.ResultFiles.PENDING).toEqual([{ Key: `${RUN_ID}/PENDING_0.json`, Size: expect.any(Number) }]);
  });

  test('JSONL: one record per line in .jsonl files', async () => {
    const store = new MemoryStore().createBucket('out');
    const files = new ResultFiles(store, target({ outputType: 'JSONL' }));
    await files.add(succeeded(1));
    await files.add(succeeded(2));
    await files.finish();
    const lines = store.text('out', `mapJobs/${RUN_ID}/SUCCEEDED_0.jsonl`).split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe('');
    expect(JSON.parse(lines[1]!)).toMatchObject({ Name: 'child-2' });
  });

  test('COMPACT writes outputs only, FLATTEN splices arrays; failed children stay NONE records', async () => {
    for (const [transformation, expected] of [
      ['COMPACT', [[1, 2], { x: 1 }]],
      ['FLATTEN', [1, 2, { x: 1 }]],
    ] as const) {
      const store = new MemoryStore().createBucket('out');
      const files = new ResultFiles(store, target({ transformation }));
      await files.add(succeeded(1, [1, 2]));
      await files.add(failed(2));
      await files.add(succeeded(3, { x: 1 }));
      await files.finish();
      expect(JSON.parse(store.text('out', `mapJobs/${RUN_ID}/SUCCEEDED_0.json`))).toEqual(expected);
      expect(JSON.parse(store.text('out', `mapJobs/${RUN_ID}/FAILED_0.json`))[0]).toMatchObject({
        Error: 'Boom',
        Status: 'FAILED',
      });
    }
  });

  test('a redrive keeps earlier SUCCEEDED files and numbers new ones after them', async () => {
    const store = new MemoryStore().createBucket('out');
    const earlier = [{ Key: `mapJobs/${RUN_ID}/SUCCEEDED_0.json`, Size: 10 }];
    const files = new ResultFiles(store, target(), { succeededFiles: earlier });
    await files.add(succeeded(5));
    await files.finish();
    const manifest = JSON.parse(store.text('out', `mapJobs/${RUN_ID}/manifest.json`)) as {
      ResultFiles: { SUCCEEDED: { Key: string }[] };
    };
    expect(manifest.ResultFiles.SUCCEEDED.map((f) => f.Key)).toEqual([
      `mapJobs/${RUN_ID}/SUCCEEDED_0.json`,
      `mapJobs/${RUN_ID}/SUCCEEDED_1.json`,
    ]);
  });

  test('a missing bucket is States.ResultWriterFailed', async () => {
    const files = new ResultFiles(new MemoryStore(), target());
    await files.add(succeeded(1));
    await expect(files.finish()).rejects.toMatchObject({
      error: 'States.ResultWriterFailed',
      cause: "The bucket 'out' does not exist",
    });
  });

  test('transformOutputs for results returned inline', () => {
    const records = [succeeded(1, [1, 2]), succeeded(2, 'x'), failed(3)];
    expect(transformOutputs(records, 'COMPACT').slice(0, 2)).toEqual([[1, 2], 'x']);
    expect(transformOutputs(records, 'FLATTEN').slice(0, 3)).toEqual([1, 2, 'x']);
    expect(transformOutputs(records, 'FLATTEN')[3]).toMatchObject({ Status: 'FAILED', Error: 'Boom' });
    expect(transformOutputs(records, 'NONE')[0]).toMatchObject({ Output: '[1,2]', Status: 'SUCCEEDED' });
  });
});
