/**
 * Distributed Map end to end: the real server on an ephemeral port, its embedded S3 loaded and read through
 * @aws-sdk/client-s3, Map Runs driven and inspected through @aws-sdk/client-sfn.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { SFNClient } from '@aws-sdk/client-sfn';
import {
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  DescribeStateMachineForExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListMapRunsCommand,
  ResourceNotFound,
  UpdateMapRunCommand,
  type ExecutionListItem,
} from '@aws-sdk/client-sfn';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { startEndpoint, type TestEndpoint } from '../support/endpoint';

const ROLE = 'arn:aws:iam::123456789012:role/distributed-map-test';
const OBJECTS = 10_000;
const FILES = 4;
const BATCH = 100;
/** Every 33rd batch holds "bad/" keys: 4 batches, 400 items, 4% of the inventory. */
const isBad = (i: number): boolean => Math.floor(i / BATCH) % 33 === 0;

function objectKey(i: number): string {
  return `${isBad(i) ? 'bad' : 'docs'}/scan ${String(i).padStart(5, '0')}.pdf`;
}

describe('Distributed Map over the local endpoint', () => {
  let endpoint: TestEndpoint;
  let sfn: SFNClient;
  let s3: S3Client;

  beforeAll(async () => {
    endpoint = await startEndpoint({ name: 'dmap' });
    ({ sfn, s3 } = endpoint);
  });

  afterAll(() => endpoint.stop());

  async function start(name: string, definition: object, input: unknown = {}): Promise<string> {
    return endpoint.startExecution(await endpoint.createStateMachine(name, definition, ROLE), input);
  }

  const finished = (executionArn: string) => endpoint.untilEnded(executionArn);

  async function mapRunOf(executionArn: string): Promise<string> {
    const { mapRuns } = await sfn.send(new ListMapRunsCommand({ executionArn }));
    expect(mapRuns).toHaveLength(1);
    return mapRuns![0]!.mapRunArn!;
  }

  async function s3Json(bucket: string, key: string): Promise<unknown> {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return JSON.parse(await out.Body!.transformToString());
  }

  async function uploadInventory(): Promise<void> {
    await s3.send(new CreateBucketCommand({ Bucket: 'inventory' }));
    await s3.send(new CreateBucketCommand({ Bucket: 'results' }));
    const perFile = OBJECTS / FILES;
    const files = [];
    for (let f = 0; f < FILES; f++) {
      const rows = [];
      for (let i = f * perFile; i < (f + 1) * perFile; i++) {
        const key = encodeURIComponent(objectKey(i)).replace(/%2F/g, '/');
        rows.push(`"scans","${key}","${1000 + i}","2024-05-01T00:00:00.000Z"`);
      }
      const body = gzipSync(`${rows.join('\n')}\n`);
      const key = `inv/scans/daily/data/part-${f}.csv.gz`;
      await s3.send(new PutObjectCommand({ Bucket: 'inventory', Key: key, Body: body }));
      files.push({ key, size: body.length, MD5checksum: createHash('md5').update(body).digest('hex') });
    }
    const manifest = {
      sourceBucket: 'scans',
      destinationBucket: 'arn:aws:s3:::inventory',
      version: '2016-11-30',
      creationTimestamp: '1714521600000',
      fileFormat: 'CSV',
      fileSchema: 'Bucket, Key, Size, LastModifiedDate',
      files,
    };
    await s3.send(
      new PutObjectCommand({
        Bucket: 'inventory',
        Key: 'inv/scans/daily/2024-05-01T00-00Z/manifest.json',
        Body: JSON.stringify(manifest),
      }),
    );
  }

  it('processes a 10,000-object S3 Inventory in batches and accounts for every item', async () => {
    await uploadInventory();
    const definition = {
      StartAt: 'Documents',
      States: {
        Documents: {
          Type: 'Map',
          ItemReader: {
            Resource: 'arn:aws:states:::s3:getObject',
            ReaderConfig: { InputType: 'MANIFEST' },
            Parameters: { Bucket: 'inventory', Key: 'inv/scans/daily/2024-05-01T00-00Z/manifest.json' },
          },
          ItemBatcher: { MaxItemsPerBatch: BATCH },
          ToleratedFailurePercentage: 5,
          ResultWriter: {
            Resource: 'arn:aws:states:::s3:putObject',
            Parameters: { Bucket: 'results', Prefix: 'ocr' },
          },
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
            StartAt: 'Check',
            States: {
              Check: {
                Type: 'Choice',
                Choices: [{ Variable: '$.Items[0].Key', StringMatches: 'bad/*', Next: 'Reject' }],
                Default: 'Accept',
              },
              Accept: { Type: 'Pass', Result: 'ok', ResultPath: '$.verdict', End: true },
              Reject: { Type: 'Fail', Error: 'Document.Unreadable', Cause: 'the scan could not be read' },
            },
          },
          End: true,
        },
      },
    };
    const executionArn = await start('inventory', definition);
    const done = await finished(executionArn);
    expect(done.status).toBe('SUCCEEDED');
    const mapRunArn = await mapRunOf(executionArn);
    const uuid = mapRunArn.split(':').at(-1)!;
    expect(JSON.parse(done.output!)).toEqual({
      MapRunArn: mapRunArn,
      ResultWriterDetails: { Bucket: 'results', Key: `ocr/${uuid}/manifest.json` },
    });

    const manifest = (await s3Json('results', `ocr/${uuid}/manifest.json`)) as {
      DestinationBucket: string;
      MapRunArn: string;
      ResultFiles: Record<'SUCCEEDED' | 'FAILED' | 'PENDING', { Key: string; Size: number }[]>;
    };
    expect(manifest).toMatchObject({ DestinationBucket: 'results', MapRunArn: mapRunArn });
    expect(manifest.ResultFiles.PENDING).toEqual([]);
    const itemsIn = async (category: 'SUCCEEDED' | 'FAILED'): Promise<{ keys: string[]; records: unknown[] }> => {
      const keys: string[] = [];
      const records: unknown[] = [];
      for (const file of manifest.ResultFiles[category]) {
        for (const record of (await s3Json('results', file.Key)) as { Input: string }[]) {
          records.push(record);
          const input = JSON.parse(record.Input) as { Items: { Key: string }[] };
          keys.push(...input.Items.map((item) => item.Key));
        }
      }
      return { keys, records };
    };
    const succeeded = await itemsIn('SUCCEEDED');
    const failed = await itemsIn('FAILED');
    expect(succeeded.keys).toHaveLength(9600);
    expect(failed.keys).toHaveLength(400);
    expect(new Set([...succeeded.keys, ...failed.keys]).size).toBe(OBJECTS);
    expect(failed.keys.every((key) => key.startsWith('bad/'))).toBe(true);
    expect(succeeded.keys).toContain('docs/scan 00100.pdf');
    expect(failed.records[0]).toMatchObject({
      Status: 'FAILED',
      Error: 'Document.Unreadable',
      Cause: 'the scan could not be read',
    });
    expect(JSON.parse((succeeded.records[0] as { Output: string }).Output)).toMatchObject({ verdict: 'ok' });

    const described = await sfn.send(new DescribeMapRunCommand({ mapRunArn }));
    expect(described).toMatchObject({
      executionArn,
      status: 'SUCCEEDED',
      toleratedFailurePercentage: 5,
      maxConcurrency: 0,
    });
    expect(described.itemCounts).toMatchObject({
      total: OBJECTS,
      succeeded: 9600,
      failed: 400,
      pending: 0,
      running: 0,
      resultsWritten: OBJECTS,
    });
    expect(described.executionCounts).toMatchObject({ total: 100, succeeded: 96, failed: 4 });
    expect(described.stopDate).toBeInstanceOf(Date);

    const children: ExecutionListItem[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(new ListExecutionsCommand({ mapRunArn, maxResults: 30, nextToken }));
      children.push(...page.executions!);
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    expect(children).toHaveLength(100);
    expect(new Set(children.map((c) => c.executionArn)).size).toBe(100);
    expect(children.every((c) => c.mapRunArn === mapRunArn && c.itemCount === BATCH)).toBe(true);
    expect(children.filter((c) => c.status === 'FAILED')).toHaveLength(4);

    const child = children.find((c) => c.status === 'FAILED')!;
    const childDescribed = await sfn.send(new DescribeExecutionCommand({ executionArn: child.executionArn }));
    expect(childDescribed).toMatchObject({ mapRunArn, status: 'FAILED', error: 'Document.Unreadable' });
    const childMachine = await sfn.send(
      new DescribeStateMachineForExecutionCommand({ executionArn: child.executionArn }),
    );
    expect(childMachine).toMatchObject({ mapRunArn, label: 'Documents', name: 'inventory/Documents' });
    expect(JSON.parse(childMachine.definition!)).toMatchObject({ StartAt: 'Check' });
    const parentEvents = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(parentEvents.events!.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'MapStateEntered',
      'MapStateStarted',
      'MapRunStarted',
      'MapRunSucceeded',
      'MapStateSucceeded',
      'MapStateExited',
      'ExecutionSucceeded',
    ]);
  });

  it('fails the Map Run once the tolerated failures are exceeded', async () => {
    const definition = {
      StartAt: 'Map',
      States: {
        Map: {
          Type: 'Map',
          ToleratedFailurePercentage: 10,
          MaxConcurrency: 5,
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
            StartAt: 'Check',
            States: {
              Check: {
                Type: 'Choice',
                Choices: [{ Variable: '$.bad', BooleanEquals: true, Next: 'Fail' }],
                Default: 'Done',
              },
              Done: { Type: 'Succeed' },
              Fail: { Type: 'Fail', Error: 'Item.Bad' },
            },
          },
          End: true,
        },
      },
    };
    const items = Array.from({ length: 50 }, (_, i) => ({ bad: i % 4 === 0 }));
    const executionArn = await start('tolerance', definition, items);
    const done = await finished(executionArn);
    expect(done).toMatchObject({ status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold' });
    const events = (await sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events!;
    expect(events.find((e) => e.type === 'MapRunFailed')?.mapRunFailedEventDetails).toEqual({
      error: 'States.ExceedToleratedFailureThreshold',
      cause: 'The specified tolerated failure threshold was exceeded',
    });
    const described = await sfn.send(new DescribeMapRunCommand({ mapRunArn: await mapRunOf(executionArn) }));
    expect(described.status).toBe('FAILED');
    expect(described.itemCounts!.failed).toBeGreaterThan(5);
  });

  it('returns state-data results inline and runs EXPRESS children without history', async () => {
    const definition = {
      StartAt: 'Map',
      States: {
        Map: {
          Type: 'Map',
          ItemsPath: '$.numbers',
          ItemSelector: { 'value.$': '$$.Map.Item.Value', 'index.$': '$$.Map.Item.Index' },
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'EXPRESS' },
            StartAt: 'Double',
            States: {
              Double: { Type: 'Pass', Parameters: { 'twice.$': 'States.MathAdd($.value, $.value)' }, End: true },
            },
          },
          End: true,
        },
      },
    };
    const executionArn = await start('express', definition, { numbers: [1, 2, 3, 4] });
    const done = await finished(executionArn);
    expect(JSON.parse(done.output!)).toEqual([{ twice: 2 }, { twice: 4 }, { twice: 6 }, { twice: 8 }]);
    const mapRunArn = await mapRunOf(executionArn);
    const { executions } = await sfn.send(new ListExecutionsCommand({ mapRunArn }));
    expect(executions).toHaveLength(4);
    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn: executions![0]!.executionArn }));
    expect(history.events).toEqual([]);
  });

  it('changes a running Map Run with UpdateMapRun', async () => {
    const definition = {
      StartAt: 'Map',
      States: {
        Map: {
          Type: 'Map',
          MaxConcurrency: 1,
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
            StartAt: 'Wait',
            States: { Wait: { Type: 'Wait', Seconds: 1, End: true } },
          },
          End: true,
        },
      },
    };
    const executionArn = await start('update', definition, [1, 2, 3, 4, 5, 6]);
    let mapRunArn: string | undefined;
    while (mapRunArn === undefined) {
      const { mapRuns } = await sfn.send(new ListMapRunsCommand({ executionArn }));
      mapRunArn = mapRuns?.[0]?.mapRunArn;
    }
    const started = Date.now();
    await sfn.send(new UpdateMapRunCommand({ mapRunArn, maxConcurrency: 6, toleratedFailureCount: 2 }));
    const done = await finished(executionArn);
    expect(done.status).toBe('SUCCEEDED');
    // Serially this would take 6 s; after the update the remaining children run together.
    expect(Date.now() - started).toBeLessThan(3500);
    const described = await sfn.send(new DescribeMapRunCommand({ mapRunArn }));
    expect(described).toMatchObject({ maxConcurrency: 6, toleratedFailureCount: 2, status: 'SUCCEEDED' });
    await expect(
      sfn.send(new DescribeMapRunCommand({ mapRunArn: `${mapRunArn.slice(0, -4)}ffff` })),
    ).rejects.toBeInstanceOf(ResourceNotFound);
  });
});
