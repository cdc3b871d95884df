/**
 * ECS tasks and Batch jobs as real child processes: the real server on an ephemeral port, a temporary data
 * directory, a profile whose task and job definitions run the fixtures in test/fixtures/tasks/.
 */
import {
  GetExecutionHistoryCommand,
  type DescribeExecutionCommandOutput,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RunningServer } from '../../src/api/server';
import { startEndpoint, type EndpointOptions, type TestEndpoint } from '../support/endpoint';
import { command as logsCommand } from '../../src/cli/commands/logs';
import { applySubstitutions, loadProfile, localTaskRunner, logsFor, readLogIndex } from '../../src/integrations';
import type { LocalTaskRunner } from '../../src/integrations';

const ROLE = 'arn:aws:iam::000000000000:role/ecs-batch-test';
const FIXTURES = resolve(__dirname, '../fixtures/tasks');
const CLUSTER = 'arn:aws:ecs:us-east-1:000000000000:cluster/local';

function writeProfile(dir: string): string {
  const task = (file: string, extra: object = {}) => ({
    cpu: 1024,
    memory: 512,
    stopTimeout: 1,
    containers: { main: { command: ['node', join(FIXTURES, file)] } },
    ...extra,
  });
  const profile = {
    substitutions: { SleepTask: 'sleep', Cluster: CLUSTER },
    taskDefinitions: {
      flaky: task('flaky.js'),
      fail: task('fail.js'),
      sleep: task('sleep.js'),
      token: task('token.js'),
      missing: { cpu: 1024, memory: 512, containers: { main: { command: ['./no-such-program'] } } },
    },
    jobDefinitions: {
      // The entry point stays when ContainerOverrides.Command replaces the command, as an image's ENTRYPOINT does.
      sleep: { vcpus: 1, memory: 512, entryPoint: ['node'], command: [join(FIXTURES, 'sleep.js')], stopTimeout: 1 },
    },
    capacity: { cpu: 2048, memory: 8192 },
  };
  const path = join(dir, 'fanout.local.json');
  writeFileSync(path, JSON.stringify(profile, null, 2));
  return path;
}

/** The environment override that hands values to a fixture, as a workflow would. */
function env(values: Record<string, string>): Array<{ Name: string; Value: string }> {
  return Object.entries(values).map(([Name, Value]) => ({ Name, Value }));
}

function runTaskState(family: string, values: Record<string, string>, extra: object = {}): object {
  return {
    Type: 'Task',
    Resource: 'arn:aws:states:::ecs:runTask.sync',
    Parameters: {
      Cluster: '${Cluster}',
      TaskDefinition: `arn:aws:ecs:us-east-1:000000000000:task-definition/${family}:7`,
      LaunchType: 'FARGATE',
      Overrides: { ContainerOverrides: [{ Name: 'main', Environment: env(values) }] },
    },
    ...extra,
  };
}

class Harness {
  endpoint!: TestEndpoint;
  private count = 0;

  get server(): RunningServer {
    return this.endpoint.server;
  }

  get dir(): string {
    return this.endpoint.dataDir;
  }

  async start(options: EndpointOptions): Promise<void> {
    this.endpoint = await startEndpoint(options);
  }

  stop(): Promise<void> {
    return this.endpoint.stop();
  }

  /** Creates a machine from the definition (with the profile's substitutions), runs it, waits for the end. */
  async run(
    definition: object,
    substitutions: Record<string, string> = {},
    input: object = {},
  ): Promise<{ done: DescribeExecutionCommandOutput; events: HistoryEvent[] }> {
    const { endpoint } = this;
    const definitionText = applySubstitutions(JSON.stringify(definition), substitutions);
    const stateMachineArn = await endpoint.createStateMachine(`m${++this.count}`, definitionText, ROLE);
    const executionArn = await endpoint.startExecution(stateMachineArn, input);
    const done = await endpoint.untilEnded(executionArn, 50);
    const history = await endpoint.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
    return { done, events: history.events ?? [] };
  }
}

function failures(events: HistoryEvent[]): Array<{ error?: string; cause?: string }> {
  return events.filter((e) => e.type === 'TaskFailed').map((e) => e.taskFailedEventDetails ?? {});
}

/** The largest number of [start, end] intervals that overlap at one moment. */
function maxOverlap(intervals: Array<[number, number]>): number {
  const points = intervals.flatMap(([s, e]): Array<[number, number]> => [
    [s, 1],
    [e, -1],
  ]);
  // At equal times an end comes before a start: touching intervals do not overlap.
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let max = 0;
  for (const [, delta] of points) {
    now += delta;
    max = Math.max(max, now);
  }
  return max;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('ECS and Batch tasks as local processes', () => {
  let dir: string;
  let profilePath: string;
  let subs: Record<string, string>;
  const h = new Harness();

  beforeAll(async () => {
    await h.start({
      name: 'ecs',
      dataDir: 'data',
      setUp: (folder) => ({ profile: (profilePath = writeProfile(folder)) }),
    });
    dir = h.endpoint.dir;
    subs = { ...loadProfile(profilePath).substitutions };
  });

  afterAll(() => h.stop());

  it('retries a task that fails twice, with back-off, until it succeeds', async () => {
    const counter = join(dir, 'flaky.count');
    const { done, events } = await h.run(
      {
        StartAt: 'Flaky',
        States: {
          Flaky: runTaskState(
            'flaky',
            { COUNTER_FILE: counter, FAIL_TIMES: '2' },
            {
              Retry: [{ ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 1 }],
              End: true,
            },
          ),
        },
      },
      subs,
    );
    expect(done.status).toBe('SUCCEEDED');
    expect(readFileSync(counter, 'utf8')).toBe('3');
    expect(failures(events)).toHaveLength(2);
    const task = JSON.parse(done.output!) as Record<string, unknown>;
    expect(task).toMatchObject({
      LastStatus: 'STOPPED',
      DesiredStatus: 'STOPPED',
      StopCode: 'EssentialContainerExited',
      StartedBy: 'AWS Step Functions',
      ClusterArn: CLUSTER,
      TaskDefinitionArn: 'arn:aws:ecs:us-east-1:000000000000:task-definition/flaky:1',
      LaunchType: 'FARGATE',
      Cpu: '1024',
      Memory: '512',
      Group: 'family:flaky',
      Containers: [{ Name: 'main', ExitCode: 0, LastStatus: 'STOPPED' }],
    });
    expect(task['TaskArn']).toMatch(/^arn:aws:ecs:us-east-1:000000000000:task\/local\/[0-9a-f]{32}$/);
    expect(task['StoppedAt']).toBeGreaterThanOrEqual(task['StartedAt'] as number);
    // TaskSubmitted carries the RunTask response.
    const submitted = events.find((e) => e.type === 'TaskSubmitted');
    const response = JSON.parse(submitted!.taskSubmittedEventDetails!.output!);
    expect(response).toMatchObject({ Failures: [], Tasks: [{ LastStatus: 'PROVISIONING' }] });
    // Back-off: the three attempts are at least 1 s apart.
    const scheduled = events.filter((e) => e.type === 'TaskScheduled').map((e) => e.timestamp!.getTime());
    expect(scheduled).toHaveLength(3);
    expect(scheduled[1]! - scheduled[0]!).toBeGreaterThanOrEqual(900);
    // The task's output went to its log.
    const logs = logsFor(readLogIndex(h.dir), done.executionArn!);
    expect(logs).toHaveLength(3);
    const last = readFileSync(join(h.dir, 'logs', logs[2]!.file), 'utf8');
    expect(last).toContain('flaky: run 3 succeeds');
  });

  it('prints task logs with `fanout logs` by execution ARN and by task ARN', async () => {
    const { done } = await h.run(
      { StartAt: 'Sleep', States: { Sleep: runTaskState('${SleepTask}', { SLEEP_MS: '10' }, { End: true }) } },
      subs,
    );
    const taskArn = (JSON.parse(done.output!) as { TaskArn: string }).TaskArn;
    const logs = async (...args: string[]): Promise<{ code: number; out: string }> => {
      let out = '';
      const code = await logsCommand.run([...args, '--data-dir', h.dir], {
        stdout: (t) => (out += t),
        stderr: () => undefined,
        cwd: dir,
        env: {},
        waitForStopSignal: () => new Promise(() => undefined),
      });
      return { code, out };
    };
    expect(await logs(done.executionArn!)).toEqual({ code: 0, out: `sleep: 10 ms as ${taskArn}\n` });
    expect((await logs(taskArn, '--follow')).out).toBe(
      `==> ${taskArn} (state 'Sleep') <==\nsleep: 10 ms as ${taskArn}\n`,
    );
    await expect(logs('arn:aws:ecs:us-east-1:000000000000:task/local/0')).rejects.toThrow(/no task logs/);
  });

  it('catches a task that always fails, with States.TaskFailed and the Task JSON as cause', async () => {
    const { done, events } = await h.run(
      {
        StartAt: 'Fail',
        States: {
          Fail: runTaskState('fail', {}, { Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }], Next: 'Done' }),
          Caught: { Type: 'Pass', End: true },
          Done: { Type: 'Succeed' },
        },
      },
      subs,
    );
    expect(done.status).toBe('SUCCEEDED');
    const output = JSON.parse(done.output!) as { Error: string; Cause: string };
    expect(output.Error).toBe('States.TaskFailed');
    const task = JSON.parse(output.Cause);
    expect(task).toMatchObject({
      LastStatus: 'STOPPED',
      StopCode: 'EssentialContainerExited',
      StoppedReason: 'Essential container in task exited',
      Containers: [{ Name: 'main', ExitCode: 3 }],
    });
    expect(failures(events)[0]!.error).toBe('States.TaskFailed');
  });

  it('reports a command that cannot start as TaskFailedToStart, and an unknown task definition as ECS.InvalidParameterException', async () => {
    const { done } = await h.run({
      StartAt: 'Missing',
      States: {
        Missing: {
          Type: 'Task',
          Resource: 'arn:aws:states:::ecs:runTask.sync',
          Parameters: { TaskDefinition: 'missing' },
          Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Unknown' }],
          End: true,
        },
        Unknown: {
          Type: 'Task',
          Resource: 'arn:aws:states:::ecs:runTask.sync',
          Parameters: { TaskDefinition: 'nope:3' },
          ResultPath: '$.unknown',
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Out', ResultPath: '$.unknown' }],
          End: true,
        },
        Out: { Type: 'Pass', End: true },
      },
    });
    expect(done.status).toBe('SUCCEEDED');
    const output = JSON.parse(done.output!) as { Cause: string; unknown: { Error: string; Cause: string } };
    expect(JSON.parse(output.Cause)).toMatchObject({
      StopCode: 'TaskFailedToStart',
      StoppedReason: expect.stringContaining('CannotStartContainerError'),
    });
    expect(output.unknown.Error).toBe('ECS.InvalidParameterException');
    expect(output.unknown.Cause).toMatch(
      /^Unable to describe task definition 'nope:3'\..*\(Service: AmazonECS; Status Code: 400; Error Code: InvalidParameterException; Request ID: [0-9a-f-]+; Proxy: null\)$/,
    );
  });

  it('runs a Batch array job of 20: 20 processes, each index once', async () => {
    const indexFile = join(dir, 'indexes.txt');
    const { done } = await h.run({
      StartAt: 'Array',
      States: {
        Array: {
          Type: 'Task',
          Resource: 'arn:aws:states:::batch:submitJob.sync',
          Parameters: {
            JobName: 'array-of-20',
            JobQueue: 'arn:aws:batch:us-east-1:000000000000:job-queue/local',
            JobDefinition: 'arn:aws:batch:us-east-1:000000000000:job-definition/sleep:4',
            ArrayProperties: { Size: 20 },
            ContainerOverrides: { Environment: env({ INDEX_FILE: indexFile, SLEEP_MS: '20' }) },
          },
          End: true,
        },
      },
    });
    expect(done.status).toBe('SUCCEEDED');
    const lines = readFileSync(indexFile, 'utf8').trim().split('\n');
    const indexes = lines.map((l) => Number(l.split(' ')[0])).sort((a, b) => a - b);
    const pids = new Set(lines.map((l) => l.split(' ')[1]));
    expect(indexes).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(pids.size).toBe(20);
    const job = JSON.parse(done.output!) as Record<string, unknown>;
    expect(job).toMatchObject({
      JobName: 'array-of-20',
      Status: 'SUCCEEDED',
      JobQueue: 'arn:aws:batch:us-east-1:000000000000:job-queue/local',
      JobDefinition: 'arn:aws:batch:us-east-1:000000000000:job-definition/sleep:1',
      ArrayProperties: { Size: 20, StatusSummary: { SUCCEEDED: 20, FAILED: 0 } },
    });
    expect(job['JobArn']).toBe(`arn:aws:batch:us-east-1:000000000000:job/${job['JobId'] as string}`);
    // `fanout logs JOB_ARN` finds the children's logs through the parent.
    expect(logsFor(readLogIndex(h.dir), job['JobArn'] as string)).toHaveLength(20);
  });

  it('fails a Batch job after its RetryStrategy attempts, with the job JSON as cause', async () => {
    const { done } = await h.run({
      StartAt: 'Job',
      States: {
        Job: {
          Type: 'Task',
          Resource: 'arn:aws:states:::batch:submitJob.sync',
          Parameters: {
            JobName: 'always-fails',
            JobQueue: 'local',
            JobDefinition: 'sleep',
            ContainerOverrides: { Command: ['-e', 'process.exit(Number(process.env.AWS_BATCH_JOB_ATTEMPT) + 10)'] },
            RetryStrategy: { Attempts: 2 },
          },
          End: true,
        },
      },
    });
    expect(done.status).toBe('FAILED');
    expect(done.error).toBe('States.TaskFailed');
    const job = JSON.parse(done.cause!) as Record<string, unknown>;
    expect(job).toMatchObject({
      Status: 'FAILED',
      StatusReason: 'Essential container in task exited',
      Attempts: [{ Container: { ExitCode: 11 } }, { Container: { ExitCode: 12 } }],
      Container: { ExitCode: 12 },
    });
  });

  it('completes a waitForTaskToken task the process answers with SendTaskSuccess', async () => {
    const { done } = await h.run({
      StartAt: 'Token',
      States: {
        Token: {
          Type: 'Task',
          Resource: 'arn:aws:states:::ecs:runTask.waitForTaskToken',
          HeartbeatSeconds: 20,
          Parameters: {
            TaskDefinition: 'token',
            Overrides: {
              ContainerOverrides: [{ Name: 'main', Environment: [{ Name: 'TASK_TOKEN', 'Value.$': '$$.Task.Token' }] }],
            },
          },
          End: true,
        },
      },
    });
    expect(done.status).toBe('SUCCEEDED');
    const output = JSON.parse(done.output!) as { answeredBy: string; region: string };
    expect(output.answeredBy).toMatch(/^arn:aws:ecs:us-east-1:000000000000:task\/default\//);
    expect(output.region).toBe('us-east-1');
  });

  it('times out a waitForTaskToken task that misses its heartbeat, and stops its process', async () => {
    const pidFile = join(dir, 'silent.pid');
    const { done, events } = await h.run({
      StartAt: 'Token',
      States: {
        Token: {
          Type: 'Task',
          Resource: 'arn:aws:states:::ecs:runTask.waitForTaskToken',
          HeartbeatSeconds: 1,
          Parameters: {
            TaskDefinition: 'token',
            Overrides: {
              ContainerOverrides: [
                {
                  Name: 'main',
                  Environment: [
                    { Name: 'MODE', Value: 'silent' },
                    { Name: 'PID_FILE', Value: pidFile },
                    { Name: 'TASK_TOKEN', 'Value.$': '$$.Task.Token' },
                  ],
                },
              ],
            },
          },
          End: true,
        },
      },
    });
    expect(done.status).toBe('FAILED');
    expect(done.error).toBe('States.Timeout');
    expect(events.some((e) => e.type === 'TaskTimedOut')).toBe(true);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    // It ignores SIGTERM: it is gone once the stop timeout (1 s) has passed and SIGKILL was sent.
    const deadline = Date.now() + 5000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(alive(pid)).toBe(false);
  });

  it('runs a 50-wide Map over ecs:runTask.sync with never more than 2 processes at once', async () => {
    const timesFile = join(dir, 'times.txt');
    const { done } = await h.run(
      {
        StartAt: 'Fan',
        States: {
          Fan: {
            Type: 'Map',
            ItemsPath: '$.items',
            MaxConcurrency: 500,
            ItemProcessor: {
              ProcessorConfig: { Mode: 'INLINE' },
              StartAt: 'Run',
              States: {
                Run: {
                  ...runTaskState('${SleepTask}', { TIMES_FILE: timesFile, SLEEP_MS: '50' }),
                  ResultSelector: { 'exit.$': '$.Containers[0].ExitCode' },
                  End: true,
                },
              },
            },
            End: true,
          },
        },
      },
      subs,
      { items: Array.from({ length: 50 }, (_, i) => i) },
    );
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toHaveLength(50);
    const intervals = readFileSync(timesFile, 'utf8')
      .trim()
      .split('\n')
      .map((l): [number, number] => {
        const [s, e] = l.split(' ').map(Number);
        return [s!, e!];
      });
    expect(intervals).toHaveLength(50);
    expect(maxOverlap(intervals)).toBe(2);
  });
});

describe('Spot interruptions (chaos)', () => {
  const h = new Harness();
  let runner: LocalTaskRunner;
  let interrupted = 0;

  beforeAll(async () => {
    await h.start({
      name: 'chaos',
      dataDir: 'data',
      setUp: (folder) => ({ tasks: chaosRunner(loadProfile(writeProfile(folder))) }),
      afterClose: () => runner.close(),
    });
  });

  function chaosRunner(profile: ReturnType<typeof loadProfile>): LocalTaskRunner {
    // A fixed sequence instead of Math.random: every other decision interrupts, at 40% of the typical run.
    let n = 0;
    const random = (): number => [0.1, 0.4, 0.9][n++ % 3]!;
    runner = localTaskRunner({
      profile,
      chaos: { spotInterruption: 0.5, random },
      context: () => ({ endpointUrl: h.server.url, region: 'us-east-1', accountId: '000000000000', dataDir: h.dir }),
      log: (line) => {
        if (line.includes('Your Spot Task was interrupted.')) interrupted += 1;
      },
    });
    return runner;
  }

  afterAll(() => h.stop());

  it('interrupts Spot tasks as AWS does, and Retry runs each to completion', async () => {
    const { done, events } = await h.run(
      {
        StartAt: 'Fan',
        States: {
          Fan: {
            Type: 'Map',
            ItemsPath: '$.items',
            MaxConcurrency: 10,
            ItemProcessor: {
              StartAt: 'Run',
              States: {
                Run: {
                  Type: 'Task',
                  Resource: 'arn:aws:states:::ecs:runTask.sync',
                  Parameters: {
                    TaskDefinition: 'sleep',
                    CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }],
                    Overrides: { ContainerOverrides: [{ Name: 'main', Environment: env({ SLEEP_MS: '300' }) }] },
                  },
                  Retry: [{ ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 1, MaxAttempts: 10, BackoffRate: 1 }],
                  ResultSelector: { 'code.$': '$.StopCode', 'provider.$': '$.CapacityProviderName' },
                  End: true,
                },
              },
            },
            End: true,
          },
        },
      },
      {},
      { items: [1, 2, 3, 4, 5, 6] },
    );
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toEqual(
      Array.from({ length: 6 }, () => ({ code: 'EssentialContainerExited', provider: 'FARGATE_SPOT' })),
    );
    const failed = failures(events);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.length).toBe(interrupted);
    for (const f of failed) {
      expect(f.error).toBe('States.TaskFailed');
      expect(JSON.parse(f.cause!)).toMatchObject({
        StopCode: 'SpotInterruption',
        StoppedReason: 'Your Spot Task was interrupted.',
        CapacityProviderName: 'FARGATE_SPOT',
      });
    }
    expect(existsSync(join(h.dir, 'logs', 'index.jsonl'))).toBe(true);
  });
});
