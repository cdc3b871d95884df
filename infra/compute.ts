/**
 * Compute: where the containers of tasks/ run. OCR batches run as ECS tasks on a cluster offering FARGATE and
 * FARGATE_SPOT (the workflow picks per run: Spot by default, on-demand for a priority run); ETL jobs run on AWS
 * Batch over a Fargate Spot compute environment (Batch queues the 50 sources so Step Functions need not). Each
 * task's role reaches only its own buckets.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Duration, IgnoreMode, Size } from 'aws-cdk-lib';
import * as batch from 'aws-cdk-lib/aws-batch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { Network } from './network';
import { grantObjects, type Storage } from './storage';

export interface ComputeProps {
  readonly root: string;
  readonly network: Network;
  readonly storage: Storage;
  /** @default 256 — the ceiling of the Batch compute environment (the ETL Map runs 10 sources at a time). */
  readonly etlMaxVcpus?: number;
}

/** The OCR container's name: the workflow's `ContainerOverrides[].Name` and the local profile's container. */
export const OCR_CONTAINER = 'ocr';

/** One tesseract worker per vCPU; the size docs/ocr.md's cost figures and workflows/fargate-price.json assume. */
export const OCR_TASK_SIZE = { cpu: 2048, memoryMiB: 4096 } as const;

/** Fargate's Spot notice is two minutes; the task finishes the pages in flight within it (docs/ocr.md). */
const OCR_STOP_TIMEOUT = Duration.seconds(120);

export class Compute extends Construct {
  readonly cluster: ecs.ICluster;
  readonly ocrTaskDefinition: ecs.FargateTaskDefinition;
  readonly etlJobQueue: batch.IJobQueue;
  readonly etlComputeEnvironment: batch.FargateComputeEnvironment;
  /** `etl extract-transform`, `etl load`, `etl report`: the job definitions of nightly-etl. */
  readonly etlJobDefinitions: Readonly<Record<'extractTransform' | 'load' | 'report', batch.EcsJobDefinition>>;
  readonly ocrTaskRole: iam.Role;
  readonly etlJobRole: iam.Role;

  constructor(scope: Construct, id: string, props: ComputeProps) {
    super(scope, id);
    const { network, storage } = props;

    const cluster = new ecs.Cluster(this, 'Cluster', {
      vpc: network.vpc,
      enableFargateCapacityProviders: true,
      // RunningTaskCount/PendingTaskCount for the dashboard come from Container Insights.
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });
    // A RunTask without a strategy or launch type lands on Spot: interruptions are retried by the workflow.
    cluster.addDefaultCapacityProviderStrategy([
      { capacityProvider: 'FARGATE_SPOT', weight: 1 },
      { capacityProvider: 'FARGATE', weight: 0 },
    ]);

    // The interfaces, not the classes: see storage.ts on exactOptionalPropertyTypes.
    this.cluster = cluster as ecs.ICluster;

    // --- OCR: ECS task definition -------------------------------------------------------------------------
    this.ocrTaskRole = new iam.Role(this, 'OcrTaskRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: 'fanout OCR task: reads documents, writes results',
    });
    grantObjects(this.ocrTaskRole, storage.documents, { read: true });
    // Read too: the idempotency check HEADs <key>.json, and the batch input arrives by S3 pointer
    // (runs/<execution>/batches/…). List: a HEAD of a missing key answers 404 rather than 403 only with ListBucket.
    grantObjects(this.ocrTaskRole, storage.results, { read: true, write: true, list: true });

    this.ocrTaskDefinition = new ecs.FargateTaskDefinition(this, 'OcrTask', {
      cpu: OCR_TASK_SIZE.cpu,
      memoryLimitMiB: OCR_TASK_SIZE.memoryMiB,
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.X86_64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
      taskRole: this.ocrTaskRole,
    });
    this.ocrTaskDefinition.addContainer('Ocr', {
      containerName: OCR_CONTAINER,
      image: taskImage(props.root, 'ocr'),
      essential: true,
      stopTimeout: OCR_STOP_TIMEOUT,
      environment: {
        FANOUT_OCR_WORKERS: String(OCR_TASK_SIZE.cpu / 1024),
        // A little under stopTimeout, so the task exits on its own before ECS sends SIGKILL.
        FANOUT_SHUTDOWN_GRACE_SECONDS: '110',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'ocr', logGroup: taskLogGroup(this, 'OcrLogs') }),
    });

    // --- ETL: Batch on Fargate Spot -------------------------------------------------------------------------
    this.etlComputeEnvironment = new batch.FargateComputeEnvironment(this, 'EtlSpot', {
      vpc: network.vpc,
      vpcSubnets: network.taskSubnets,
      securityGroups: [network.taskSecurityGroup],
      spot: true,
      maxvCpus: props.etlMaxVcpus ?? 256,
    });
    this.etlJobQueue = new batch.JobQueue(this, 'EtlQueue', {
      priority: 1,
      computeEnvironments: [{ computeEnvironment: this.etlComputeEnvironment, order: 1 }],
    }) as batch.IJobQueue;

    this.etlJobRole = new iam.Role(this, 'EtlJobRole', {
      assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
      description: 'fanout ETL job: reads raw feeds, writes the lake and the warehouse',
    });
    // List: a source's location is a glob (s3://raw/orders/dt=D/*.csv) matched against a listing.
    grantObjects(this.etlJobRole, storage.raw, { read: true, list: true });
    // Delete too: a re-run un-commits the night's metrics and removes lake parts an earlier run left (docs/etl.md).
    grantObjects(this.etlJobRole, storage.lake, { read: true, list: true, write: true, delete: true });

    const etlImage = taskImage(props.root, 'etl');
    const etlLogs = ecs.LogDrivers.awsLogs({ streamPrefix: 'etl', logGroup: taskLogGroup(this, 'EtlLogs') });
    const etlJob = (
      id: string,
      command: string[],
      cpu: number,
      memoryMiB: number,
      timeout: Duration,
    ): batch.EcsJobDefinition =>
      new batch.EcsJobDefinition(this, id, {
        container: new batch.EcsFargateContainerDefinition(this, `${id}Container`, {
          image: etlImage,
          cpu,
          memory: Size.mebibytes(memoryMiB),
          command,
          jobRole: this.etlJobRole,
          logging: etlLogs,
          assignPublicIp: false,
          fargatePlatformVersion: ecs.FargatePlatformVersion.LATEST,
          environment: {
            // Bucket names differ per account: they override the sources file's rawBucket/lakeBucket.
            ETL_RAW_BUCKET: storage.raw.bucketName,
            ETL_LAKE_BUCKET: storage.lake.bucketName,
            // DuckDB spills to disk past this; the rest of the memory is Node, the SDK and page cache.
            ETL_MEMORY_LIMIT: `${Math.round(memoryMiB * 0.6)}MB`,
            ETL_THREADS: String(cpu),
          },
        }),
        // One attempt: the workflow retries with back-off and counts the attempts it reports to the DLQ.
        retryAttempts: 1,
        timeout,
      });
    // The same commands as fanout.local.json's jobDefinitions, so a workflow means the same thing in both worlds.
    this.etlJobDefinitions = {
      extractTransform: etlJob(
        'EtlExtractTransform',
        ['extract-transform', '--source', 'Ref::source', '--run-date', 'Ref::runDate'],
        1,
        4096,
        Duration.hours(1),
      ),
      load: etlJob('EtlLoad', ['load', '--run-date', 'Ref::runDate'], 2, 8192, Duration.hours(1)),
      report: etlJob('EtlReport', ['report', '--run-date', 'Ref::runDate'], 0.5, 1024, Duration.minutes(15)),
    };
  }
}

/**
 * A task's image, built from the repository root by its Dockerfile (tasks/<name>/Dockerfile copies package.json,
 * the lock file and tasks/). Synth only hashes and stages the files; Docker runs at deploy time. The context is
 * cut down to what the Dockerfiles copy, so node_modules and dist never reach the hash or the staging directory.
 */
export function taskImage(root: string, name: string): ecs.ContainerImage {
  const file = join('tasks', name, 'Dockerfile');
  if (!existsSync(join(root, file))) {
    throw new Error(
      `infra: ${file} is missing: the ${name} task's image is built from it (ContainerImage.fromAsset). ` +
        `Add the Dockerfile, or remove the ${name} resources from infra/compute.ts.`,
    );
  }
  return ecs.ContainerImage.fromAsset(root, {
    file,
    ignoreMode: IgnoreMode.DOCKER,
    exclude: TASK_IMAGE_CONTEXT,
  });
}

/** Docker-ignore patterns: everything but what the task Dockerfiles COPY. */
export const TASK_IMAGE_CONTEXT = [
  '*',
  '!package.json',
  '!package-lock.json',
  '!tsconfig.json',
  '!tasks',
  'tasks/dist',
  'tasks/**/node_modules',
  '!workflows',
  'workflows/*',
  '!workflows/etl-sources.json',
];

function taskLogGroup(scope: Construct, id: string): logs.LogGroup {
  return new logs.LogGroup(scope, id, { retention: logs.RetentionDays.THREE_MONTHS });
}

/** For IAM statements that name a cluster's tasks (DescribeTasks/StopTask after `.sync`). */
export function clusterTasksArn(cluster: ecs.ICluster): string {
  return cluster.stack.formatArn({ service: 'ecs', resource: 'task', resourceName: `${cluster.clusterName}/*` });
}
