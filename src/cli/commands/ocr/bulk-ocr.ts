/**
 * One run of workflows/bulk-ocr.asl.json against an endpoint (in-process or `fanout serve`), as `fanout ocr`, its
 * demo and the end-to-end test run it: put the documents in the documents bucket (a local folder is synced there),
 * write their S3 Inventory, deploy bulk-ocr with the profile's substitutions and the shared Fargate prices, start
 * it, follow it, and account for every document from the run's result files.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import {
  DescribeExecutionCommand,
  StartExecutionCommand,
  type DescribeExecutionOutput,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Substitutions } from '../../../integrations';
import { writeInventory } from '../../../map/inventory';
import { s3ObjectStore } from '../../../map/objects';
import { inputError } from '../../errors';
import { sleep } from '../../sleep';
import { loadWorkflow } from '../../workflow';
import { deployWorkflow } from '../run/state-machine';
import { loadFargatePrice, priceSubstitutions } from './pricing';
import type { CopiedDocument, OutputLocation } from './output-copier';
import { OutputWatch } from './output-watch';
import { OcrProgressTracker, statusDelayMs, type OcrProgress } from './progress';
import { readDocumentOutcomes, readTaskProfiles, type DocumentOutcome, type OcrSummary } from './results';
import { listKeys, syncFolder } from './upload';

const CREDENTIALS = { accessKeyId: 'fanout', secretAccessKey: 'fanout' };
export const WORKFLOW_FILE = join('workflows', 'bulk-ocr.asl.json');

/** Where the documents are: a local folder (synced into the documents bucket) or a prefix of a bucket. */
export type OcrSource = { kind: 'folder'; path: string } | { kind: 's3'; bucket: string; prefix: string };

export interface BulkOcrOptions {
  /** The endpoint's URL (Step Functions, S3 and SQS on one port). */
  endpoint: string;
  client: SFNClient;
  /** The project root: workflows/ is read from here. */
  root: string;
  /** The profile's substitutions; DlqUrl is pointed at `endpoint`. */
  substitutions: Substitutions;
  source: OcrSource;
  /** @default 'eng' */
  lang?: string;
  /** @default 'best' */
  model?: 'fast' | 'best';
  /** Route the run to on-demand FARGATE. @default false */
  priority?: boolean;
  /** @default the profile's OcrDocumentsPerTask */
  documentsPerTask?: number;
  /** Extra task settings (BatchInput: maxPages, dpi, preprocess...). */
  settings?: Record<string, unknown>;
  onProgress?: (progress: OcrProgress) => void;
  /** Called at each progress poll with the documents whose outputs this run has written so far (up to 10,000). */
  onOutputs?: (from: OutputLocation, documents: CopiedDocument[]) => void;
  /** Called with one line at each step before the run (upload, inventory, start). */
  log?: (line: string) => void;
  signal?: AbortSignal;
  /** How often progress and the status are read, until every document is accounted for. @default 1000 */
  pollMs?: number;
}

export interface BulkOcrRun {
  executionArn: string;
  execution: DescribeExecutionOutput;
  /** The workflow's Summary (its output, or the cause of RunFailed); undefined when it never got there. */
  summary: OcrSummary | undefined;
  /** One entry per document in the inventory. */
  documents: DocumentOutcome[];
  /** Where the documents were read from. */
  sourceBucket: string;
  sourcePrefix: string;
  resultsBucket: string;
  /** Outputs are `<resultsBucket>/<outputPrefix>/<key>.txt|.json`. */
  outputPrefix: string;
  seconds: number;
  /** Where the run's time went: the client's steps, then the tasks' phases summed over their pages. */
  profile: RunProfile;
}

/** Milliseconds. The task phases (tasks/ocr/profile.ts) overlap each other, so they add up to more than the wall. */
export interface RunProfile {
  upload: number;
  inventory: number;
  /** Deploying the workflow and StartExecution. */
  workflowStart: number;
  /** From StartExecution until the execution ended. */
  workflow: number;
  tasks: number;
  task: Record<string, number>;
}

/** A bulk-ocr execution that was started: what `collectBulkOcr` needs to account for its documents afterwards. */
export interface StartedBulkOcr {
  executionArn: string;
  /** The documents' keys, as listed when the inventory was written. */
  keys: string[];
  sourceBucket: string;
  sourcePrefix: string;
  resultsBucket: string;
  outputPrefix: string;
  /** Epoch ms when the run began (before the upload). */
  started: number;
  /** Epoch ms of StartExecution. */
  executionStarted: number;
  steps: Pick<RunProfile, 'upload' | 'inventory' | 'workflowStart'>;
}

export async function runBulkOcr(options: BulkOcrOptions): Promise<BulkOcrRun> {
  const run = await startBulkOcr(options);
  const execution = await follow(options, run);
  return collectBulkOcr(options.endpoint, run, execution);
}

/**
 * Uploads (a folder), writes the inventory, deploys bulk-ocr and starts it; returns without following it, so a
 * caller that outlives the endpoint (a crash test restarting the server) can follow it its own way.
 */
export async function startBulkOcr(
  options: Omit<BulkOcrOptions, 'onProgress' | 'onOutputs' | 'signal' | 'pollMs'>,
): Promise<StartedBulkOcr> {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const substitutions = ocrSubstitutions(options);
  const resultsBucket = required(substitutions, 'ResultsBucket');
  const config = { endpoint: options.endpoint, region: 'us-east-1', credentials: CREDENTIALS };
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  const sqs = new SQSClient(config);
  try {
    await ensureBucket(s3, resultsBucket);
    await sqs.send(new CreateQueueCommand({ QueueName: queueName(required(substitutions, 'DlqUrl')) }));

    let sourceBucket: string;
    let sourcePrefix: string;
    let mark = Date.now();
    const lap = (): number => {
      const now = Date.now();
      const ms = now - mark;
      mark = now;
      return ms;
    };
    if (options.source.kind === 'folder') {
      sourceBucket = required(substitutions, 'DocumentsBucket');
      sourcePrefix = folderPrefix(options.source.path);
      await ensureBucket(s3, sourceBucket);
      const sync = await syncFolder(s3, options.source.path, sourceBucket, sourcePrefix);
      log(
        `uploaded ${sync.uploaded} of ${sync.files} files to s3://${sourceBucket}/${sourcePrefix} (${sync.unchanged} unchanged, ${sync.deleted} removed)`,
      );
    } else {
      sourceBucket = options.source.bucket;
      sourcePrefix = options.source.prefix;
    }
    const upload = lap();
    const keys = await listKeys(s3, sourceBucket, sourcePrefix);
    if (keys.length === 0) throw inputError(`no documents under s3://${sourceBucket}/${sourcePrefix}`);
    const inventory = await writeInventory(s3ObjectStore(s3), {
      sourceBucket,
      sourcePrefix,
      destinationBucket: resultsBucket,
      destinationPrefix: 'inventory',
      configId: 'bulk-ocr',
    });
    log(`inventory of ${inventory.rows} documents: s3://${inventory.bucket}/${inventory.manifestKey}`);
    const inventoryMs = lap();

    const workflow = loadWorkflow(join(options.root, WORKFLOW_FILE), substitutions);
    if (workflow.unresolved.length > 0) {
      throw inputError(
        `no value for \${${workflow.unresolved.join('}, ${')}} in ${WORKFLOW_FILE}: add it to the profile`,
      );
    }
    const stateMachineArn = await deployWorkflow(options.client, workflow);
    const outputPrefix = `text/${sourceBucket}`;
    const input = {
      inventory: { Bucket: inventory.bucket, Key: inventory.manifestKey },
      outputPrefix,
      lang: options.lang ?? 'eng',
      model: options.model ?? 'best',
      priority: options.priority ?? false,
      ...(options.documentsPerTask === undefined ? {} : { documentsPerTask: options.documentsPerTask }),
      ...(options.settings === undefined ? {} : { settings: options.settings }),
    };
    const { executionArn = '' } = await options.client.send(
      new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }),
    );
    const workflowStart = lap();
    log(`execution ${executionArn}`);
    return {
      executionArn,
      keys,
      sourceBucket,
      sourcePrefix,
      resultsBucket,
      outputPrefix,
      started,
      executionStarted: mark,
      steps: { upload, inventory: inventoryMs, workflowStart },
    };
  } finally {
    s3.destroy();
    sqs.destroy();
  }
}

/** Accounts for every document of a run that has ended, from its summary and the result files. */
export async function collectBulkOcr(
  endpoint: string,
  run: StartedBulkOcr,
  execution: DescribeExecutionOutput,
): Promise<BulkOcrRun> {
  const s3 = new S3Client({ endpoint, region: 'us-east-1', credentials: CREDENTIALS, forcePathStyle: true });
  try {
    const summary = summaryOf(execution);
    const sources = { ...run, mapResults: summary?.results.mapResults };
    const documents = await readDocumentOutcomes(s3, sources);
    const tasks = await readTaskProfiles(s3, sources);
    const ended = execution.stopDate?.getTime() ?? Date.now();
    return {
      executionArn: run.executionArn,
      execution,
      summary,
      documents,
      sourceBucket: run.sourceBucket,
      sourcePrefix: run.sourcePrefix,
      resultsBucket: run.resultsBucket,
      outputPrefix: run.outputPrefix,
      seconds: (Date.now() - run.started) / 1000,
      profile: { ...run.steps, workflow: ended - run.executionStarted, ...tasks },
    };
  } finally {
    s3.destroy();
  }
}

/** The profile's substitutions, the shared prices, and the DLQ on this endpoint. */
export function ocrSubstitutions(options: Pick<BulkOcrOptions, 'root' | 'substitutions' | 'endpoint'>): Substitutions {
  const merged: Record<string, string> = {
    ...priceSubstitutions(loadFargatePrice(options.root)),
    ...options.substitutions,
  };
  const dlq = merged['DlqUrl'];
  if (dlq !== undefined) merged['DlqUrl'] = `${options.endpoint}${new URL(dlq).pathname}`;
  return merged;
}

/** Listing outputs to count documents done between batch ends is cheap up to this many documents. */
const COUNT_OUTPUTS_UP_TO = 10_000;

async function follow(options: BulkOcrOptions, run: StartedBulkOcr): Promise<DescribeExecutionOutput> {
  const { executionArn } = run;
  const s3 = new S3Client({
    endpoint: options.endpoint,
    region: 'us-east-1',
    credentials: CREDENTIALS,
    forcePathStyle: true,
  });
  const watch = run.keys.length <= COUNT_OUTPUTS_UP_TO ? new OutputWatch(s3, run) : undefined;
  const tracker = new OcrProgressTracker(options.client, executionArn, run.keys.length);
  const pollMs = options.pollMs ?? 1000;
  const watched = options.onProgress !== undefined || options.onOutputs !== undefined;
  let polled = 0;
  let last: OcrProgress | undefined;
  try {
    for (;;) {
      const execution = await options.client.send(new DescribeExecutionCommand({ executionArn }));
      const ended = execution.status !== 'RUNNING';
      if (watched && (ended || Date.now() - polled >= pollMs)) {
        polled = Date.now();
        const written = await watch?.written();
        if (written !== undefined) options.onOutputs?.(run, written);
        const progress = await tracker.poll(written?.length);
        last = progress;
        options.onProgress?.(progress);
      }
      if (ended) return execution;
      await sleep(statusDelayMs(last, pollMs), options.signal);
    }
  } finally {
    s3.destroy();
  }
}

/** The Summary state's document: the output of a run that succeeded, the cause of one that failed after it. */
function summaryOf(execution: DescribeExecutionOutput): OcrSummary | undefined {
  const text = execution.status === 'SUCCEEDED' ? execution.output : execution.cause;
  if (text === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as Partial<OcrSummary>;
    return typeof parsed.documents === 'number' && parsed.results !== undefined ? (parsed as OcrSummary) : undefined;
  } catch {
    return undefined;
  }
}

/** A stable prefix per local folder, so running the same folder again finds its documents (and skips them). */
export function folderPrefix(path: string): string {
  const name = (
    path
      .replace(/[/\\]+$/, '')
      .split(/[/\\]/)
      .pop() ?? 'documents'
  ).replace(/[^\w.-]/g, '_');
  const hash = createHash('sha256').update(path).digest('hex').slice(0, 8);
  return `folders/${name || 'documents'}-${hash}/`;
}

async function ensureBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    const name = (error as { name?: unknown } | null)?.name;
    if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw error;
  }
}

function required(substitutions: Substitutions, name: string): string {
  const value = substitutions[name];
  if (value === undefined || value === '') throw inputError(`the profile's substitutions need ${name}`);
  return value;
}

function queueName(url: string): string {
  return new URL(url).pathname.split('/').filter(Boolean).pop() ?? 'fanout-dlq';
}
