/**
 * The whole deployment as one stack, built from constructs that read as the architecture does: storage, network,
 * compute, queues and notices, workflows, schedule, monitoring. One stack keeps every reference a plain Ref (no
 * cross-stack exports to unpick when a bucket changes); the constructs are the units of review.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';
import { Compute } from './compute';
import { Functions } from './functions';
import { Messaging } from './messaging';
import { Monitoring } from './monitoring';
import { Network } from './network';
import { suppressAccepted } from './nag';
import { Rules } from './rules';
import { readSchedules, Schedules } from './schedule';
import { Storage } from './storage';
import { ETL_SOURCES_KEY, substitutionTable, type SubstitutionTable } from './substitutions';
import { pascal, Workflows } from './workflows/workflows';

export interface FanoutStackProps extends StackProps {
  /** The repository root: workflows/ and tasks/ are read from it. */
  readonly root: string;
  /** @default `<root>/workflows` */
  readonly workflowsDirectory?: string;
  /** @default `<workflowsDirectory>/schedules.json` when it exists */
  readonly schedulesFile?: string;
  /** @default `<workflowsDirectory>/rules.json` when it exists */
  readonly rulesFile?: string;
  /** The local profile whose `functions` are deployed. @default `<root>/fanout.local.json` */
  readonly profileFile?: string;
  /** Workflow names not to deploy. @default ['demo'] */
  readonly skipWorkflows?: readonly string[];
}

/** The output `fanout start --on aws` reads: a JSON object from workflow name to state machine ARN. */
export const WORKFLOWS_OUTPUT = 'WorkflowStateMachines';

export class FanoutStack extends Stack {
  readonly storage: Storage;
  readonly network: Network;
  readonly compute: Compute;
  readonly messaging: Messaging;
  readonly functions: Functions;
  readonly table: SubstitutionTable;
  readonly workflows: Workflows;
  readonly schedules: Schedules | undefined;
  readonly rules: Rules | undefined;
  readonly monitoring: Monitoring;

  constructor(scope: Construct, id: string, props: FanoutStackProps) {
    super(scope, id, props);
    const workflowsDirectory = props.workflowsDirectory ?? join(props.root, 'workflows');

    this.storage = new Storage(this, 'Storage');
    this.network = new Network(this, 'Network', { flowLogBucket: this.storage.accessLogs });
    this.compute = new Compute(this, 'Compute', { root: props.root, network: this.network, storage: this.storage });
    this.messaging = new Messaging(this, 'QueuesAndNotices');
    this.functions = new Functions(this, 'Functions', {
      profileFile: props.profileFile ?? join(props.root, 'fanout.local.json'),
    });
    this.table = substitutionTable({
      root: props.root,
      storage: this.storage,
      network: this.network,
      compute: this.compute,
      messaging: this.messaging,
      functions: this.functions.bindings,
    });

    // nightly-etl reads its sources from the lake bucket; the repository's file is the one source of truth.
    new s3deploy.BucketDeployment(this, 'EtlSourcesFile', {
      sources: [
        s3deploy.Source.data('etl-sources.json', readFileSync(join(props.root, 'workflows/etl-sources.json'), 'utf8')),
      ],
      destinationBucket: this.storage.lake,
      destinationKeyPrefix: ETL_SOURCES_KEY.replace(/[^/]+$/, ''),
      // Never delete what else lives under config/.
      prune: false,
    });

    this.workflows = new Workflows(this, 'Workflows', {
      directory: workflowsDirectory,
      table: this.table,
      ...(props.skipWorkflows === undefined ? {} : { skip: props.skipWorkflows }),
    });

    const schedulesFile = props.schedulesFile ?? join(workflowsDirectory, 'schedules.json');
    this.schedules = existsFile(schedulesFile)
      ? new Schedules(this, 'Schedule', {
          entries: readSchedules(schedulesFile),
          workflows: this.workflows,
          deadLetterQueue: this.messaging.scheduleDlq,
        })
      : undefined;

    const rulesFile = props.rulesFile ?? join(workflowsDirectory, 'rules.json');
    this.rules = existsFile(rulesFile)
      ? new Rules(this, 'Rules', { file: rulesFile, table: this.table, workflows: this.workflows })
      : undefined;

    this.monitoring = new Monitoring(this, 'Monitoring', {
      workflows: this.workflows,
      messaging: this.messaging,
      compute: this.compute,
    });

    new CfnOutput(this, WORKFLOWS_OUTPUT, {
      description: 'Workflow name → state machine ARN (read by `fanout start NAME --on aws`)',
      value: this.toJsonString(
        Object.fromEntries(this.workflows.deployed.map((w) => [w.name, w.stateMachine.stateMachineArn])),
      ),
    });
    for (const w of this.workflows.deployed) {
      new CfnOutput(this, `StateMachine${pascal(w.name)}`, {
        description: `${w.file}`,
        value: w.stateMachine.stateMachineArn,
      });
    }
    new CfnOutput(this, 'DlqUrl', { value: this.messaging.dlq.queueUrl });
    new CfnOutput(this, 'DocumentsBucket', { value: this.storage.documents.bucketName });
    new CfnOutput(this, 'ResultsBucket', { value: this.storage.results.bucketName });
    new CfnOutput(this, 'RawBucket', { value: this.storage.raw.bucketName });
    new CfnOutput(this, 'LakeBucket', { value: this.storage.lake.bucketName });
    new CfnOutput(this, 'NoticesTopic', { value: this.messaging.topic.topicArn });

    suppressAccepted(this);
  }
}

function existsFile(path: string): boolean {
  try {
    return readFileSync(path).length >= 0;
  } catch {
    return false;
  }
}
