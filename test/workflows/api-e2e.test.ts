/**
 * Versions, aliases, activities and synchronous Express runs through the unchanged `@aws-sdk/client-sfn` and the
 * AWS CLI against a real local endpoint. The CLI part is skipped, with the reason in its title, where `aws` is not
 * installed. StartSyncExecution carries AWS's `sync-` host prefix: the SDK is told `disableHostPrefix`, the CLI
 * `AWS_DISABLE_HOST_PREFIX_INJECTION` (docs/api.md).
 */
import type { SFNClient } from '@aws-sdk/client-sfn';
import {
  CreateActivityCommand,
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetActivityTaskCommand,
  GetExecutionHistoryCommand,
  ListStateMachineVersionsCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  TaskTimedOut,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import { command as activitiesCommand } from '../../src/cli/commands/activities';
import type { ActivityView } from '../../src/ui/resource-views';
import { fakeContext } from '../unit/cli/fake-context';
import type { RunningServer } from '../../src/api/server';
import { startEndpoint, type TestEndpoint } from '../support/endpoint';
import { awsStepFunctions, hasAws } from '../support/aws-cli';

const ROLE = 'arn:aws:iam::123456789012:role/fanout-e2e';

/** Each test drives many calls (and the CLI a Python process per call) on a machine shared with other work. */
jest.setTimeout(120_000);

const passMachine = (result: string): string =>
  JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', Result: result, End: true } } });

describe('versions, aliases, activities and StartSyncExecution end to end', () => {
  let endpoint: TestEndpoint;
  let server: RunningServer;
  let client: SFNClient;

  beforeAll(async () => {
    endpoint = await startEndpoint({ name: 'api-e2e', host: '127.0.0.1', maxAttempts: 3 });
    ({ server, sfn: client } = endpoint);
  });
  afterAll(() => endpoint.stop());

  const untilEnded = async (executionArn: string): Promise<string> => (await endpoint.untilEnded(executionArn)).status!;

  it('publishes two versions, routes an alias 80/20 and runs 100 executions through it on both', async () => {
    const created = await client.send(
      new CreateStateMachineCommand({ name: 'routed', definition: passMachine('v1'), roleArn: ROLE, publish: true }),
    );
    const v2 = await client.send(
      new UpdateStateMachineCommand({
        stateMachineArn: created.stateMachineArn,
        definition: passMachine('v2'),
        publish: true,
        versionDescription: 'second',
      }),
    );
    const versions = await client.send(
      new ListStateMachineVersionsCommand({ stateMachineArn: created.stateMachineArn }),
    );
    expect(versions.stateMachineVersions!.map((v) => v.stateMachineVersionArn)).toEqual([
      v2.stateMachineVersionArn,
      created.stateMachineVersionArn,
    ]);
    const alias = await client.send(
      new CreateStateMachineAliasCommand({
        name: 'live',
        routingConfiguration: [
          { stateMachineVersionArn: created.stateMachineVersionArn, weight: 80 },
          { stateMachineVersionArn: v2.stateMachineVersionArn, weight: 20 },
        ],
      }),
    );
    const arns: string[] = [];
    for (let i = 0; i < 100; i++) {
      const started = await client.send(new StartExecutionCommand({ stateMachineArn: alias.stateMachineAliasArn }));
      arns.push(started.executionArn!);
    }
    const used = new Map<string, number>();
    for (const executionArn of arns) {
      await untilEnded(executionArn);
      const described = await client.send(new DescribeExecutionCommand({ executionArn }));
      expect(described.stateMachineAliasArn).toBe(alias.stateMachineAliasArn);
      expect(described.output).toBe(
        described.stateMachineVersionArn === created.stateMachineVersionArn ? '"v1"' : '"v2"',
      );
      used.set(described.stateMachineVersionArn!, (used.get(described.stateMachineVersionArn!) ?? 0) + 1);
    }
    const history = await client.send(new GetExecutionHistoryCommand({ executionArn: arns[0] }));
    const started = history.events![0]!.executionStartedEventDetails!;
    expect(started.stateMachineAliasArn).toBe(alias.stateMachineAliasArn);
    expect([created.stateMachineVersionArn, v2.stateMachineVersionArn]).toContain(started.stateMachineVersionArn);
    // Both versions ran; with 80/20 odds over 100 runs the first nearly always takes more.
    expect(used.get(created.stateMachineVersionArn!)).toBeGreaterThan(0);
    expect(used.get(v2.stateMachineVersionArn!)).toBeGreaterThan(0);
    expect(used.get(created.stateMachineVersionArn!)! + used.get(v2.stateMachineVersionArn!)!).toBe(100);
  });

  it('an activity worker loop processes 20 tasks with heartbeats; the one it stops heartbeating times out', async () => {
    const { activityArn } = await client.send(new CreateActivityCommand({ name: 'resize' }));
    const definition = JSON.stringify({
      StartAt: 'Resize',
      States: {
        Resize: { Type: 'Task', Resource: activityArn, HeartbeatSeconds: 1, TimeoutSeconds: 60, End: true },
      },
    });
    const machine = await client.send(new CreateStateMachineCommand({ name: 'worker', definition, roleArn: ROLE }));
    const executions: string[] = [];
    for (let n = 0; n < 20; n++) {
      const started = await client.send(
        new StartExecutionCommand({ stateMachineArn: machine.stateMachineArn, input: JSON.stringify({ n }) }),
      );
      executions.push(started.executionArn!);
    }
    // `fanout activities` shows the 20 tasks waiting for a worker.
    let waiting: ActivityView[] = [];
    for (let tries = 0; tries < 100 && waiting[0]?.waiting.length !== 20; tries++) {
      const context = fakeContext();
      expect(await activitiesCommand.run(['--endpoint', server.url, '--json'], context)).toBe(0);
      waiting = JSON.parse(context.out.join('')) as ActivityView[];
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(waiting).toEqual([expect.objectContaining({ name: 'resize', pollers: 0, running: [] })]);
    expect(waiting[0]!.waiting.map((t) => t.executionArn)).toEqual(executions);
    // The worker: poll, heartbeat, answer; it abandons n = 13 without a heartbeat after the first.
    let stalled: string | undefined;
    for (let done = 0; done < 20; done++) {
      const task = await client.send(new GetActivityTaskCommand({ activityArn, workerName: 'worker-1' }));
      expect(task.taskToken).toBeDefined();
      if (done === 0) {
        const context = fakeContext();
        expect(await activitiesCommand.run(['--endpoint', server.url], context)).toBe(0);
        expect(context.out.join('')).toMatch(
          /^ACTIVITY +WAITING +HELD +POLLING\nresize +19 +1 +0\n\nACTIVITY +TASK +SCHEDULED +WORKER +STATE +EXECUTION\n(resize +waiting +\S+Z +Resize +arn:\S+\n){19}resize +held +\S+Z +worker-1 +Resize +arn:\S+\n$/,
        );
      }
      const { n } = JSON.parse(task.input!) as { n: number };
      await client.send(new SendTaskHeartbeatCommand({ taskToken: task.taskToken }));
      if (n === 13) {
        stalled = task.taskToken;
        continue;
      }
      if (n === 7) {
        await client.send(new SendTaskFailureCommand({ taskToken: task.taskToken, error: 'Odd.Seven', cause: 'n=7' }));
        continue;
      }
      await client.send(
        new SendTaskSuccessCommand({ taskToken: task.taskToken, output: JSON.stringify({ n: n * 2 }) }),
      );
    }
    const outcomes = await Promise.all(executions.map((arn) => untilEnded(arn)));
    expect(outcomes.filter((s) => s === 'SUCCEEDED')).toHaveLength(18);
    const timedOut = await client.send(new DescribeExecutionCommand({ executionArn: executions[13] }));
    expect(timedOut).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
    expect(await client.send(new DescribeExecutionCommand({ executionArn: executions[7] }))).toMatchObject({
      status: 'FAILED',
      error: 'Odd.Seven',
    });
    expect((await client.send(new DescribeExecutionCommand({ executionArn: executions[4] }))).output).toBe('{"n":8}');
    await expect(client.send(new SendTaskSuccessCommand({ taskToken: stalled, output: '{}' }))).rejects.toBeInstanceOf(
      TaskTimedOut,
    );
    const history = await client.send(new GetExecutionHistoryCommand({ executionArn: executions[13] }));
    expect(history.events!.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'ActivityScheduled',
      'ActivityStarted',
      'ActivityTimedOut',
      'ExecutionFailed',
    ]);
    expect(history.events![3]!.activityStartedEventDetails).toEqual({ workerName: 'worker-1' });
  });

  it('StartSyncExecution answers with the output of an EXPRESS run', async () => {
    const definition = JSON.stringify({
      StartAt: 'Add',
      States: { Add: { Type: 'Pass', Parameters: { 'sum.$': 'States.MathAdd($.a, $.b)' }, End: true } },
    });
    const machine = await client.send(
      new CreateStateMachineCommand({ name: 'adder', definition, roleArn: ROLE, type: 'EXPRESS' }),
    );
    const result = await client.send(
      new StartSyncExecutionCommand({ stateMachineArn: machine.stateMachineArn, input: '{"a":2,"b":3}' }),
    );
    expect(result).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"sum":5}',
      billingDetails: { billedMemoryUsedInMB: 64 },
    });
  });

  const describeAws = hasAws ? describe : describe.skip;
  describeAws(hasAws ? 'the AWS CLI' : 'the AWS CLI (SKIPPED: `aws` is not on PATH)', () => {
    const aws = (...args: string[]): Promise<Record<string, unknown>> =>
      awsStepFunctions(server.url, args, { allowEmpty: true });

    it('aws stepfunctions start-sync-execution returns the output', async () => {
      const created = await aws(
        'create-state-machine',
        '--name',
        'cli-express',
        '--type',
        'EXPRESS',
        '--role-arn',
        ROLE,
        '--definition',
        passMachine('from-cli'),
      );
      const result = await aws(
        'start-sync-execution',
        '--state-machine-arn',
        String(created['stateMachineArn']),
        '--input',
        '{}',
      );
      expect(result).toMatchObject({ status: 'SUCCEEDED', output: '"from-cli"' });
    });

    it('aws stepfunctions publishes versions, routes an alias and serves an activity task', async () => {
      const created = await aws(
        'create-state-machine',
        '--name',
        'cli-versions',
        '--role-arn',
        ROLE,
        '--definition',
        passMachine('one'),
        '--publish',
      );
      expect(created['stateMachineVersionArn']).toBe(`${String(created['stateMachineArn'])}:1`);
      const published = await aws(
        'update-state-machine',
        '--state-machine-arn',
        String(created['stateMachineArn']),
        '--definition',
        passMachine('two'),
        '--publish',
      );
      const alias = await aws(
        'create-state-machine-alias',
        '--name',
        'prod',
        '--routing-configuration',
        JSON.stringify([
          { stateMachineVersionArn: created['stateMachineVersionArn'], weight: 50 },
          { stateMachineVersionArn: published['stateMachineVersionArn'], weight: 50 },
        ]),
      );
      const listed = await aws('list-state-machine-aliases', '--state-machine-arn', String(created['stateMachineArn']));
      expect(listed['stateMachineAliases']).toEqual([
        { stateMachineAliasArn: alias['stateMachineAliasArn'], creationDate: expect.any(Number) },
      ]);
      const activity = await aws('create-activity', '--name', 'cli-activity');
      const describedActivity = await aws('describe-activity', '--activity-arn', String(activity['activityArn']));
      expect(describedActivity).toMatchObject({ name: 'cli-activity' });
      await aws('tag-resource', '--resource-arn', String(activity['activityArn']), '--tags', 'key=team,value=ocr');
      expect(await aws('list-tags-for-resource', '--resource-arn', String(activity['activityArn']))).toEqual({
        tags: [{ key: 'team', value: 'ocr' }],
      });
    });
  });
});
