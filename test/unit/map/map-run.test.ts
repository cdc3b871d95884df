/**
 * Map Runs through the service on the real engine: an in-memory store and S3, Task children driven by a test
 * task runner.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { StatesError } from '../../../src/engine/errors';
import type { Json } from '../../../src/engine/json';
import type { TaskRequest, TaskRunner } from '../../../src/engine/ports';
import { defaultEngine } from '../../../src/runtime/engine';
import { LocalStepFunctions } from '../../../src/runtime/service';
import { Store } from '../../../src/store/store';
import { MemoryStore } from './support/memory-store';

const ROLE = 'arn:aws:iam::123456789012:role/test';

function distributedMap(fields: Record<string, unknown>, processor: Record<string, unknown>): string {
  return JSON.stringify({
    StartAt: 'Map',
    States: {
      Map: {
        Type: 'Map',
        ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, ...processor },
        End: true,
        ...fields,
      },
    },
  });
}

const PASS_CHILD = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };
const FAIL_ODD = {
  StartAt: 'C',
  States: {
    C: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericGreaterThan: 100, Next: 'F' }], Default: 'P' },
    P: { Type: 'Pass', End: true },
    F: { Type: 'Fail', Error: 'Item.Bad', Cause: 'bad item' },
  },
};
const TASK_CHILD = {
  StartAt: 'T',
  States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } },
};

describe('Map Runs', () => {
  let objects: MemoryStore;
  let service: LocalStepFunctions;
  let tasks: TaskRunner;

  beforeEach(() => {
    objects = new MemoryStore();
    tasks = { run: (request) => Promise.resolve(request.parameters) };
    service = new LocalStepFunctions({
      store: Store.inMemory(),
      engine: defaultEngine,
      objects: () => objects,
      tasks: { run: (request) => tasks.run(request) },
    });
  });

  afterEach(() => service.close());

  function run(definition: string, input: Json, name = 'sm'): string {
    const { stateMachineArn } = service.createStateMachine({ name, definition, roleArn: ROLE });
    const { executionArn } = service.startExecution({ stateMachineArn, input: JSON.stringify(input) });
    return executionArn!;
  }

  function history(executionArn: string): HistoryEvent[] {
    return service.getExecutionHistory({ executionArn, maxResults: 1000 }).events!;
  }

  function mapRunOf(executionArn: string): string {
    const started = history(executionArn).find((e) => e.type === 'MapRunStarted');
    return started!.mapRunStartedEventDetails!.mapRunArn!;
  }

  it('runs one child per state-data item and returns their outputs in item order', async () => {
    const items = Array.from({ length: 50 }, (_, n) => ({ n }));
    const arn = run(distributedMap({ ItemsPath: '$.items', MaxConcurrency: 7 }, PASS_CHILD), { items });
    const done = await service.waitForExecution(arn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toEqual(items);
    const types = history(arn).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['MapStateStarted', 'MapRunStarted', 'MapRunSucceeded', 'MapStateSucceeded']),
    );
    expect(types.indexOf('MapRunStarted')).toBeLessThan(types.indexOf('MapRunSucceeded'));
    const mapRunArn = mapRunOf(arn);
    expect(mapRunArn).toMatch(/^arn:aws:states:us-east-1:000000000000:mapRun:sm\/Map:[0-9a-f-]{36}$/);
    const described = service.describeMapRun({ mapRunArn });
    expect(described).toMatchObject({
      executionArn: arn,
      status: 'SUCCEEDED',
      maxConcurrency: 7,
      toleratedFailureCount: 0,
      toleratedFailurePercentage: 0,
      redriveCount: 0,
    });
    expect(described.itemCounts).toMatchObject({ total: 50, succeeded: 50, failed: 0, pending: 0, running: 0 });
    expect(described.itemCounts!.resultsWritten).toBe(50);
    expect(service.listMapRuns({ executionArn: arn }).mapRuns).toEqual([
      expect.objectContaining({ mapRunArn, executionArn: arn, stateMachineArn: expect.stringMatching(/:sm\/Map$/) }),
    ]);
  });

  it('lists, describes and shows the history of children', async () => {
    const arn = run(distributedMap({}, PASS_CHILD), [1, 2, 3, 4, 5]);
    await service.waitForExecution(arn);
    const mapRunArn = mapRunOf(arn);
    const first = service.listExecutions({ mapRunArn, maxResults: 2 });
    expect(first.executions).toHaveLength(2);
    const second = service.listExecutions({ mapRunArn, maxResults: 2, nextToken: first.nextToken });
    const third = service.listExecutions({ mapRunArn, maxResults: 2, nextToken: second.nextToken });
    const children = [...first.executions!, ...second.executions!, ...third.executions!];
    expect(third.nextToken).toBeUndefined();
    expect(new Set(children.map((c) => c.executionArn)).size).toBe(5);
    const child = children[0]!;
    expect(child).toMatchObject({ mapRunArn, itemCount: 1, status: 'SUCCEEDED' });
    expect(child.executionArn).toMatch(/:execution:sm\/Map:[0-9a-f-]{36}$/);
    expect(child.stateMachineArn).toMatch(/:stateMachine:sm\/Map$/);
    const described = service.describeExecution({ executionArn: child.executionArn });
    expect(described).toMatchObject({ mapRunArn, status: 'SUCCEEDED', stateMachineArn: child.stateMachineArn });
    const machine = service.describeStateMachineForExecution({ executionArn: child.executionArn });
    expect(machine).toMatchObject({ mapRunArn, label: 'Map', name: 'sm/Map' });
    expect(JSON.parse(machine.definition!)).toMatchObject(PASS_CHILD);
    const events = history(child.executionArn!).map((e) => e.type);
    expect(events[0]).toBe('ExecutionStarted');
    expect(events.at(-1)).toBe('ExecutionSucceeded');
    // Children are not the parent machine's executions.
    const top = service.listExecutions({
      stateMachineArn: service.describeExecution({ executionArn: arn }).stateMachineArn,
    });
    expect(top.executions).toHaveLength(1);
  });

  it('fails the Map Run when the tolerated failure count is exceeded', async () => {
    const items = Array.from({ length: 40 }, (_, n) => ({ n: n < 5 ? 200 + n : n }));
    const arn = run(distributedMap({ ToleratedFailureCount: 2, MaxConcurrency: 1 }, FAIL_ODD), items);
    const done = await service.waitForExecution(arn);
    expect(done).toMatchObject({
      status: 'FAILED',
      error: 'States.ExceedToleratedFailureThreshold',
      cause: 'The specified tolerated failure threshold was exceeded',
    });
    const failed = history(arn).find((e) => e.type === 'MapRunFailed');
    expect(failed?.mapRunFailedEventDetails).toEqual({
      error: 'States.ExceedToleratedFailureThreshold',
      cause: 'The specified tolerated failure threshold was exceeded',
    });
    const described = service.describeMapRun({ mapRunArn: mapRunOf(arn) });
    expect(described.status).toBe('FAILED');
    // The third failure crossed the threshold; nothing was started after it.
    expect(described.itemCounts).toMatchObject({ failed: 3, succeeded: 0, total: 3 });
  });

  it('tolerates failures within ToleratedFailurePercentage and reports them', async () => {
    const items = Array.from({ length: 100 }, (_, n) => ({ n: n % 25 === 0 ? 1000 : n }));
    const arn = run(distributedMap({ ToleratedFailurePercentage: 5 }, FAIL_ODD), items);
    const done = await service.waitForExecution(arn);
    expect(done.status).toBe('SUCCEEDED');
    const output = JSON.parse(done.output!) as Json[];
    expect(output).toHaveLength(100);
    expect(output[0]).toMatchObject({ Status: 'FAILED', Error: 'Item.Bad', Cause: 'bad item' });
    expect(output[1]).toEqual({ n: 1 });
    const counts = service.describeMapRun({ mapRunArn: mapRunOf(arn) }).itemCounts;
    expect(counts).toMatchObject({ total: 100, succeeded: 96, failed: 4 });
  });

  it('reads, batches and exports through S3', async () => {
    const rows = Array.from({ length: 1130 }, (_, n) => ({ n }));
    objects.createBucket('in');
    objects.createBucket('out');
    await objects.put('in', 'items.json', JSON.stringify(rows));
    const definition = distributedMap(
      {
        ItemReader: {
          Resource: 'arn:aws:states:::s3:getObject',
          ReaderConfig: { InputType: 'JSON' },
          Parameters: { Bucket: 'in', Key: 'items.json' },
        },
        ItemBatcher: { MaxItemsPerBatch: 100, BatchInput: { tag: 't' } },
        ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'out', Prefix: 'runs' } },
      },
      PASS_CHILD,
    );
    const arn = run(definition, {});
    const done = await service.waitForExecution(arn);
    expect(done.status).toBe('SUCCEEDED');
    const mapRunArn = mapRunOf(arn);
    const uuid = mapRunArn.split(':').at(-1);
    expect(JSON.parse(done.output!)).toEqual({
      MapRunArn: mapRunArn,
      ResultWriterDetails: { Bucket: 'out', Key: `runs/${uuid}/manifest.json` },
    });
    const manifest = JSON.parse(await text(objects, 'out', `runs/${uuid}/manifest.json`)) as {
      ResultFiles: { SUCCEEDED: { Key: string }[] };
    };
    expect(manifest.ResultFiles.SUCCEEDED).toHaveLength(1);
    const succeeded = JSON.parse(await text(objects, 'out', manifest.ResultFiles.SUCCEEDED[0]!.Key)) as {
      Input: string;
    }[];
    expect(succeeded).toHaveLength(12);
    const inputs = succeeded.map((r) => JSON.parse(r.Input) as { Items: Json[]; BatchInput: Json });
    expect(inputs.reduce((sum, i) => sum + i.Items.length, 0)).toBe(1130);
    expect(inputs[0]!.BatchInput).toEqual({ tag: 't' });
    expect(service.describeMapRun({ mapRunArn }).executionCounts).toMatchObject({ total: 12, succeeded: 12 });
    expect(service.describeMapRun({ mapRunArn }).itemCounts).toMatchObject({ total: 1130, succeeded: 1130 });
  });

  it('keeps no history for EXPRESS children, only their status and output', async () => {
    const definition = JSON.stringify({
      StartAt: 'Map',
      States: {
        Map: {
          Type: 'Map',
          ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' }, ...PASS_CHILD },
          End: true,
        },
      },
    });
    const arn = run(definition, ['a', 'b']);
    expect((await service.waitForExecution(arn)).output).toBe('["a","b"]');
    const children = service.listExecutions({ mapRunArn: mapRunOf(arn) }).executions!;
    expect(children.map((c) => c.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect(history(children[0]!.executionArn!)).toEqual([]);
  });

  it('applies UpdateMapRun to a running Map Run', async () => {
    let inFlight = 0;
    let peak = 0;
    const waiting: (() => void)[] = [];
    tasks = {
      run: (request: TaskRequest) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        return new Promise<Json>((resolve) =>
          waiting.push(() => {
            inFlight--;
            resolve(request.parameters);
          }),
        );
      },
    };
    const arn = run(
      distributedMap({ MaxConcurrency: 2 }, { ...TASK_CHILD }),
      Array.from({ length: 12 }, (_, n) => n),
    );
    await until(() => waiting.length === 2);
    const mapRunArn = mapRunOf(arn);
    service.updateMapRun({ mapRunArn, maxConcurrency: 5 });
    expect(service.describeMapRun({ mapRunArn }).maxConcurrency).toBe(5);
    await until(() => waiting.length === 5);
    expect(service.describeMapRun({ mapRunArn }).executionCounts).toMatchObject({ running: 5 });
    while (service.describeExecution({ executionArn: arn }).status === 'RUNNING') {
      waiting.splice(0).forEach((release) => release());
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(peak).toBe(5);
    expect(service.describeMapRun({ mapRunArn })).toMatchObject({ status: 'SUCCEEDED', maxConcurrency: 5 });
  });

  it('aborts the Map Run and its children when the parent is stopped', async () => {
    tasks = {
      run: (request) =>
        new Promise((_, reject) =>
          request.signal.addEventListener('abort', () => reject(request.signal.reason as Error)),
        ),
    };
    const arn = run(distributedMap({ MaxConcurrency: 3 }, TASK_CHILD), [1, 2, 3, 4, 5, 6]);
    await until(() => history(arn).some((e) => e.type === 'MapRunStarted'));
    const mapRunArn = mapRunOf(arn);
    await until(() => service.describeMapRun({ mapRunArn }).executionCounts!.running === 3);
    await service.stopExecution({ executionArn: arn });
    expect(service.describeExecution({ executionArn: arn }).status).toBe('ABORTED');
    expect(history(arn).map((e) => e.type)).toContain('MapRunAborted');
    const described = service.describeMapRun({ mapRunArn });
    expect(described.status).toBe('ABORTED');
    expect(described.executionCounts).toMatchObject({ aborted: 3, running: 0 });
  });

  it('redrives a failed Map Run: only the unsuccessful children run again', async () => {
    const succeeded = new Map<number, number>();
    let flaky = true;
    tasks = {
      run: (request) => {
        const { n } = request.parameters as { n: number };
        if (flaky && n % 4 === 0) return Promise.reject(new StatesError('Flaky', 'fails until the redrive'));
        succeeded.set(n, (succeeded.get(n) ?? 0) + 1);
        return Promise.resolve(request.parameters);
      },
    };
    const items = Array.from({ length: 20 }, (_, n) => ({ n }));
    const arn = run(distributedMap({ MaxConcurrency: 4, ToleratedFailureCount: 1 }, TASK_CHILD), items);
    expect((await service.waitForExecution(arn)).status).toBe('FAILED');
    const mapRunArn = mapRunOf(arn);
    const before = service.describeMapRun({ mapRunArn });
    expect(before.status).toBe('FAILED');

    const succeededBefore = service
      .listExecutions({ mapRunArn, statusFilter: 'SUCCEEDED' })
      .executions!.map(
        (c) => (JSON.parse(service.describeExecution({ executionArn: c.executionArn }).input!) as { n: number }).n,
      );
    expect(succeededBefore.length).toBeGreaterThan(0);
    succeeded.clear();
    flaky = false;
    const { redriveDate } = service.redriveExecution({ executionArn: arn });
    expect(redriveDate).toBeInstanceOf(Date);
    const done = await service.waitForExecution(arn);
    expect([done.status, done.error, done.cause]).toEqual(['SUCCEEDED', undefined, undefined]);
    expect(JSON.parse(done.output!)).toEqual(items);
    expect(done.redriveCount).toBe(1);
    const events = history(arn);
    expect(events.filter((e) => e.type === 'MapRunRedriven')).toEqual([
      expect.objectContaining({ mapRunRedrivenEventDetails: { mapRunArn, redriveCount: 1 } }),
    ]);
    expect(events.filter((e) => e.type === 'MapRunStarted')).toHaveLength(1);
    // The redrive ran every item but those whose child had succeeded, each once.
    const rerun = [...succeeded.keys()];
    expect(rerun.filter((n) => succeededBefore.includes(n))).toEqual([]);
    expect(rerun.length + succeededBefore.length).toBe(20);
    expect([...succeeded.values()].every((count) => count === 1)).toBe(true);
    const after = service.describeMapRun({ mapRunArn });
    expect(after).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
    expect(after.itemCounts).toMatchObject({ total: 20, succeeded: 20, failed: 0, aborted: 0, pendingRedrive: 0 });
    expect(() => service.redriveExecution({ executionArn: arn })).toThrow(notRedrivable);
  });

  it('answers unknown and malformed Map Run ARNs as AWS does', () => {
    expect(() =>
      service.describeMapRun({ mapRunArn: 'arn:aws:states:us-east-1:000000000000:mapRun:sm/Map:nope' }),
    ).toThrow(resourceNotFound);
    expect(() => service.describeMapRun({ mapRunArn: 'arn:aws:states:us-east-1:000000000000:execution:sm:x' })).toThrow(
      invalidArn,
    );
    expect(() => service.listExecutions({ mapRunArn: 'not-an-arn' })).toThrow(invalidArn);
  });
});

const notRedrivable = expect.objectContaining({ code: 'ExecutionNotRedrivable' }) as Error;
const resourceNotFound = expect.objectContaining({ code: 'ResourceNotFound' }) as Error;
const invalidArn = expect.objectContaining({ code: 'InvalidArn' }) as Error;

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

async function text(store: MemoryStore, bucket: string, key: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await store.get(bucket, key)) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}
