/**
 * Retention and background deletion on a real SQLite store: closed executions past the age or count go with their
 * histories and Map Run children; a deleted machine goes in bounded slices; free pages go back to the file system;
 * an older database switches to incremental vacuum; `fanout gc` prints what it freed.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultEngine } from '../../../src/runtime/engine';
import { LocalStepFunctions } from '../../../src/runtime/service';
import { Store } from '../../../src/store/store';
import { openDatabase } from '../../../src/store/database';
import { command as gcCommand } from '../../../src/cli/commands/gc';
import { fakeContext } from '../cli/fake-context';
import { TaskLogs } from '../../../src/integrations/logs';
import { MODULE_SCHEMAS, SCHEMA_MIGRATIONS } from '../../../src/api/schema';

const ROLE = 'arn:aws:iam::000000000000:role/r';
/** An inline Map of 200 items: ~800 events an execution. */
const MAP = JSON.stringify({
  StartAt: 'Items',
  States: {
    Items: { Type: 'Pass', Result: Array.from({ length: 200 }, (_, i) => i), Next: 'Each' },
    Each: { Type: 'Map', ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true },
  },
});

describe('Janitor', () => {
  let dir: string;
  let service: LocalStepFunctions;
  let store: Store;

  const open = (retention: ConstructorParameters<typeof LocalStepFunctions>[0]['retention']): LocalStepFunctions => {
    store = Store.open(dir, { modules: MODULE_SCHEMAS });
    return new LocalStepFunctions({ store, engine: defaultEngine, ...(retention === undefined ? {} : { retention }) });
  };

  async function runMany(n: number, name = 'm'): Promise<{ machine: string; executions: string[] }> {
    const machine = service.createStateMachine({ name, definition: MAP, roleArn: ROLE }).stateMachineArn!;
    const executions: string[] = [];
    for (let i = 0; i < n; i++) {
      const { executionArn } = service.startExecution({ stateMachineArn: machine, name: `e${i}` });
      await service.waitForExecution(executionArn!);
      executions.push(executionArn!);
    }
    return { machine, executions };
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fanout-janitor-'));
  });
  afterEach(() => {
    service.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps only the newest maxCount closed executions, with no history left of the others', async () => {
    service = open({ maxCount: 3 });
    const events = (): number => store.db.prepare('SELECT count(*) FROM events').pluck().get() as number;
    const { executions } = await runMany(8);
    await service.janitor.run();
    // Ends kick a sweep too (every maxCount of them here), so some went before this run.
    expect(events()).toBeLessThan(4 * 900);
    expect(events()).toBeGreaterThan(3 * 600);
    for (const arn of executions.slice(0, 5)) {
      expect(() => service.describeExecution({ executionArn: arn })).toThrow(/Execution Does Not Exist/);
    }
    for (const arn of executions.slice(5))
      expect(service.describeExecution({ executionArn: arn }).status).toBe('SUCCEEDED');
    const leftover = store.db
      .prepare('SELECT count(*) FROM events WHERE execution_id NOT IN (SELECT id FROM executions)')
      .pluck()
      .get();
    expect(leftover).toBe(0);
  });

  it('holds a count limit while executions end faster than the periodic sweep runs', async () => {
    service = open({ maxCount: 100 });
    const definition = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    const machine = service.createStateMachine({ name: 'fast', definition, roleArn: ROLE }).stateMachineArn!;
    const closed = (): number =>
      store.db.prepare(`SELECT count(*) FROM executions WHERE status != 'RUNNING'`).pluck().get() as number;
    let most = 0;
    for (let i = 0; i < 450; i++) {
      await service.waitForExecution(service.startExecution({ stateMachineArn: machine }).executionArn!);
      most = Math.max(most, closed());
    }
    await service.janitor.whenIdle();
    // Checked every 100 ends: never more than the limit and one check's worth, and back to the limit after a sweep.
    expect(most).toBeLessThanOrEqual(200);
    expect(closed()).toBeLessThanOrEqual(150);
    expect(closed()).toBeGreaterThanOrEqual(100);
  });

  it('expires by age; false keeps everything', async () => {
    service = open(false);
    await runMany(3);
    expect((await service.janitor.run()).executions).toBe(0);
    service.close();
    service = open({ maxAgeMs: 0 });
    await new Promise((r) => setTimeout(r, 5));
    expect((await service.janitor.run()).executions).toBe(3);
  });

  it('DeleteStateMachine returns at once; the machine reads DELETING, then goes in slices; the file shrinks', async () => {
    service = open(false);
    const { machine } = await runMany(20, 'doomed');
    const db = join(dir, 'fanout.db');
    store.retention.truncateWal();
    const before = statSync(db).size;
    const started = performance.now();
    service.deleteStateMachine({ stateMachineArn: machine });
    expect(performance.now() - started).toBeLessThan(200);
    expect(service.describeStateMachine({ stateMachineArn: machine }).status).toBe('DELETING');
    await new Promise((r) => setImmediate(r));
    const tally = await service.janitor.run();
    expect(() => service.describeStateMachine({ stateMachineArn: machine })).toThrow(/State Machine Does Not Exist/);
    expect(store.db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(0);
    expect(store.retention.incremental).toBe(true);
    expect(statSync(db).size).toBeLessThan(before / 2);
    expect(tally.machines + (tally.executions > 0 ? 0 : 1)).toBeGreaterThanOrEqual(1);
  });

  it('switches a database made without incremental vacuum at open', () => {
    service = open(false);
    service.close();
    const file = join(dir, 'old.db');
    const old = new Database(file);
    old.exec('CREATE TABLE t (x)');
    expect(old.pragma('auto_vacuum', { simple: true })).toBe(0);
    old.close();
    const reopened = openDatabase(file, SCHEMA_MIGRATIONS);
    expect(reopened.pragma('auto_vacuum', { simple: true })).toBe(2);
    reopened.close();
    service = open(false);
  });

  it('removes the task logs of expired executions and of their Map Run children, and their index lines', async () => {
    store = Store.open(dir, { modules: MODULE_SCHEMAS });
    const logsDir = join(dir, 'logs');
    service = new LocalStepFunctions({ store, engine: defaultEngine, retention: { maxCount: 1 }, logsDir });
    const machine = service.createStateMachine({
      name: 'm',
      roleArn: ROLE,
      definition: JSON.stringify({
        StartAt: 'Each',
        States: {
          Each: {
            Type: 'Map',
            ItemsPath: '$.items',
            ItemProcessor: {
              ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
              StartAt: 'P',
              States: { P: { Type: 'Pass', End: true } },
            },
            End: true,
          },
        },
      }),
    }).stateMachineArn!;
    // Each execution and each Map Run child ran one task, as the ECS and Batch runners log them.
    const taskLogs = new TaskLogs(dir);
    const logged: Array<{ executionArn: string; file: string }> = [];
    const runTask = async (executionArn: string): Promise<void> => {
      const log = taskLogs.open({ arn: `${executionArn}/task`, executionArn, stateName: 'P', attempt: 1 }, 't1');
      log.stream.write('working\n');
      await log.close(0);
      logged.push({ executionArn, file: log.file });
    };
    const executions: string[] = [];
    for (const name of ['old', 'new']) {
      const { executionArn } = service.startExecution({
        stateMachineArn: machine,
        name,
        input: JSON.stringify({ items: [1, 2] }),
      });
      expect((await service.waitForExecution(executionArn!)).status).toBe('SUCCEEDED');
      await runTask(executionArn!);
      const [run] = service.listMapRuns({ executionArn: executionArn! }).mapRuns!;
      for (const child of service.listExecutions({ mapRunArn: run!.mapRunArn! }).executions!)
        await runTask(child.executionArn!);
      executions.push(executionArn!);
    }
    expect(logged).toHaveLength(6);
    expect(readFileSync(join(logsDir, 'index.jsonl'), 'utf8').trim().split('\n')).toHaveLength(12);

    const tally = await service.janitor.run();
    expect(tally).toMatchObject({ executions: 3, logFolders: 3, logIndexLines: 6 });
    const index = readFileSync(join(logsDir, 'index.jsonl'), 'utf8').trim().split('\n');
    // The newest execution and its two children keep their logs and lines.
    const kept = logged.slice(3);
    expect(index.map((l) => (JSON.parse(l) as { file: string }).file)).toEqual(kept.flatMap((l) => [l.file, l.file]));
    for (const { file } of logged.slice(0, 3)) expect(existsSync(join(logsDir, file))).toBe(false);
    for (const { file } of kept) expect(readFileSync(join(logsDir, file), 'utf8')).toBe('working\n');
  });

  it('fanout gc removes what the retention says and prints what it freed', async () => {
    service = open(false);
    await runMany(4);
    service.close();
    const context = fakeContext(dir);
    expect(await gcCommand.run(['--data-dir', dir, '--retention-count', '1'], context)).toBe(0);
    expect(context.out.join('')).toMatch(/removed 3 executions \(\d+ history events\), 0 deleted state machines/);
    expect(context.out.join('')).toMatch(/database [\d.]+ MiB → [\d.]+ MiB/);
    service = open(false);
    expect(store.db.prepare('SELECT count(*) FROM executions').pluck().get()).toBe(1);
  });
});
