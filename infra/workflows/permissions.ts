/**
 * The state machine role, derived from the workflow file: for every service integration the file uses, exactly the
 * resources its arguments name through the substitution table, plus what the integration pattern needs (`.sync`:
 * the EventBridge managed rule and Describe/Stop; a Distributed Map: starting and stopping its own children).
 * What cannot be scoped — an argument that is not a placeholder of the right kind, an integration this file does
 * not know — fails synth with the file and state named, rather than granting `*`.
 */
import { Stack, ArnFormat } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { clusterTasksArn } from '../compute';
import { grantObjects } from '../storage';
import type { Binding, BindingKind, SubstitutionTable } from '../substitutions';
import { fillLiteral, type IntegrationUse, type WorkflowScan } from './asl-scan';

export class WorkflowPermissionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkflowPermissionError';
  }
}

export interface PermissionContext {
  /** `workflows/<file>`, for messages. */
  readonly file: string;
  readonly table: SubstitutionTable;
  readonly role: iam.IRole;
  /** This state machine's name and ARN, built from its name (not a reference: the role must exist first). */
  readonly stateMachineName: string;
  readonly stateMachineArn: string;
  /** Buckets the execution input names (RUNTIME_INPUT_BUCKETS): what a computed Bucket argument may read. */
  readonly runtimeBuckets: readonly string[];
}

/** The managed rules Step Functions creates to hear about `.sync` jobs (AWS docs: "IAM policies for …"). */
const SYNC_RULES = {
  ecs: 'StepFunctionsGetEventsForECSTaskRule',
  batch: 'StepFunctionsGetEventsForBatchJobsRule',
} as const;

export function grantWorkflow(scan: WorkflowScan, context: PermissionContext): void {
  for (const use of scan.integrations) grantIntegration(use, context);
  if (scan.distributedMaps.length > 0) grantDistributedMap(context);
}

function grantIntegration(use: IntegrationUse, context: PermissionContext): void {
  const { role } = context;
  const key = `${use.service}:${use.action}`;
  switch (key) {
    case 'ecs:runTask': {
      const taskDefinition = bound(use, 'TaskDefinition', 'ecs-task-definition', context).taskDefinition;
      const cluster = bound(use, 'Cluster', 'ecs-cluster', context).cluster;
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['ecs:RunTask'],
          resources: [taskDefinition.taskDefinitionArn],
          conditions: { ArnEquals: { 'ecs:cluster': cluster.clusterArn } },
        }),
      );
      taskDefinition.taskRole.grantPassRole(role);
      taskDefinition.executionRole?.grantPassRole(role);
      if (use.pattern === 'sync') {
        role.addToPrincipalPolicy(
          new iam.PolicyStatement({
            actions: ['ecs:StopTask', 'ecs:DescribeTasks'],
            resources: [clusterTasksArn(cluster)],
          }),
        );
        grantSyncRule(role, SYNC_RULES.ecs);
      }
      if (use.pattern === 'waitForTaskToken') {
        // The task answers for itself: SendTaskSuccess/Failure/Heartbeat on this state machine only.
        iam.Grant.addToPrincipal({
          grantee: taskDefinition.taskRole,
          actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
          resourceArns: [context.stateMachineArn],
        });
      }
      return;
    }
    case 'batch:submitJob': {
      const queue = bound(use, 'JobQueue', 'batch-job-queue', context).jobQueue;
      const definition = bound(use, 'JobDefinition', 'batch-job-definition', context).jobDefinition;
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['batch:SubmitJob'],
          resources: [queue.jobQueueArn, definition.jobDefinitionArn],
        }),
      );
      if (use.pattern === 'sync') {
        const stack = Stack.of(role);
        role.addToPrincipalPolicy(
          new iam.PolicyStatement({
            actions: ['batch:TerminateJob'],
            resources: [stack.formatArn({ service: 'batch', resource: 'job', resourceName: '*' })],
          }),
        );
        // DescribeJobs has no resource-level permissions (Service Authorization Reference): "*" is the only form.
        role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['batch:DescribeJobs'], resources: ['*'] }));
        grantSyncRule(role, SYNC_RULES.batch);
      }
      return;
    }
    case 'sqs:sendMessage':
      requirePattern(use, ['request-response'], context);
      bound(use, 'QueueUrl', 'sqs-queue', context).queue.grantSendMessages(role);
      return;
    // The incremental-ocr drain: receive, delete and hide messages of the queue it names.
    case 'aws-sdk:sqs:receiveMessage':
    case 'aws-sdk:sqs:deleteMessage':
    case 'aws-sdk:sqs:deleteMessageBatch':
    case 'aws-sdk:sqs:changeMessageVisibility':
      bound(use, 'QueueUrl', 'sqs-queue', context).queue.grantConsumeMessages(role);
      return;
    case 'sns:publish': {
      requirePattern(use, ['request-response'], context);
      const topic = bound(use, 'TopicArn', 'sns-topic', context).topic;
      iam.Grant.addToPrincipal({ grantee: role, actions: ['sns:Publish'], resourceArns: [topic.topicArn] });
      // Named actions, not grantPublish's kms:GenerateDataKey*: publishing to an encrypted topic needs these two.
      if (topic.masterKey !== undefined) {
        iam.Grant.addToPrincipal({
          grantee: role,
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resourceArns: [topic.masterKey.keyArn],
        });
      }
      return;
    }
    // Exactly the function (or alias) named; a function that answers a task token may answer for this state machine only.
    case 'lambda:invoke':
    case 'aws-sdk:lambda:invoke': {
      const { fn, arns } = invokedFunction(use, context);
      role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: arns }));
      if (use.pattern === 'waitForTaskToken') {
        iam.Grant.addToPrincipal({
          grantee: fn,
          actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
          resourceArns: [context.stateMachineArn],
        });
      }
      return;
    }
    // Distributed Map ItemReader (JSON, CSV, manifest) and the aws-sdk GetObject/HeadObject calls.
    case 's3:getObject':
    case 'aws-sdk:s3:getObject':
    case 'aws-sdk:s3:headObject': {
      // A MANIFEST reader goes on to read every data file the manifest lists, in the same bucket.
      const keys = use.readerInputType === 'MANIFEST' ? '*' : objectPattern(use, 'Key', context);
      for (const bucket of readableBuckets(use, context)) grantObjects(role, bucket, { read: true }, keys);
      return;
    }
    // The ItemReader reads every object it lists (LOAD_AND_FLATTEN); the SDK call only lists.
    case 's3:listObjectsV2':
      grantObjects(
        role,
        bound(use, 'Bucket', 'bucket', context).bucket,
        { list: true, read: true },
        listedKeys(use, context),
      );
      return;
    case 'aws-sdk:s3:listObjectsV2':
      grantObjects(role, bound(use, 'Bucket', 'bucket', context).bucket, { list: true });
      return;
    // ResultWriter: multipart writes of the Map Run's manifest and result files under Prefix.
    case 's3:putObject': {
      const bucket = bound(use, 'Bucket', 'bucket', context).bucket;
      grantObjects(role, bucket, { read: true, write: true }, listedKeys(use, context));
      return;
    }
    case 'aws-sdk:s3:putObject': {
      const bucket = bound(use, 'Bucket', 'bucket', context).bucket;
      grantObjects(role, bucket, { write: true }, objectPattern(use, 'Key', context));
      return;
    }
    case 'events:putEvents':
    case 'aws-sdk:eventbridge:putEvents':
      requirePattern(use, ['request-response', 'waitForTaskToken'], context);
      grantPutEvents(use, context);
      return;
    default:
      throw new WorkflowPermissionError(
        `${context.file}: state '${use.state}' uses ${use.service}:${use.action}, which infra/ does not know how to ` +
          `grant; add it to infra/workflows/permissions.ts so the state machine role can be scoped to it.`,
      );
  }
}

/**
 * PutEvents on exactly the buses the entries name (no EventBusName: the default bus), and — when every entry's
 * Source is written out — only for those sources (the `events:source` condition key).
 */
function grantPutEvents(use: IntegrationUse, context: PermissionContext): void {
  const where = `${context.file}: state '${use.state}' (${use.service}:${use.action})`;
  const entries = use.args['Entries']?.value;
  if (!Array.isArray(entries) || !entries.every((e) => typeof e === 'object' && e !== null && !Array.isArray(e))) {
    throw new WorkflowPermissionError(
      `${where}: Entries must be a list of entries written out in the state, so the role can be scoped to their ` +
        `buses and sources; got ${JSON.stringify(entries ?? null)?.slice(0, 80) ?? 'nothing'}`,
    );
  }
  const stack = Stack.of(context.role);
  const buses = new Set<string>();
  const sources = new Set<string>();
  let computedSource = false;
  for (const entry of entries as Record<string, unknown>[]) {
    const bus = entry['EventBusName'] ?? 'default';
    if (typeof bus !== 'string' || bus.startsWith('{%') || bus.includes('\u27e6') || 'EventBusName.$' in entry) {
      throw new WorkflowPermissionError(
        `${where}: EventBusName must be a bus name or ARN written out (or left out for the default bus), so the ` +
          `role can be scoped to it; got ${JSON.stringify(entry['EventBusName.$'] ?? bus)}`,
      );
    }
    buses.add(
      bus.startsWith('arn:') ? bus : stack.formatArn({ service: 'events', resource: 'event-bus', resourceName: bus }),
    );
    const source = entry['Source'];
    if (typeof source === 'string' && !source.startsWith('{%') && !source.includes('\u27e6')) sources.add(source);
    else computedSource = true;
  }
  context.role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['events:PutEvents'],
      resources: [...buses],
      ...(computedSource || sources.size === 0
        ? {}
        : { conditions: { StringEquals: { 'events:source': [...sources] } } }),
    }),
  );
}

/** A Distributed Map runs each child as an execution of this same state machine. */
function grantDistributedMap(context: PermissionContext): void {
  const stack = Stack.of(context.role);
  context.role.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [context.stateMachineArn] }),
  );
  context.role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['states:DescribeExecution', 'states:StopExecution'],
      resources: [
        stack.formatArn({
          service: 'states',
          resource: 'execution',
          resourceName: `${context.stateMachineName}/*`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
    }),
  );
}

function grantSyncRule(role: iam.IRole, rule: string): void {
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
      resources: [Stack.of(role).formatArn({ service: 'events', resource: 'rule', resourceName: rule })],
    }),
  );
}

/** The bucket a read names, or — when the execution input names it — the workflow's runtime input buckets. */
function readableBuckets(use: IntegrationUse, context: PermissionContext): s3.IBucket[] {
  const arg = use.args['Bucket'];
  if (
    arg !== undefined &&
    arg.literal === undefined &&
    arg.placeholders.length === 0 &&
    context.runtimeBuckets.length > 0
  ) {
    return context.runtimeBuckets.map((name) => {
      const binding = context.table[name];
      if (binding?.kind !== 'bucket') throw unknownPlaceholder('infra/substitutions.ts RUNTIME_INPUT_BUCKETS', name);
      return binding.bucket;
    });
  }
  return [bound(use, 'Bucket', 'bucket', context).bucket];
}

/**
 * The function a Lambda Task invokes and the ARNs it calls it by: `${Fn}` (the function, or the alias a qualified
 * substitution names), `${Fn}:alias` or `${Fn}` with `Qualifier: "alias"` (that alias, deployed for it), `$LATEST`.
 */
function invokedFunction(use: IntegrationUse, context: PermissionContext): { fn: lambda.Function; arns: string[] } {
  const where = `${context.file}: state '${use.state}' (${use.service}:${use.action})`;
  const name = use.args['FunctionName'];
  const qualified = name?.literal === undefined ? null : /^(\u27e6[^\u27e7]+\u27e7):([^:]+)$/.exec(name.literal);
  const args = qualified === null ? use.args : { ...use.args, FunctionName: { ...name!, literal: qualified[1]! } };
  const binding = bound({ ...use, args }, 'FunctionName', 'lambda-function', context);
  const parameter = use.args['Qualifier'];
  if (parameter !== undefined && (parameter.literal === undefined || parameter.placeholders.length > 0)) {
    throw new WorkflowPermissionError(
      `${where}: Qualifier must be an alias written out, so the role can be scoped to it; got ${JSON.stringify(parameter.literal ?? '(a JSONPath/JSONata expression)')}`,
    );
  }
  const qualifier = qualified?.[2] ?? parameter?.literal;
  if (qualifier === undefined) return { fn: binding.fn, arns: [binding.value] };
  if (binding.alias !== undefined) {
    throw new WorkflowPermissionError(
      `${where}: FunctionName already names the alias ${binding.alias.aliasName}; it cannot be qualified again with ${qualifier}`,
    );
  }
  if (qualifier === '$LATEST')
    return { fn: binding.fn, arns: [binding.fn.functionArn, `${binding.fn.functionArn}:$LATEST`] };
  return { fn: binding.fn, arns: [binding.qualify(qualifier, where).functionArn] };
}

/** The binding of the single placeholder an argument consists of, which must be of `kind`. */
function bound<K extends BindingKind>(
  use: IntegrationUse,
  field: string,
  kind: K,
  context: PermissionContext,
): Extract<Binding, { kind: K }> {
  const arg = use.args[field];
  const where = `${context.file}: state '${use.state}' (${use.service}:${use.action})`;
  const only =
    arg?.literal !== undefined && /^\u27e6[^\u27e7]+\u27e7$/.test(arg.literal) ? arg.placeholders[0] : undefined;
  if (only === undefined) {
    throw new WorkflowPermissionError(
      `${where}: ${field} must be exactly one \${Name} placeholder naming a ${kind} in infra/substitutions.ts, so the ` +
        `role can be scoped to it; got ${arg === undefined ? 'nothing' : JSON.stringify(arg.literal ?? '(a JSONPath/JSONata expression)')}` +
        (field === 'Bucket' ? ' (a bucket the execution input names belongs in RUNTIME_INPUT_BUCKETS)' : ''),
    );
  }
  const binding = context.table[only];
  if (binding === undefined) throw unknownPlaceholder(context.file, only);
  if (binding.kind !== kind) {
    throw new WorkflowPermissionError(
      `${where}: ${field} is \${${only}}, a ${binding.kind}, where a ${kind} is needed`,
    );
  }
  return binding as Extract<Binding, { kind: K }>;
}

/** The literal value of an argument with its placeholders filled from the table, or undefined when it is computed. */
function literalOf(use: IntegrationUse, field: string, context: PermissionContext): string | undefined {
  const literal = use.args[field]?.literal;
  if (literal === undefined) return undefined;
  return fillLiteral(literal, (name) => {
    const binding = context.table[name];
    if (binding === undefined) throw unknownPlaceholder(context.file, name);
    return binding.value;
  });
}

/** A literal key is granted as itself; a key computed at run time (JSONPath, JSONata) as every object. */
function objectPattern(use: IntegrationUse, field: string, context: PermissionContext): string {
  return literalOf(use, field, context) ?? '*';
}

/** Keys under a literal Prefix, or every key when the prefix is computed. */
function listedKeys(use: IntegrationUse, context: PermissionContext): string {
  return `${literalOf(use, 'Prefix', context) ?? ''}*`;
}

function requirePattern(use: IntegrationUse, patterns: IntegrationUse['pattern'][], context: PermissionContext): void {
  if (!patterns.includes(use.pattern)) {
    throw new WorkflowPermissionError(
      `${context.file}: state '${use.state}' uses ${use.service}:${use.action}.${use.pattern}, which infra/ does not grant`,
    );
  }
}

export function unknownPlaceholder(file: string, name: string): WorkflowPermissionError {
  return new WorkflowPermissionError(
    `${file} uses \${${name}}, which infra/substitutions.ts does not define. Add it there (placeholder → resource) ` +
      `and to fanout.local.json's "substitutions", or fix the name.`,
  );
}
