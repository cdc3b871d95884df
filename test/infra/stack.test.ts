/**
 * The synthesized stack, asserted with aws-cdk-lib/assertions: what issue 6 says it must show. The real workflows
 * are whatever workflows/ holds when the test runs; a fixture workflow exercises every integration the role is
 * derived for (ECS and Batch .sync, SQS, SNS, Distributed Map, S3 reader/writer/SDK).
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, copyFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { Binding } from '../../infra/substitutions';
import { DEFAULT_SKIPPED_WORKFLOWS, workflowFiles, workflowName } from '../../infra/workflows/workflows';
import { buildStack, FIXTURES, referencedIds, render, ROOT, type Built } from './support';

const CFN_TYPE: Record<Exclude<Binding['kind'], 'value'>, string> = {
  'ecs-cluster': 'AWS::ECS::Cluster',
  'ecs-task-definition': 'AWS::ECS::TaskDefinition',
  'batch-job-queue': 'AWS::Batch::JobQueue',
  'batch-job-definition': 'AWS::Batch::JobDefinition',
  'sqs-queue': 'AWS::SQS::Queue',
  'sns-topic': 'AWS::SNS::Topic',
  bucket: 'AWS::S3::Bucket',
  'lambda-function': 'AWS::Lambda::Function',
};

type Resource = { Type: string; Properties: Record<string, unknown> };

function stateMachines(built: Built): Map<string, Resource> {
  const found = built.template.findResources('AWS::StepFunctions::StateMachine') as Record<string, Resource>;
  return new Map(Object.values(found).map((r) => [String(r.Properties['StateMachineName']), r]));
}

function policyStatementsOf(
  built: Built,
  roleLogicalIdPrefix: string,
): { Action: string | string[]; Resource: unknown }[] {
  const policies = built.template.findResources('AWS::IAM::Policy') as Record<string, Resource>;
  return Object.values(policies)
    .filter((p) => JSON.stringify(p.Properties['Roles']).includes(roleLogicalIdPrefix))
    .flatMap(
      (p) =>
        (p.Properties['PolicyDocument'] as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement,
    );
}

function actionsOn(statements: { Action: string | string[]; Resource: unknown }[]): string[] {
  return statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
}

describe('the stack over workflows/', () => {
  let built: Built;
  beforeAll(() => {
    built = buildStack();
  });

  it('offers FARGATE and FARGATE_SPOT on the cluster, Spot by default', () => {
    built.template.hasResourceProperties('AWS::ECS::ClusterCapacityProviderAssociations', {
      CapacityProviders: Match.arrayWith(['FARGATE', 'FARGATE_SPOT']),
      DefaultCapacityProviderStrategy: Match.arrayWith([{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }]),
    });
    built.template.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
    });
  });

  it('gives the OCR task a 120 s stop timeout, its size and the task image', () => {
    built.template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Cpu: '2048',
      Memory: '4096',
      RequiresCompatibilities: ['FARGATE'],
      ContainerDefinitions: [Match.objectLike({ Name: 'ocr', StopTimeout: 120, Essential: true })],
    });
  });

  it('runs ETL jobs on a Fargate Spot compute environment behind a job queue', () => {
    built.template.hasResourceProperties('AWS::Batch::ComputeEnvironment', {
      Type: 'managed',
      ComputeResources: Match.objectLike({ Type: 'FARGATE_SPOT' }),
    });
    const [envId] = Object.keys(built.template.findResources('AWS::Batch::ComputeEnvironment'));
    built.template.hasResourceProperties('AWS::Batch::JobQueue', {
      ComputeEnvironmentOrder: [{ ComputeEnvironment: { 'Fn::GetAtt': [envId, 'ComputeEnvironmentArn'] }, Order: 1 }],
    });
    built.template.resourcePropertiesCountIs(
      'AWS::Batch::JobDefinition',
      { PlatformCapabilities: ['FARGATE'], ContainerProperties: Match.objectLike({ Command: Match.anyValue() }) },
      3,
    );
  });

  it('keeps the DLQ encrypted for 14 days and alarms to the topic on any visible message', () => {
    const dlqId = Stack.of(built.stack).getLogicalId(built.stack.messaging.dlq.node.defaultChild as never);
    built.template.hasResourceProperties('AWS::SQS::Queue', {
      MessageRetentionPeriod: 1209600,
      SqsManagedSseEnabled: true,
    });
    const topicId = Stack.of(built.stack).getLogicalId(built.stack.messaging.topic.node.defaultChild as never);
    built.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: topicId }],
    });
    built.template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
  });

  it('takes a daily CSV inventory of the documents bucket into the inventory bucket', () => {
    const inventoryId = Stack.of(built.stack).getLogicalId(built.stack.storage.inventory.node.defaultChild as never);
    built.template.hasResourceProperties('AWS::S3::Bucket', {
      InventoryConfigurations: [
        Match.objectLike({
          Enabled: true,
          ScheduleFrequency: 'Daily',
          IncludedObjectVersions: 'Current',
          OptionalFields: ['Size', 'ETag', 'LastModifiedDate'],
          Destination: Match.objectLike({ Format: 'CSV', BucketArn: { 'Fn::GetAtt': [inventoryId, 'Arn'] } }),
        }),
      ],
    });
  });

  it('encrypts every bucket, blocks public access and refuses plain HTTP', () => {
    const buckets = built.template.findResources('AWS::S3::Bucket') as Record<string, Resource>;
    expect(Object.keys(buckets)).toHaveLength(6);
    for (const bucket of Object.values(buckets)) {
      expect(bucket.Properties['BucketEncryption']).toBeDefined();
      expect(bucket.Properties['PublicAccessBlockConfiguration']).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
    }
    const policies = Object.values(built.template.findResources('AWS::S3::BucketPolicy') as Record<string, Resource>);
    const ssl = policies.filter((p) => JSON.stringify(p.Properties).includes('"aws:SecureTransport":"false"'));
    expect(ssl).toHaveLength(6);
  });

  it('turns each entry of workflows/schedules.json into an EventBridge Scheduler schedule with retries and a DLQ', () => {
    const file = join(ROOT, 'workflows/schedules.json');
    if (!existsSync(file)) return;
    const entries = (JSON.parse(readFileSync(file, 'utf8')) as { schedules: Record<string, unknown>[] }).schedules;
    const machines = stateMachines(built);
    for (const entry of entries) {
      const target = workflowName(
        String((entry['target'] as { workflow: string }).workflow)
          .split('/')
          .pop() ?? '',
      );
      const machineId = Object.entries(built.template.findResources('AWS::StepFunctions::StateMachine')).find(
        ([, r]) => (r as Resource).Properties['StateMachineName'] === `Fanout-${target}`,
      )?.[0];
      expect(machines.has(`Fanout-${target}`)).toBe(true);
      built.template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: entry['scheduleExpression'],
        ScheduleExpressionTimezone: entry['scheduleExpressionTimezone'] ?? 'UTC',
        State: entry['state'] ?? 'ENABLED',
        Target: Match.objectLike({
          Arn: { Ref: machineId },
          RetryPolicy: { MaximumEventAgeInSeconds: 3600, MaximumRetryAttempts: 10 },
          DeadLetterConfig: { Arn: Match.anyValue() },
          Input: Match.anyValue(),
        }),
      });
      if (entry['target'] !== undefined && (entry['target'] as { input?: unknown }).input === undefined) {
        // No input in the file: the execution gets the scheduled event, whose `time` is the slot (as locally).
        const schedules = Object.values(built.template.findResources('AWS::Scheduler::Schedule')) as Resource[];
        const schedule = schedules.find((r) => r.Properties['ScheduleExpression'] === entry['scheduleExpression']);
        expect(JSON.stringify(schedule?.Properties['Target'])).toContain(
          '\\"time\\":\\"<aws.scheduler.scheduled-time>\\"',
        );
      }
    }
  });

  it('deploys workflows/rules.json: the documents bucket to EventBridge, the rule, its queue target with retries and DLQ', () => {
    const buckets = built.template.findResources('AWS::S3::Bucket') as Record<string, Resource>;
    const documentsId = Object.keys(buckets).find((id) => id.startsWith('StorageDocuments'));
    expect(documentsId).toBeDefined();
    expect(buckets[documentsId!]!.Properties['NotificationConfiguration']).toEqual({
      EventBridgeConfiguration: { EventBridgeEnabled: true },
    });
    const rules = Object.values(built.template.findResources('AWS::Events::Rule')) as Resource[];
    const arrived = rules.find((r) => r.Properties['Name'] === 'Fanout-documents-arrived');
    expect(arrived).toBeDefined();
    expect(arrived!.Properties['EventPattern']).toEqual({
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      detail: { bucket: { name: [{ Ref: documentsId }] } },
    });
    const queues = built.template.findResources('AWS::SQS::Queue') as Record<string, Resource>;
    const arrivalsId = Object.keys(queues).find((id) => id.includes('OcrArrivals'))!;
    const dlqId = Object.keys(queues).find((id) => /NoticesDlq[0-9A-F]{8}$/.test(id))!;
    expect(arrived!.Properties['Targets']).toEqual([
      expect.objectContaining({
        Arn: { 'Fn::GetAtt': [arrivalsId, 'Arn'] },
        RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlqId, 'Arn'] } },
      }),
    ]);
    // The drain may receive and delete from the arrivals queue; an alarm watches the backlog.
    const policies = Object.values(built.template.findResources('AWS::IAM::Policy')) as Resource[];
    const consumers = policies.filter((p) => {
      const text = JSON.stringify(p.Properties['PolicyDocument']);
      return text.includes('sqs:ReceiveMessage') && text.includes(arrivalsId);
    });
    expect(consumers.map((p) => JSON.stringify(p.Properties['Roles']))).toEqual([expect.stringMatching(/ncremental/)]);
    built.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateAgeOfOldestMessage',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [arrivalsId, 'QueueName'] } }],
    });
  });

  it('lets nightly-etl put its events on the default bus, as source fanout.etl only', () => {
    const policies = Object.values(built.template.findResources('AWS::IAM::Policy')) as Resource[];
    const statements = policies.flatMap((p) =>
      (p.Properties['PolicyDocument'] as { Statement: Record<string, unknown>[] }).Statement.filter((s) =>
        JSON.stringify(s['Action']).includes('events:PutEvents'),
      ).map((s) => ({ roles: JSON.stringify(p.Properties['Roles']), statement: s })),
    );
    expect(statements).toHaveLength(1);
    expect(statements[0]!.roles).toMatch(/ightly/);
    const { statement } = statements[0]!;
    expect(statement['Action']).toBe('events:PutEvents');
    expect(render(statement['Resource'])).toMatch(
      /^arn:<AWS::Partition>:events:<AWS::Region>:<AWS::AccountId>:event-bus\/default$/,
    );
    expect(statement['Condition']).toEqual({ StringEquals: { 'events:source': ['fanout.etl'] } });
  });

  it('deploys each workflow file as its definition, byte for byte, with a substitution for every placeholder', () => {
    const machines = stateMachines(built);
    const files = workflowFiles(join(ROOT, 'workflows')).filter(
      (f) => !(DEFAULT_SKIPPED_WORKFLOWS as readonly string[]).includes(workflowName(f)),
    );
    expect(files.length).toBeGreaterThan(0);
    expect(machines.size).toBe(files.length);
    for (const file of files) {
      const text = readFileSync(join(ROOT, 'workflows', file), 'utf8');
      const machine = machines.get(`Fanout-${workflowName(file)}`);
      expect(machine).toBeDefined();
      expect(machine!.Properties['DefinitionString']).toBe(text);
      expectSubstitutionsFill(
        built,
        text,
        machine!.Properties['DefinitionSubstitutions'] as Record<string, unknown>,
        file,
      );
      expect(machine!.Properties['LoggingConfiguration']).toMatchObject({ Level: 'ALL', IncludeExecutionData: true });
      expect(machine!.Properties['TracingConfiguration']).toEqual({ Enabled: true });
    }
  });

  it('outputs the workflow → state machine map `fanout start --on aws` reads', () => {
    const outputs = built.template.findOutputs('WorkflowStateMachines');
    expect(Object.keys(outputs)).toHaveLength(1);
  });

  it('passes cdk-nag AwsSolutions with every finding either fixed or acknowledged with a reason', () => {
    const report = new AwsSolutionsChecks(built.app).validateScope(built.app);
    const findings = report.violations.flatMap((v) =>
      v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`),
    );
    expect(findings).toEqual([]);
    const acknowledgements = built.stack.node
      .findAll()
      .flatMap((c) =>
        c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules' || /acknowledg/i.test(m.type)),
      )
      .flatMap((m) => Object.values(m.data as Record<string, unknown>));
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const a of acknowledgements) expect(JSON.stringify(a)).toMatch(/.{60,}/);
  });
});

/**
 * The file, with CloudFormation's substitutions applied (references rendered as `<LogicalId…>`), is valid JSON with
 * no placeholder left, and every placeholder stands for the table's resource, of the kind its name promises.
 */
function expectSubstitutionsFill(built: Built, text: string, subs: Record<string, unknown>, file: string): void {
  const placeholders = [...new Set([...text.matchAll(/\$\{([A-Za-z0-9_.:-]+)\}/g)].map((m) => m[1] ?? ''))];
  expect(Object.keys(subs ?? {}).sort()).toEqual([...placeholders].sort());
  const filled = text.replace(/\$\{([A-Za-z0-9_.:-]+)\}/g, (_w, name: string) => render(subs[name]));
  expect(filled).not.toMatch(/\$\{[A-Za-z0-9_.:-]+\}/);
  expect(() => JSON.parse(filled) as unknown).not.toThrow();
  const resources = built.template.toJSON()['Resources'] as Record<string, Resource>;
  for (const name of placeholders) {
    const binding = built.stack.table[name];
    if (binding === undefined) throw new Error(`${file}: \${${name}} is not in the table`);
    expect(subs[name]).toEqual(built.stack.resolve(binding.value));
    if (binding.kind === 'value') continue;
    const ids = referencedIds(subs[name]);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect([name, resources[id]?.Type]).toEqual([name, CFN_TYPE[binding.kind]]);
  }
}

describe('the stack over the fixture workflow', () => {
  let built: Built;
  beforeAll(() => {
    built = buildStack({
      workflowsDirectory: join(FIXTURES, 'workflows'),
      schedulesFile: join(FIXTURES, 'workflows/schedules.json'),
    });
  });

  it('deploys the fixture as written, its placeholders filled from the table', () => {
    const text = readFileSync(join(FIXTURES, 'workflows/fixture.asl.json'), 'utf8');
    const machine = stateMachines(built).get('Fanout-fixture')!;
    expect(machine.Properties['DefinitionString']).toBe(text);
    expectSubstitutionsFill(
      built,
      text,
      machine.Properties['DefinitionSubstitutions'] as Record<string, unknown>,
      'fixture',
    );
  });

  it('lets the role call exactly the task definition, job queue and definition, queue, topic and buckets it names', () => {
    const statements = policyStatementsOf(built, 'WorkflowsFixtureRole');
    const stack = built.stack;
    const ref = (c: { node: { defaultChild?: unknown } }): string => stack.getLogicalId(c.node.defaultChild as never);
    const find = (action: string): unknown[] =>
      statements
        .filter((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]).includes(action))
        .map((s) => s.Resource);

    expect(find('ecs:RunTask')).toEqual([{ Ref: ref(stack.compute.ocrTaskDefinition) }]);
    expect(find('batch:SubmitJob')).toEqual([
      [
        { 'Fn::GetAtt': [ref(stack.compute.etlJobQueue), 'JobQueueArn'] },
        { Ref: ref(stack.compute.etlJobDefinitions.load) },
      ],
    ]);
    expect(find('sqs:SendMessage')).toEqual([{ 'Fn::GetAtt': [ref(stack.messaging.dlq), 'Arn'] }]);
    expect(find('sns:Publish')).toEqual([{ Ref: ref(stack.messaging.topic) }]);
    expect(JSON.stringify(find('s3:GetObject'))).toContain('/config/etl-sources.json');
    expect(JSON.stringify(find('s3:PutObject'))).toContain('/fixture/map*');
    expect(JSON.stringify(find('s3:ListBucket'))).toContain(ref(stack.storage.documents));

    // .sync: the EventBridge managed rules, and Describe/Stop of what was started.
    const rules = JSON.stringify(find('events:PutRule'));
    expect(rules).toContain('rule/StepFunctionsGetEventsForECSTaskRule');
    expect(rules).toContain('rule/StepFunctionsGetEventsForBatchJobsRule');
    expect(find('ecs:StopTask')).toHaveLength(1);
    expect(find('batch:TerminateJob')).toHaveLength(1);

    // Distributed Map: start its own children, describe and stop them.
    expect(JSON.stringify(find('states:StartExecution'))).toContain(':stateMachine:Fanout-fixture');
    expect(JSON.stringify(find('states:StopExecution'))).toContain(':execution:Fanout-fixture/*');

    // Nothing the file does not use.
    const actions = actionsOn(statements);
    for (const a of actions) expect(a).not.toMatch(/^(s3|sqs|sns|ecs|batch|states):\*$/);
    expect(actions).not.toContain('lambda:InvokeFunction');
  });

  it('schedules the fixture from its schedules file with its own input', () => {
    built.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(1 hour)',
      State: 'DISABLED',
      Target: Match.objectLike({ Input: '{"from":"schedule"}' }),
    });
  });

  it('passes cdk-nag AwsSolutions', () => {
    const report = new AwsSolutionsChecks(built.app).validateScope(built.app);
    expect(
      report.violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`)),
    ).toEqual([]);
  });
});

describe('synth refuses what it cannot deploy faithfully', () => {
  it('names the file and the placeholder when a workflow uses one the table does not define', () => {
    expect(() => buildStack({ workflowsDirectory: join(FIXTURES, 'bad'), schedulesFile: '/nonexistent' })).toThrow(
      /workflows\/unknown\.asl\.json uses \$\{NoSuchQueueUrl\}, which infra\/substitutions\.ts does not define/,
    );
  });

  it('names the state when PutEvents computes its bus, instead of granting every bus', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fanout-put-events-'));
    const entries = [{ Source: 'x', DetailType: 'y', Detail: {}, EventBusName: '{% $states.input.bus %}' }];
    const definition = {
      QueryLanguage: 'JSONata',
      StartAt: 'Emit',
      States: {
        Emit: {
          Type: 'Task',
          Resource: 'arn:aws:states:::events:putEvents',
          Arguments: { Entries: entries },
          End: true,
        },
      },
    };
    writeFileSync(join(dir, 'emit.asl.json'), JSON.stringify(definition));
    expect(() => buildStack({ workflowsDirectory: dir, schedulesFile: '/nonexistent' })).toThrow(
      /emit\.asl\.json: state 'Emit' \(events:putEvents\): EventBusName must be a bus name or ARN written out/,
    );
  });

  it('says which Dockerfile is missing', () => {
    const root = mkdtempSync(join(tmpdir(), 'fanout-root-'));
    for (const dir of ['workflows', 'tasks/etl', 'tasks/ocr']) mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, 'cdk.json'), '{}');
    copyFileSync(join(ROOT, 'workflows/etl-sources.json'), join(root, 'workflows/etl-sources.json'));
    copyFileSync(join(ROOT, 'tasks/etl/Dockerfile'), join(root, 'tasks/etl/Dockerfile'));
    expect(() => buildStack({ root })).toThrow(/tasks\/ocr\/Dockerfile is missing/);
  });
});
