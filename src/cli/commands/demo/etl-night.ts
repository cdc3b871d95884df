/**
 * One demo night of the nightly ETL against an endpoint (in-process or `fanout serve`): seed the raw data with the
 * task's generator unless the night is already there, put the sources file where the workflow's Map reads it,
 * make sure the DLQ exists, deploy nightly-etl with the profile's substitutions, run it, and describe the outcome
 * as one JSON document. Also used by the end-to-end test and the bench, so all three run the same night.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  DescribeExecutionCommand,
  StartExecutionCommand,
  type DescribeExecutionOutput,
  type HistoryEvent,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Substitutions } from '../../../integrations';
import { loadWorkflow } from '../../workflow';
import { deployWorkflow } from '../run/state-machine';
import { followHistory } from '../run/follow';
import { loadEtlModules, type GeneratedNight } from './etl-modules';
import { describeNight, type NightDocument } from './night-document';
import { NightProgress } from './night-progress';

export const DEMO_RUN_DATE = '2026-11-20';
const CREDENTIALS = { accessKeyId: 'fanout', secretAccessKey: 'fanout' };

export interface EtlNightOptions {
  /** The endpoint's URL (S3, SQS and Step Functions on one port). */
  endpoint: string;
  client: SFNClient;
  /** The project root: workflows/ and tasks/dist/ are found here. */
  root: string;
  /** The profile's substitutions; DlqUrl is pointed at `endpoint`. */
  substitutions: Substitutions;
  /** @default 2026-11-20 */
  runDate?: string;
  /** Clean rows per source when seeding. @default the generator's 1000–5000 */
  rows?: { min: number; max: number };
  /** @default 42 */
  seed?: number;
  /** Replaces the workflow's MaxConcurrency (the bench compares 1 with 10). */
  maxConcurrency?: number;
  progress: (line: string) => void;
  signal?: AbortSignal;
}

export interface EtlNightResult {
  document: NightDocument;
  /** The seeded night: the generator's manifest with each healthy source's expected counts. */
  night: GeneratedNight;
  seconds: number;
}

/** Seeds (if needed) and runs one night; resolves when the execution has ended, whatever its status. */
export async function runEtlNight(options: EtlNightOptions): Promise<EtlNightResult> {
  const runDate = options.runDate ?? DEMO_RUN_DATE;
  const s3 = new S3Client({
    endpoint: options.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: CREDENTIALS,
  });
  const sqs = new SQSClient({ endpoint: options.endpoint, region: 'us-east-1', credentials: CREDENTIALS });
  try {
    const night = await seedNight(s3, options, runDate);
    const substitutions = await prepareResources(s3, sqs, options);
    const workflow = loadWorkflow(join(options.root, 'workflows', 'nightly-etl.asl.json'), substitutions);
    if (workflow.unresolved.length > 0) {
      throw new Error(`no value for \${${workflow.unresolved.join('}, ${')}} in the profile's substitutions`);
    }
    if (options.maxConcurrency !== undefined) {
      workflow.definition = workflow.definition.replace(
        /"MaxConcurrency": \d+/,
        `"MaxConcurrency": ${options.maxConcurrency}`,
      );
    }
    const stateMachineArn = await deployWorkflow(options.client, workflow);
    const started = Date.now();
    const { executionArn = '' } = await options.client.send(
      new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ runDate }) }),
    );
    options.progress(`execution ${executionArn}`);
    const events: HistoryEvent[] = [];
    const progress = new NightProgress(options.client, executionArn, options.progress);
    const polling = progress.start();
    try {
      await followHistory(
        options.client,
        executionArn,
        (event) => {
          events.push(event);
          progress.onEvent(event);
        },
        { intervalMs: 250, ...(options.signal === undefined ? {} : { signal: options.signal }) },
      );
    } finally {
      await progress.stop(polling);
    }
    const seconds = (Date.now() - started) / 1000;
    const execution: DescribeExecutionOutput = await options.client.send(
      new DescribeExecutionCommand({ executionArn }),
    );
    const document = await describeNight({ s3, sqs, execution, events, runDate, substitutions });
    return { document, night, seconds };
  } finally {
    s3.destroy();
    sqs.destroy();
  }
}

/** Writes the night with the generator unless its manifest is already in the raw bucket (a re-run of the demo). */
async function seedNight(s3: S3Client, options: EtlNightOptions, runDate: string): Promise<GeneratedNight> {
  const etl = await loadEtlModules(options.root);
  const sourcesPath = join(options.root, 'workflows', 'etl-sources.json');
  const config = etl.parseSourcesFile(readFileSync(sourcesPath, 'utf8'), sourcesPath);
  const manifestKey = `_demo/dt=${runDate}/manifest.json`;
  const existing = await getText(s3, config.rawBucket, manifestKey);
  if (existing !== undefined) {
    options.progress(`night ${runDate} already seeded (s3://${config.rawBucket}/${manifestKey})`);
    return JSON.parse(existing) as GeneratedNight;
  }
  options.progress(`seeding night ${runDate}: ${config.sources.length} sources into s3://${config.rawBucket}`);
  const t0 = Date.now();
  const night = await etl.generateNight({
    config,
    runDate,
    sink: etl.s3Sink(s3),
    seed: options.seed ?? 42,
    ...(options.rows === undefined ? {} : { rows: options.rows }),
  });
  options.progress(`seeded ${night.rows} rows in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return night;
}

/**
 * What `cdk deploy` provides on AWS: the sources file in S3 where the Map reads it (always the current
 * workflows/etl-sources.json) and the DLQ. The DLQ URL is this endpoint's, whatever port it listens on.
 */
async function prepareResources(s3: S3Client, sqs: SQSClient, options: EtlNightOptions): Promise<Substitutions> {
  const s = options.substitutions;
  const bucket = s['EtlSourcesBucket'];
  const key = s['EtlSourcesKey'];
  if (bucket === undefined || key === undefined) {
    throw new Error('the profile has no EtlSourcesBucket/EtlSourcesKey substitutions');
  }
  await s3.send(new CreateBucketCommand({ Bucket: bucket })).catch((error: { name?: string }) => {
    if (error.name !== 'BucketAlreadyOwnedByYou' && error.name !== 'BucketAlreadyExists') throw error;
  });
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: readFileSync(join(options.root, 'workflows', 'etl-sources.json')),
      ContentType: 'application/json',
    }),
  );
  const queueName = (s['DlqUrl'] ?? 'fanout-dlq').split('/').pop() ?? 'fanout-dlq';
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: queueName }));
  return { ...s, DlqUrl: QueueUrl ?? '' };
}

export async function getText(s3: S3Client, bucket: string, key: string): Promise<string | undefined> {
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return (await object.Body?.transformToString()) ?? '';
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'NoSuchKey' || name === 'NoSuchBucket') return undefined;
    throw error;
  }
}
