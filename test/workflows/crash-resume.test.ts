/**
 * kill -9 of the server mid-run, then a new server on the same data directory: every execution finishes, no
 * completed state or finished Map Run child runs again, the orphaned task process is stopped (and its task
 * re-run once), and timers keep their deadlines. The server is a real separate process (the TypeScript sources,
 * transpiled on load, so the test never runs a stale dist/).
 */
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  ListExecutionsCommand,
  ListMapRunsCommand,
  StartExecutionCommand,
  type HistoryEvent,
  type ListExecutionsCommandOutput,
} from '@aws-sdk/client-sfn';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { INTERRUPTED_CAUSE } from '../../src/engine/interrupted-attempts';
import { isAlive, recordedLiveProcesses, type ProcessIdentity } from '../../src/integrations/orphans';
import {
  history,
  kill9,
  killServerProcesses,
  startServerProcess as startServer,
  stopGracefully,
  until,
  type ServerProcess,
} from '../support/server-process';
import { endsPerAttempt } from '../support/task-attempts';

const FIXTURES = resolve(__dirname, '../fixtures/tasks');
const ROLE = 'arn:aws:iam::000000000000:role/crash-test';
const SECRET = 'crash-test-dummy-secret-4f9a';

function startServerProcess(dir: string): Promise<ServerProcess> {
  return startServer({
    dataDir: join(dir, 'data'),
    profile: join(dir, 'fanout.local.json'),
    logFile: join(dir, 'server.log'),
    env: { ...process.env, AWS_SECRET_ACCESS_KEY: SECRET, AWS_ACCESS_KEY_ID: 'AKIACRASHTEST' },
    credentials: { accessKeyId: 'AKIACRASHTEST', secretAccessKey: SECRET },
  });
}

const count = (events: HistoryEvent[], type: string): number => events.filter((e) => e.type === type).length;
const at = (events: HistoryEvent[], type: string): number => events.find((e) => e.type === type)!.timestamp!.getTime();

describe('resuming after kill -9 of the server', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'fanout-crash-'));
    mkdirSync(join(dir, 'data'));
    const sleepTask = {
      cpu: 256,
      memory: 256,
      stopTimeout: 1,
      containers: { main: { command: ['node', join(FIXTURES, 'sleep.js')] } },
    };
    writeFileSync(
      join(dir, 'fanout.local.json'),
      JSON.stringify({ taskDefinitions: { sleep: sleepTask }, capacity: { cpu: 2048, memory: 4096 } }),
    );
  });

  afterAll(() => {
    killServerProcesses();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finishes every execution without re-running what had completed, and keeps the timers', async () => {
    let server = await startServerProcess(dir);
    const { client } = server;
    const create = async (name: string, definition: object): Promise<string> =>
      (
        await client.send(
          new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: ROLE }),
        )
      ).stateMachineArn!;
    const start = async (machine: string, input: object = {}): Promise<string> =>
      (await client.send(new StartExecutionCommand({ stateMachineArn: machine, input: JSON.stringify(input) })))
        .executionArn!;
    const task = (sleepMs: number, file: string) => ({
      Type: 'Task',
      Resource: 'arn:aws:states:::ecs:runTask.sync',
      Parameters: {
        TaskDefinition: 'sleep',
        Overrides: {
          ContainerOverrides: [
            {
              Name: 'main',
              Environment: [
                { Name: 'SLEEP_MS', Value: String(sleepMs) },
                { Name: 'TIMES_FILE', Value: join(dir, file) },
              ],
            },
          ],
        },
      },
      ResultSelector: { 'StopCode.$': '$.StopCode' },
    });

    // GIVEN a Wait, an execution timeout, a Distributed Map of 200 children, and two tasks in sequence
    const waitArn = await start(
      await create('wait', { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 12, End: true } } }),
    );
    const timeoutArn = await start(
      await create('timeout', {
        TimeoutSeconds: 10,
        StartAt: 'W',
        States: { W: { Type: 'Wait', Seconds: 600, End: true } },
      }),
    );
    const items = Array.from({ length: 200 }, (_, i) => ({ i }));
    const mapArn = await start(
      await create('fanout', {
        StartAt: 'Prepare',
        States: {
          Prepare: { Type: 'Pass', Result: items, ResultPath: '$.items', Next: 'Each' },
          Each: {
            Type: 'Map',
            ItemsPath: '$.items',
            MaxConcurrency: 16,
            ItemProcessor: {
              ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
              StartAt: 'Tag',
              States: {
                Tag: { Type: 'Pass', Parameters: { 'i.$': '$.i', tagged: true }, Next: 'Pause' },
                Pause: { Type: 'Wait', Seconds: 1, Next: 'Done' },
                Done: { Type: 'Pass', End: true },
              },
            },
            Next: 'After',
          },
          After: { Type: 'Pass', End: true },
        },
      }),
    );
    // WHEN the server is killed while the second task runs and the Map Run is part way through
    const mapRunArn = await until('a Map Run', async () => {
      const runs = await client.send(new ListMapRunsCommand({ executionArn: mapArn }));
      return runs.mapRuns?.[0]?.mapRunArn;
    });
    await until('some children to finish', async () => {
      const run = await client.send(new DescribeMapRunCommand({ mapRunArn }));
      return (run.executionCounts?.succeeded ?? 0) >= 20 ? true : undefined;
    });
    // The tasks start only now, so the second one (15 s) is still running when the server dies, however slowly
    // the Map Run got this far on a loaded machine.
    const taskArn = await start(
      await create('tasks', {
        StartAt: 'First',
        States: {
          First: { ...task(100, 'first.times'), ResultPath: '$.first', Next: 'Second' },
          Second: { ...task(15_000, 'second.times'), ResultPath: '$.second', End: true },
        },
      }),
    );

    const orphan = await until<ProcessIdentity>('the second task to start', () =>
      Promise.resolve(
        recordedLiveProcesses(join(dir, 'data')).find((p) => (p as { stateName?: string }).stateName === 'Second'),
      ),
    );
    const finishedBefore = new Map<string, number>();
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new ListExecutionsCommand({ mapRunArn, statusFilter: 'SUCCEEDED', ...(nextToken ? { nextToken } : {}) }),
      );
      for (const e of page.executions ?? []) finishedBefore.set(e.executionArn!, e.stopDate!.getTime());
      nextToken = page.nextToken;
    } while (nextToken);
    await kill9(server);
    const crashedAt = Date.now();
    expect(finishedBefore.size).toBeGreaterThanOrEqual(20);
    expect(finishedBefore.size).toBeLessThan(200);
    expect(isAlive(orphan)).toBe(true); // the crash orphaned it

    // THEN a new server on the same data directory stops the orphan and finishes everything
    server = await startServerProcess(dir);
    const restartedAt = Date.now();
    expect(isAlive(orphan)).toBe(false);
    const ends = new Map<string, string>();
    for (const arn of [waitArn, timeoutArn, mapArn, taskArn]) {
      const done = await until(
        `${arn} to end`,
        async () => {
          const d = await server.client.send(new DescribeExecutionCommand({ executionArn: arn }));
          return d.status === 'RUNNING' ? undefined : d;
        },
        60_000,
      );
      ends.set(arn, done.status!);
    }
    expect(Object.fromEntries(ends)).toEqual({
      [waitArn]: 'SUCCEEDED',
      [timeoutArn]: 'TIMED_OUT',
      [mapArn]: 'SUCCEEDED',
      [taskArn]: 'SUCCEEDED',
    });

    // The Wait kept its deadline: entered once, left 12 s after it was entered (not 12 s after the restart).
    const wait = await history(server.client, waitArn);
    expect(count(wait, 'WaitStateEntered')).toBe(1);
    const waited = at(wait, 'WaitStateExited') - at(wait, 'WaitStateEntered');
    expect(waited).toBeGreaterThanOrEqual(12_000);
    if (restartedAt < at(wait, 'WaitStateEntered') + 12_000) expect(waited).toBeLessThan(13_500);

    // The execution timeout counts from the original start.
    const timedOut = await history(server.client, timeoutArn);
    const lasted = at(timedOut, 'ExecutionTimedOut') - at(timedOut, 'ExecutionStarted');
    expect(lasted).toBeGreaterThanOrEqual(10_000);
    if (restartedAt < at(timedOut, 'ExecutionStarted') + 10_000) expect(lasted).toBeLessThan(11_500);

    // The first task ran once; the second ran twice (the orphan, stopped by SIGTERM, wrote nothing) and
    // completed once, in a new process.
    const tasks = await history(server.client, taskArn);
    expect(readFileSync(join(dir, 'first.times'), 'utf8').trim().split('\n')).toHaveLength(1);
    const second = readFileSync(join(dir, 'second.times'), 'utf8').trim().split('\n');
    expect(second).toHaveLength(1);
    expect(Number(second[0]!.split(' ')[2])).not.toBe(orphan.pid);
    expect(count(tasks, 'TaskStateEntered')).toBe(2);
    expect(tasks.filter((e) => e.type === 'TaskStateEntered').map((e) => e.stateEnteredEventDetails?.name)).toEqual([
      'First',
      'Second',
    ]);
    expect(count(tasks, 'TaskSucceeded')).toBe(2);
    expect(count(tasks, 'ExecutionStarted')).toBe(1);
    // The interrupted attempt of the second task is closed before its new attempt, and every attempt ends once.
    const secondScheduled = tasks.filter((e) => e.type === 'TaskScheduled').slice(1);
    expect(secondScheduled).toHaveLength(2);
    const closing = tasks.filter((e) => e.type === 'TaskFailed');
    expect(closing.map((e) => e.taskFailedEventDetails)).toEqual([
      { resourceType: 'ecs', resource: 'runTask.sync', error: 'States.TaskFailed', cause: INTERRUPTED_CAUSE },
    ]);
    expect(closing[0]!.id).toBeLessThan(secondScheduled[1]!.id!);
    expect(closing[0]!.timestamp!.getTime()).toBeGreaterThanOrEqual(crashedAt);
    expect([...endsPerAttempt(tasks).values()]).toEqual([1, 1, 1]);

    // The Map Run went on: same run, no redrive, 200 children each run exactly once through each state.
    const parent = await history(server.client, mapArn);
    expect(count(parent, 'MapRunStarted')).toBe(1);
    expect(count(parent, 'MapRunRedriven')).toBe(0);
    expect(count(parent, 'MapStateEntered')).toBe(1);
    expect(count(parent, 'PassStateEntered')).toBe(2);
    const output = JSON.parse(
      (await server.client.send(new DescribeExecutionCommand({ executionArn: mapArn }))).output!,
    ) as { i: number }[];
    expect(output.map((o) => o.i)).toEqual(items.map((item) => item.i));
    const run = await server.client.send(new DescribeMapRunCommand({ mapRunArn }));
    expect(run.status).toBe('SUCCEEDED');
    expect(run.itemCounts).toMatchObject({ total: 200, succeeded: 200, failed: 0, running: 0, pending: 0 });
    expect(run.executionCounts).toMatchObject({ total: 200, succeeded: 200 });

    const children: { executionArn: string; stopDate: number }[] = [];
    nextToken = undefined;
    do {
      const page: ListExecutionsCommandOutput = await server.client.send(
        new ListExecutionsCommand({ mapRunArn, ...(nextToken ? { nextToken } : {}) }),
      );
      for (const e of page.executions ?? [])
        children.push({ executionArn: e.executionArn!, stopDate: e.stopDate!.getTime() });
      nextToken = page.nextToken;
    } while (nextToken);
    expect(children).toHaveLength(200);
    for (const child of children) {
      const events = await history(server.client, child.executionArn);
      const types = events.map((e) => e.type);
      expect(types.filter((t) => t === 'ExecutionStarted')).toHaveLength(1);
      expect(types.filter((t) => t === 'ExecutionSucceeded')).toHaveLength(1);
      expect(types.filter((t) => t === 'WaitStateEntered')).toHaveLength(1);
      expect(types.filter((t) => t === 'PassStateEntered')).toHaveLength(2);
      expect(at(events, 'WaitStateExited') - at(events, 'WaitStateEntered')).toBeGreaterThanOrEqual(1000);
      const before = finishedBefore.get(child.executionArn);
      if (before !== undefined) {
        // Finished before the crash: untouched since.
        expect(child.stopDate).toBe(before);
        expect(events.every((e) => e.timestamp!.getTime() <= crashedAt)).toBe(true);
      }
    }

    await stopGracefully(server);
    // No task process outlives the servers.
    expect(recordedLiveProcesses(join(dir, 'data')).filter(isAlive)).toEqual([]);
    expect(isAlive(orphan)).toBe(false);

    // No credentials in the server's log (the servers ran with a secret in their environment).
    const log = existsSync(join(dir, 'server.log')) ? readFileSync(join(dir, 'server.log'), 'utf8') : '';
    expect(log).not.toContain(SECRET);
    expect(log.toLowerCase()).not.toContain('authorization');
    expect(log).toContain('resuming execution');
  }, 120_000);
});
