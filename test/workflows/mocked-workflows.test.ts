/**
 * This repository's own workflows tested path by path without their services, through the test kit
 * (fanout/testing): a Step Functions Local mock configuration (test/fixtures/mock-config/workflows.json) answers the
 * ECS and Batch tasks, the states it does not name (S3, SQS, SNS, the Distributed Maps) run for real on the local
 * endpoint, and virtual time skips every back-off and heartbeat. No task process may start: the endpoint's task log
 * index stays empty.
 */
import { join, resolve } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { DescribeExecutionOutput, HistoryEvent } from '@aws-sdk/client-sfn';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ocrSubstitutions } from '../../src/cli/commands/ocr/bulk-ocr';
import { loadProfile } from '../../src/integrations';
import { readLogIndex } from '../../src/integrations/logs';
import { writeInventory } from '../../src/map/inventory';
import { s3ObjectStore } from '../../src/map/objects';
import { startFanout, type FanoutEndpoint } from '../../src/testing';

const ROOT = resolve(__dirname, '../..');
const MOCK_CONFIG = join(ROOT, 'test/fixtures/mock-config/workflows.json');
const RUN_DATE = '2026-03-14';
const SOURCES = ['orders', 'customers', 'stock'];

jest.setTimeout(60_000);

describe('bulk-ocr and nightly-etl under a mock configuration and virtual time', () => {
  let fanout: FanoutEndpoint;
  let substitutions: Record<string, string>;
  let s3: S3Client;
  let sqs: SQSClient;
  let dlqUrl: string;
  const timings: string[] = [];

  beforeAll(async () => {
    fanout = await startFanout({ cwd: ROOT, mockConfig: MOCK_CONFIG });
    const config = { endpoint: fanout.url, region: fanout.region, credentials: fanout.credentials };
    s3 = new S3Client({ ...config, forcePathStyle: true });
    sqs = new SQSClient(config);
    substitutions = ocrSubstitutions({
      root: ROOT,
      substitutions: loadProfile(join(ROOT, 'fanout.local.json')).substitutions,
      endpoint: fanout.url,
    });
    dlqUrl = substitutions['DlqUrl']!;
    for (const bucket of ['fanout-documents', 'fanout-results', 'fanout-lake']) {
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    }
    await sqs.send(new CreateQueueCommand({ QueueName: 'fanout-dlq' }));
    await seedNight();
  });

  afterAll(async () => {
    console.log(`mocked workflow runs (wall time):\n  ${timings.join('\n  ')}`);
    s3?.destroy();
    sqs?.destroy();
    await fanout?.stop();
  });

  afterEach(() => {
    // Every ECS task and Batch job was mocked: the local runner never started a process (each gets a log file).
    expect(readLogIndex(fanout.dataDir)).toEqual([]);
  });

  /** `documents` small objects under their own prefix and an S3 Inventory of them: bulk-ocr's input. */
  async function inventoryOf(prefix: string, documents: number): Promise<{ Bucket: string; Key: string }> {
    for (let i = 0; i < documents; i++) {
      await s3.send(new PutObjectCommand({ Bucket: 'fanout-documents', Key: `${prefix}/doc-${i}.png`, Body: 'x' }));
    }
    const report = await writeInventory(s3ObjectStore(s3), {
      sourceBucket: 'fanout-documents',
      sourcePrefix: `${prefix}/`,
      destinationBucket: 'fanout-results',
      destinationPrefix: `inventory/${prefix}`,
      configId: 'bulk-ocr',
    });
    return { Bucket: report.bucket, Key: report.manifestKey };
  }

  async function seedNight(): Promise<void> {
    const put = (Key: string, body: unknown): Promise<unknown> =>
      s3.send(new PutObjectCommand({ Bucket: 'fanout-lake', Key, Body: JSON.stringify(body) }));
    await put('config/etl-sources.json', { sources: SOURCES.map((name) => ({ name })) });
    for (const source of SOURCES) {
      await put(`metrics/dt=${RUN_DATE}/${source}.json`, {
        rowsRead: 10,
        rowsLoaded: 9,
        rowsQuarantined: 1,
        duplicatesDropped: 0,
        lateRowsDropped: 0,
        seconds: 2,
      });
    }
    await put(`reports/dt=${RUN_DATE}/report.json`, { report: `reports/dt=${RUN_DATE}/report.json`, totals: {} });
  }

  /** Runs the workflow's test case to its end; returns the execution as DescribeExecution has it and its history. */
  async function runTestCase(
    workflow: string,
    testCase: string,
    input: unknown,
  ): Promise<{ execution: DescribeExecutionOutput; events: HistoryEvent[] }> {
    const started = Date.now();
    const result = await fanout.run(`workflows/${workflow}.asl.json`, { input, testCase, substitutions });
    timings.push(`${workflow}#${testCase}: ${Date.now() - started} ms`);
    const execution: DescribeExecutionOutput = {
      executionArn: result.executionArn,
      stateMachineArn: result.stateMachineArn,
      status: result.status,
      startDate: undefined,
      ...(result.output === undefined ? {} : { output: JSON.stringify(result.output) }),
      ...(result.error === undefined ? {} : { error: result.error }),
      ...(result.cause === undefined ? {} : { cause: result.cause }),
    };
    return { execution, events: result.history };
  }

  async function drainDlq(): Promise<Record<string, unknown>[]> {
    const letters: Record<string, unknown>[] = [];
    for (;;) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 600 }),
      );
      if (Messages.length === 0) return letters;
      letters.push(...Messages.map((m) => JSON.parse(m.Body ?? '{}') as Record<string, unknown>));
    }
  }

  const summaryOf = (execution: DescribeExecutionOutput): Record<string, unknown> =>
    JSON.parse((execution.status === 'SUCCEEDED' ? execution.output : execution.cause) ?? '{}') as Record<
      string,
      unknown
    >;

  describe('bulk-ocr', () => {
    it('happy path: the batch is OCRed, its result tallied, nothing goes to the DLQ', async () => {
      const inventory = await inventoryOf('happy', 2);
      const { execution } = await runTestCase('bulk-ocr', 'HappyPath', { inventory, documentsPerTask: 2 });
      expect(execution.status).toBe('SUCCEEDED');
      // The pages come from the mocked task's answer, tallied from the Map's real result files.
      expect(summaryOf(execution)).toMatchObject({
        status: 'SUCCEEDED',
        documents: 2,
        succeeded: 2,
        batches: 1,
        pages: 3,
        ocrPages: 2,
      });
      expect(await drainDlq()).toEqual([]);
    });

    it('a Spot interruption (missed heartbeat) is retried with back-off and the batch then succeeds', async () => {
      const inventory = await inventoryOf('spot', 2);
      const { execution } = await runTestCase('bulk-ocr', 'SpotInterruption', { inventory, documentsPerTask: 2 });
      expect(execution.status).toBe('SUCCEEDED');
      const summary = summaryOf(execution);
      expect(summary).toMatchObject({ status: 'SUCCEEDED', succeeded: 2, failedBatches: 0, retriedBatches: 1 });
      expect(await drainDlq()).toEqual([]);
    });

    it('a batch that fails as a whole sends each of its documents to the DLQ with the reason', async () => {
      const inventory = await inventoryOf('bad', 2);
      const { execution } = await runTestCase('bulk-ocr', 'BadBatch', {
        inventory,
        documentsPerTask: 2,
        toleratedFailurePercentage: 100,
      });
      expect(execution.status).toBe('SUCCEEDED');
      expect(summaryOf(execution)).toMatchObject({ failedBatches: 1, failedInFailedBatches: 2 });
      const letters = await drainDlq();
      expect(letters.map((l) => l['key']).sort()).toEqual(['bad/doc-0.png', 'bad/doc-1.png']);
      expect(letters[0]).toMatchObject({ error: 'OcrInputError', cause: 'The batch file is not JSON.', attempts: 1 });
    });

    it('over the tolerated failure percentage the run fails, after counting what was done', async () => {
      const inventory = await inventoryOf('crash', 4);
      const { execution } = await runTestCase('bulk-ocr', 'TaskKeepsCrashing', {
        inventory,
        documentsPerTask: 2,
        toleratedFailurePercentage: 10,
      });
      expect(execution.status).toBe('FAILED');
      expect(execution.error).toBe('States.ExceedToleratedFailureThreshold');
      expect(summaryOf(execution)).toMatchObject({ status: 'FAILED', succeeded: 0 });
      const letters = await drainDlq();
      // Every document of every failed batch, after the task's three attempts.
      expect(letters.length).toBeGreaterThan(0);
      expect(letters.every((l) => l['error'] === 'States.TaskFailed' && l['attempts'] === 3)).toBe(true);
    });
  });

  describe('nightly-etl', () => {
    it('a quiet night: every source loaded, the load and report jobs run, the summary is published', async () => {
      const { execution } = await runTestCase('nightly-etl', 'QuietNight', { runDate: RUN_DATE });
      expect(execution.status).toBe('SUCCEEDED');
      const output = JSON.parse(execution.output ?? '{}') as { succeeded: number; failed: number };
      expect(output).toMatchObject({ runDate: RUN_DATE, succeeded: 3, failed: 0 });
      expect(await drainDlq()).toEqual([]);
    });

    it('a night with a broken source: its job is retried twice, parked in the DLQ, the others still load', async () => {
      const { execution, events } = await runTestCase('nightly-etl', 'BrokenSource', {
        runDate: RUN_DATE,
        toleratedFailedSources: 0,
      });
      expect(execution.status).toBe('FAILED');
      expect(execution.error).toBe('Etl.TooManySourcesFailed');
      expect(execution.cause).toMatch(/^1 of 3 sources failed on 2026-03-14/);
      const letters = await drainDlq();
      expect(letters).toHaveLength(1);
      expect(letters[0]).toMatchObject({ runDate: RUN_DATE, attempts: 3, jobId: 'job-broken', exitCode: 1 });
      // The load ran for the sources that committed (a mocked .sync job: TaskSucceeded with the mocked job).
      expect(events.filter((e) => e.type === 'TaskSucceeded').length).toBeGreaterThanOrEqual(2);
    });
  });
});
