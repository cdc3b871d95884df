/**
 * fanout/testing on a project `fanout init` wrote: the starter workflow's real Batch job (the profile's command, a
 * child process), a mock configuration from a file with virtual time, and the kit's errors. The node:test file
 * that `init` writes runs against the packed package in CI (scripts/package-check.sh).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';
import { readLogIndex } from '../../src/integrations/logs';
import { startFanout, type FanoutEndpoint } from '../../src/testing';
import { fakeContext } from '../unit/cli/fake-context';

const project = mkdtempSync(join(tmpdir(), 'fanout-kit-'));
let fanout: FanoutEndpoint;

beforeAll(async () => {
  const context = fakeContext(project);
  expect(await runCli(['init'], context)).toBe(0);
  expect(context.out.join('').split('\n').filter(Boolean).sort()).toEqual([
    'fanout.local.json',
    'tasks/greet.mjs',
    'test/hello.test.mjs',
    'workflows/hello.asl.json',
  ]);
  writeFileSync(
    join(project, 'mocks.json'),
    JSON.stringify({
      StateMachines: { hello: { TestCases: { FailsOnce: { Greet: 'FailsOnce' } } } },
      MockedResponses: {
        FailsOnce: {
          '0': { Throw: { Error: 'States.TaskFailed', Cause: 'exit 1' } },
          '1': { Return: { Status: 'SUCCEEDED', Container: { ExitCode: 0 } } },
        },
      },
    }),
  );
  fanout = await startFanout({ cwd: project, mockConfig: 'mocks.json' });
});

afterAll(async () => {
  await fanout?.stop();
  rmSync(project, { recursive: true, force: true });
});

test('init writes nothing over existing files', async () => {
  const context = fakeContext(project);
  expect(await runCli(['init'], context)).toBe(3);
  expect(context.err.join('')).toMatch(/writes nothing: .*fanout\.local\.json.* already exist/);
});

test("the profile's command runs as the Batch job; the hour-long Wait passes in virtual time", async () => {
  const result = await fanout.run('workflows/hello.asl.json', { input: { name: 'Grace' } });

  expect(result).toMatchObject({ status: 'SUCCEEDED', error: undefined, cause: undefined });
  expect(result.output).toEqual({ name: 'Grace', greeting: { status: 'SUCCEEDED', exitCode: 0 } });
  expect(result.states).toEqual(['Greet', 'CoolDown', 'Done']);
  const logs = readLogIndex(fanout.dataDir).map((r) => readFileSync(join(fanout.dataDir, 'logs', r.file), 'utf8'));
  expect(logs.join('')).toContain('Hello, Grace!');
});

test('a test case from a mock configuration file: one failure, one retry after a 60 s back-off', async () => {
  const started = Date.now();
  const result = await fanout.run('workflows/hello.asl.json', { input: { name: 'Ada' }, testCase: 'FailsOnce' });

  expect(result.status).toBe('SUCCEEDED');
  expect(result.history.filter((e) => e.type === 'TaskFailed')).toHaveLength(1);
  const [first, last] = [result.history[0]!, result.history.at(-1)!];
  expect(last.timestamp!.getTime() - first.timestamp!.getTime()).toBeGreaterThanOrEqual(3_660_000);
  expect(Date.now() - started).toBeLessThan(5_000);
});

test('a failed execution carries its error and cause', async () => {
  const result = await fanout.run('workflows/hello.asl.json', { input: { name: '' } });

  expect(result.status).toBe('FAILED');
  expect(result.error).toBe('GreetingFailed');
  expect(result.cause).toBe('the greet job failed three times');
  expect(result.output).toBeUndefined();
  expect(result.states).toEqual(['Greet', 'GreetingFailed']);
});

test('a placeholder with no value is named before anything runs', async () => {
  writeFileSync(
    join(project, 'workflows', 'other.asl.json'),
    '{"StartAt":"P","States":{"P":{"Type":"Pass","Result":"${Missing}","End":true}}}',
  );
  await expect(fanout.run('workflows/other.asl.json')).rejects.toThrow(/no value for \$\{Missing\}/);
  const result = await fanout.run('workflows/other.asl.json', { substitutions: { Missing: 'given' } });
  expect(result.output).toBe('given');
});

test('a bad mock configuration names its field; stop removes the data directory and may be called twice', async () => {
  await expect(
    startFanout({ cwd: project, mockConfig: { StateMachines: { hello: { TestCases: { A: { Greet: 'Nowhere' } } } } } }),
  ).rejects.toThrow(/StateMachines\.hello\.TestCases\.A\.Greet names the mocked response "Nowhere"/);
  const other = await startFanout({ cwd: project, time: 'real' });
  expect(existsSync(other.dataDir)).toBe(true);
  await Promise.all([other.stop(), other.stop()]);
  expect(existsSync(other.dataDir)).toBe(false);
});
