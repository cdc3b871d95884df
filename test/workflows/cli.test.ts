/**
 * The `fanout` binary end to end: each test spawns `node bin/fanout.js` the way a user runs it, against the
 * compiled dist/ (rebuilt here when it is missing or older than src/).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const bin = join(root, 'bin', 'fanout.js');
const work = mkdtempSync(join(tmpdir(), 'fanout-cli-e2e-'));

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function ensureBuilt(): void {
  const main = join(root, 'dist', 'cli', 'main.js');
  if (existsSync(main) && statSync(main).mtimeMs >= newestMtime(join(root, 'src'))) return;
  // Type errors elsewhere still emit JavaScript; only a missing entry point stops the suite.
  spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'ignore',
  });
  if (!existsSync(main)) throw new Error('npm run build did not produce dist/cli/main.js');
}

function fanout(args: string[], cwd = root): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...process.env, FANOUT_DEBUG: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function executionArnIn(stderr: string): string {
  const arn = /fanout: execution (arn:\S+)/.exec(stderr)?.[1];
  if (arn === undefined) throw new Error(`no execution ARN in:\n${stderr}`);
  return arn;
}

const failing = join(work, 'broken.asl.json');
const invalid = join(work, 'invalid.asl.json');

beforeAll(() => {
  ensureBuilt();
  writeFileSync(
    failing,
    JSON.stringify({
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Next: 'P' },
        P: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Boom', States: { Boom: { Type: 'Fail', Error: 'Custom.Broken', Cause: 'it broke' } } },
          ],
          End: true,
        },
      },
    }),
  );
  writeFileSync(invalid, '{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"Nowhere"}}}');
}, 120_000);

describe('fanout run', () => {
  const dataDir = join(work, 'run-data');

  it('runs the demo: states on stderr, the output as JSON on stdout, exit 0', async () => {
    const result = await fanout([
      'run',
      'workflows/demo.asl.json',
      '--input',
      '@workflows/demo.input.json',
      '--data-dir',
      dataDir,
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ batch: 'scans-2024-06-01', documents: 3, chunks: 5 });
    expect(result.stderr).toContain('▶ Prepare (Pass)');
    expect(result.stderr).toMatch(/✔ Settle \(Wait\) 1\.\d s/);
    expect(result.stderr).toMatch(/SUCCEEDED in \d/);

    // history, in-process over the same data directory
    const history = await fanout(['history', executionArnIn(result.stderr), '--data-dir', dataDir]);
    expect(history.code).toBe(0);
    expect(history.stdout).toMatch(/^ID\s+TIME\s+TYPE\s+STATE\s+DETAIL/);
    expect(history.stdout).toMatch(/ParallelStateFailed\s+Publish/);
    // The Pass template's keys print in the order AWS gives them (docs/engine.md: Java HashMap order).
    expect(history.stdout).toMatch(
      /ExecutionSucceeded\s+output \{"languages":\["eng","deu","fra"\],"documents":3,"chunks":5/,
    );

    const json = await fanout(['history', executionArnIn(result.stderr), '--data-dir', dataDir, '--json']);
    const events = (JSON.parse(json.stdout) as { events: { id: number; type: string }[] }).events;
    expect(events[0]?.type).toBe('ExecutionStarted');
    expect(events[events.length - 1]?.type).toBe('ExecutionSucceeded');
  });

  it('fails with exit 1, the status, error, cause and failing state; nothing on stdout', async () => {
    const result = await fanout(['run', failing, '--data-dir', dataDir, '--name', 'broken-1']);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('FAILED: Custom.Broken: it broke\n  in state: P > Boom');
    expect(result.stderr).toContain(':execution:broken:broken-1');
  });

  it('prints the validation message of an invalid definition, not a stack', async () => {
    const result = await fanout(['run', invalid, '--data-dir', dataDir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('fanout: InvalidDefinition: Invalid State Machine Definition: ');
    expect(result.stderr).toContain("Missing 'Next' target: Nowhere at /States/A/Next");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('lists the executions of the data directory, newest first', async () => {
    const result = await fanout(['executions', '--data-dir', dataDir]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+STATE MACHINE\s+STATUS\s+START\s+DURATION$/);
    expect(lines[1]).toMatch(/^broken-1\s+broken\s+FAILED\s/);
    expect(lines[2]).toMatch(/\sdemo\s+SUCCEEDED\s/);
    const failed = await fanout([
      'executions',
      '--data-dir',
      dataDir,
      '--status',
      'failed',
      '--state-machine',
      'broken',
    ]);
    expect(failed.stdout.trimEnd().split('\n')).toHaveLength(2);
  });
});

describe('fanout validate', () => {
  it('prints OK for a good file and each problem of a bad one, exit 1', async () => {
    const good = await fanout(['validate', 'workflows/demo.asl.json']);
    expect(good).toEqual({ code: 0, stdout: 'workflows/demo.asl.json: OK\n', stderr: '' });
    const bad = await fanout(['validate', invalid]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(`${invalid}: ERROR MISSING_TRANSITION_TARGET at /States/A/Next`);
  });

  it('--profile names the states the local runtime cannot run with that profile', async () => {
    const ours = await fanout([
      'validate',
      'workflows/demo.asl.json',
      'workflows/nightly-etl.asl.json',
      '--profile',
      'fanout.local.json',
    ]);
    expect(ours).toEqual({
      code: 0,
      stdout: 'workflows/demo.asl.json: OK\nworkflows/nightly-etl.asl.json: OK\n',
      stderr: '',
    });
    const unmapped = join(work, 'unmapped.asl.json');
    writeFileSync(
      unmapped,
      JSON.stringify({
        StartAt: 'Resize',
        States: {
          Resize: {
            Type: 'Task',
            Resource: 'arn:aws:states:::ecs:runTask.sync',
            Parameters: { TaskDefinition: 'resize' },
            Next: 'Notify',
          },
          Notify: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:notify', End: true },
        },
      }),
    );
    const result = await fanout(['validate', unmapped, '--profile', 'fanout.local.json']);
    expect(result.code).toBe(1);
    expect(result.stdout.trimEnd().split('\n')).toEqual([
      `${unmapped}: ERROR LOCAL_UNMAPPED at /States/Resize/Parameters/TaskDefinition: state 'Resize' cannot run locally: the profile ${join(root, 'fanout.local.json')} has no taskDefinitions.resize (declared: ocr)`,
      `${unmapped}: ERROR LOCAL_UNMAPPED at /States/Notify/Resource: state 'Notify' cannot run locally: the profile ${join(root, 'fanout.local.json')} has no functions.notify (declared: none)`,
    ]);
    // Without --profile only the definition is checked.
    expect((await fanout(['validate', unmapped])).code).toBe(0);
  });
});

interface Serving {
  url: string;
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
}

function startServe(args: string[]): Promise<Serving> {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', ...args], { cwd: root });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise<Serving>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve({ url: out.trim(), child, stderr: () => stderr, exited });
    });
    child.on('exit', () => reject(new Error(`serve exited early: ${stderr}`)));
  });
}

describe('fanout serve', () => {
  let server: ChildProcess | undefined;
  afterEach(() => server?.kill('SIGKILL'));

  it('prints its URL, answers the CLI, and exits 0 on SIGTERM', async () => {
    const serving = await startServe(['--data-dir', join(work, 'serve-data')]);
    server = serving.child;
    const { url } = serving;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const run = await fanout(['run', failing, '--endpoint', url]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`fanout: endpoint ${url}`);
    const history = await fanout(['history', executionArnIn(run.stderr), '--endpoint', url]);
    expect(history.stdout).toMatch(/ExecutionFailed\s+Custom\.Broken: it broke/);
    const executions = await fanout(['executions', '--endpoint', url]);
    expect(executions.stdout).toMatch(/\sbroken\s+FAILED\s/);

    serving.child.kill('SIGTERM');
    expect(await serving.exited).toBe(0);
    expect(serving.stderr()).toContain('SIGTERM: stopping');
    expect(serving.stderr()).not.toContain('warning');
    server = undefined;
  });

  it('warns that a non-loopback host has no authentication, and checks --profile exists', async () => {
    const profile = join(work, 'profile.json');
    writeFileSync(profile, '{}');
    const serving = await startServe([
      '--host',
      '0.0.0.0',
      '--data-dir',
      join(work, 'open-data'),
      '--profile',
      profile,
    ]);
    server = serving.child;
    expect(serving.url).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/);
    expect(serving.stderr()).toContain('the endpoint has no authentication');
    serving.child.kill('SIGINT');
    expect(await serving.exited).toBe(0);
    server = undefined;

    const missing = await fanout(['serve', '--port', '0', '--profile', join(work, 'absent.json')]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toMatch(/profile '.*absent\.json' does not exist/);
  });
});
