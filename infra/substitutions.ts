/**
 * The one table from `${Name}` placeholder to what it stands for on AWS. The local profile (fanout.local.json)
 * fills the same names with local values; a workflow file may use any name here and nothing else. Each entry also
 * says what kind of resource it is, so the workflow's role can be granted exactly what the file uses.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Fn } from 'aws-cdk-lib';
import type * as batch from 'aws-cdk-lib/aws-batch';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { OCR_TASK_SIZE, type Compute } from './compute';
import type { Messaging } from './messaging';
import type { Network } from './network';
import { DOCUMENTS_INVENTORY_ID, DOCUMENTS_INVENTORY_PREFIX, type Storage } from './storage';

export type Binding =
  | { readonly kind: 'ecs-cluster'; readonly value: string; readonly cluster: ecs.ICluster }
  | { readonly kind: 'ecs-task-definition'; readonly value: string; readonly taskDefinition: ecs.TaskDefinition }
  | { readonly kind: 'batch-job-queue'; readonly value: string; readonly jobQueue: batch.IJobQueue }
  | { readonly kind: 'batch-job-definition'; readonly value: string; readonly jobDefinition: batch.IJobDefinition }
  | { readonly kind: 'sqs-queue'; readonly value: string; readonly queue: sqs.IQueue }
  | { readonly kind: 'sns-topic'; readonly value: string; readonly topic: sns.ITopic }
  | { readonly kind: 'bucket'; readonly value: string; readonly bucket: s3.IBucket }
  /** A function deployed from the profile's `functions` (infra/functions.ts); `alias` when the value is qualified. */
  | {
      readonly kind: 'lambda-function';
      readonly value: string;
      readonly fn: lambda.Function;
      readonly alias?: lambda.Alias;
      /** The function's alias of that name, deployed on first use (`where` names the asker in errors). */
      readonly qualify: (aliasName: string, where: string) => lambda.Alias;
    }
  /** Object keys, prefixes, numbers, network settings: no permission of their own. */
  | { readonly kind: 'value'; readonly value: string };

export type BindingKind = Binding['kind'];
export type SubstitutionTable = Readonly<Record<string, Binding>>;

/**
 * Tuning of nightly-etl on AWS. Locally the profile uses seconds so tests stay fast; here a failed source waits a
 * minute, then two, then four (capped at ten) before it is parked in the DLQ.
 */
export const ETL_SETTINGS = {
  EtlRetryIntervalSeconds: 60,
  EtlRetryMaxAttempts: 3,
  EtlRetryMaxDelaySeconds: 600,
  EtlToleratedFailedSources: 5,
} as const;

/**
 * Tuning of bulk-ocr on AWS (the profile runs a handful of documents through one task locally). A task is
 * 2 vCPU at ~0.5 pages/s per vCPU: 100 documents of a few pages is a quarter of an hour, short enough that a Spot
 * interruption costs little. 200 tasks at once is 400 vCPU, within a raised Fargate Spot quota; the heartbeat
 * comes every 100 s, so a silent (interrupted) task is retried within 5 minutes.
 */
export const OCR_SETTINGS = {
  OcrDocumentsPerTask: 100,
  OcrMaxConcurrency: 200,
  OcrToleratedFailurePercentage: 5,
  OcrHeartbeatSeconds: 300,
  OcrTaskTimeoutSeconds: 7200,
} as const;

/**
 * Buckets a workflow may read although the file does not name them, because the execution input does: bulk-ocr
 * is given the manifest.json of the day's inventory report, so its ItemReader reads the inventory bucket — and
 * only that bucket. A computed Bucket anywhere else fails synth.
 */
export const RUNTIME_INPUT_BUCKETS: Readonly<Record<string, readonly string[]>> = {
  'bulk-ocr': ['InventoryBucket'],
};

/** Where nightly-etl reads its sources file (deployed there from workflows/etl-sources.json). */
export const ETL_SOURCES_KEY = 'config/etl-sources.json';

export interface TableParts {
  /** The repository root (workflows/fargate-price.json holds the prices the OCR summary estimates cost with). */
  readonly root: string;
  readonly storage: Storage;
  readonly network: Network;
  readonly compute: Compute;
  readonly messaging: Messaging;
  /** The profile's function placeholders (infra/functions.ts). */
  readonly functions?: Readonly<Record<string, Binding>>;
}

export function substitutionTable({
  root,
  storage,
  network,
  compute,
  messaging,
  functions = {},
}: TableParts): SubstitutionTable {
  const bucket = (b: s3.IBucket): Binding => ({ kind: 'bucket', value: b.bucketName, bucket: b });
  const jobDefinition = (d: batch.IJobDefinition): Binding => ({
    kind: 'batch-job-definition',
    value: d.jobDefinitionArn,
    jobDefinition: d,
  });
  const value = (v: string | number): Binding => ({ kind: 'value', value: String(v) });
  const subnetIds = network.vpc.selectSubnets(network.taskSubnets).subnetIds;

  return {
    // ECS (bulk-ocr)
    Cluster: { kind: 'ecs-cluster', value: compute.cluster.clusterArn, cluster: compute.cluster },
    OcrTaskDefinition: {
      kind: 'ecs-task-definition',
      value: compute.ocrTaskDefinition.taskDefinitionArn,
      taskDefinition: compute.ocrTaskDefinition,
    },
    // awsvpc needs NetworkConfiguration on AWS (ignored locally): comma-separated, split by the workflow.
    OcrSubnets: value(Fn.join(',', subnetIds)),
    OcrSecurityGroups: value(network.taskSecurityGroup.securityGroupId),
    // The size of the task definition, for the cost estimate in the summary.
    OcrTaskVcpu: value(OCR_TASK_SIZE.cpu / 1024),
    OcrTaskMemoryGb: value(OCR_TASK_SIZE.memoryMiB / 1024),
    ...Object.fromEntries(Object.entries(OCR_SETTINGS).map(([k, v]) => [k, value(v)])),
    ...fargatePrices(root),

    // Batch (nightly-etl)
    EtlJobQueue: { kind: 'batch-job-queue', value: compute.etlJobQueue.jobQueueArn, jobQueue: compute.etlJobQueue },
    EtlJobDefinition: jobDefinition(compute.etlJobDefinitions.extractTransform),
    EtlLoadJobDefinition: jobDefinition(compute.etlJobDefinitions.load),
    EtlReportJobDefinition: jobDefinition(compute.etlJobDefinitions.report),

    // Queues and notices
    DlqUrl: { kind: 'sqs-queue', value: messaging.dlq.queueUrl, queue: messaging.dlq },
    DlqQueue: { kind: 'sqs-queue', value: messaging.dlq.queueName, queue: messaging.dlq },
    // incremental-ocr: the rule's queue (workflows/rules.json names it), drained by the workflow.
    OcrArrivalsQueue: { kind: 'sqs-queue', value: messaging.ocrArrivals.queueName, queue: messaging.ocrArrivals },
    OcrArrivalsQueueUrl: { kind: 'sqs-queue', value: messaging.ocrArrivals.queueUrl, queue: messaging.ocrArrivals },
    OcrDrainSeconds: value(50),
    OcrDrainWorkers: value(4),
    EtlReportTopicArn: { kind: 'sns-topic', value: messaging.topic.topicArn, topic: messaging.topic },
    ReportTopicArn: { kind: 'sns-topic', value: messaging.topic.topicArn, topic: messaging.topic },

    // Buckets
    DocumentsBucket: bucket(storage.documents),
    InventoryBucket: bucket(storage.inventory),
    ResultsBucket: bucket(storage.results),
    RawBucket: bucket(storage.raw),
    LakeBucket: bucket(storage.lake),
    EtlLakeBucket: bucket(storage.lake),
    EtlSourcesBucket: bucket(storage.lake),
    EtlSourcesKey: value(ETL_SOURCES_KEY),
    // The inventory report's manifests: <prefix>/<documents bucket>/<id>/<date>/manifest.json.
    DocumentsInventoryPrefix: value(
      `${DOCUMENTS_INVENTORY_PREFIX}/${storage.documents.bucketName}/${DOCUMENTS_INVENTORY_ID}`,
    ),

    // Tuning
    ...Object.fromEntries(Object.entries(ETL_SETTINGS).map(([k, v]) => [k, value(v)])),

    // Lambda functions
    ...functions,
  };
}

/** The Fargate prices of workflows/fargate-price.json, as bulk-ocr's summary names them; none if the file is absent. */
function fargatePrices(root: string): Record<string, Binding> {
  const path = join(root, 'workflows', 'fargate-price.json');
  if (!existsSync(path)) return {};
  const p = JSON.parse(readFileSync(path, 'utf8')) as {
    date?: unknown;
    source?: unknown;
    spot?: { vcpuHour?: unknown; gbHour?: unknown };
    onDemand?: { vcpuHour?: unknown; gbHour?: unknown };
  };
  const entries: [string, unknown][] = [
    ['FargateVcpuHour', p.onDemand?.vcpuHour],
    ['FargateGbHour', p.onDemand?.gbHour],
    ['FargateSpotVcpuHour', p.spot?.vcpuHour],
    ['FargateSpotGbHour', p.spot?.gbHour],
    ['FargatePriceDate', p.date],
    ['FargatePriceSource', p.source],
  ];
  const table: Record<string, Binding> = {};
  for (const [name, v] of entries) {
    if (typeof v !== 'number' && typeof v !== 'string') {
      throw new Error(`infra: ${path} has no value for ${name}`);
    }
    // Strings go inside a quoted JSONata literal in the workflow: keep them free of quotes.
    table[name] = { kind: 'value', value: String(v).replace(/['"\\]/g, '') };
  }
  return table;
}
