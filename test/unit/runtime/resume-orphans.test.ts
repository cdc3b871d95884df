/**
 * What start-up after a crash relies on: orphaned task processes are found by pid + start time and stopped
 * (never a recycled pid), one server holds a data directory at a time, and JSON nested too deep is refused
 * before anything walks it.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  isAlive,
  processIdentity,
  processJournal,
  recordedLiveProcesses,
  stopOrphans,
  PROCESS_JOURNAL,
} from '../../../src/integrations/orphans';
import { lockDataDir, LOCK_FILE } from '../../../src/integrations/orphans-lock';
import { jsonDepthExcess } from '../../../src/runtime/json-depth';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'fanout-orphans-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('orphaned task processes', () => {
  it('stops a recorded process that is still alive, and forgets the journal', async () => {
    // GIVEN a task process (its own group, as ContainerProcess starts it) recorded by a server that then died
    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' });
    const exited = new Promise((r) => child.once('exit', r));
    const journal = processJournal(dir, { arn: 'arn:task', executionArn: 'arn:exec', stateName: 'Ocr' });
    journal.started(child.pid!);
    const identity = processIdentity(child.pid!)!;
    expect(recordedLiveProcesses(dir)).toEqual([
      { ...identity, arn: 'arn:task', executionArn: 'arn:exec', stateName: 'Ocr' },
    ]);

    // WHEN the next server starts
    const report = await stopOrphans(dir, { graceMs: 2000 });

    // THEN it is stopped and nothing is left to stop
    await exited;
    expect(report.stopped.map((p) => p.pid)).toEqual([child.pid]);
    expect(isAlive(identity)).toBe(false);
    expect(recordedLiveProcesses(dir)).toEqual([]);
  });

  it('never signals a recycled pid: the start time must match', async () => {
    // GIVEN a journal entry whose pid now belongs to another process (here: this test runner)
    const self = processIdentity(process.pid)!;
    mkdirSync(join(dir, 'logs'), { recursive: true });
    const stale = { pid: process.pid, start: String(Number(self.start) - 1), boot: self.boot, arn: 'arn:old' };
    writeFileSync(join(dir, 'logs', PROCESS_JOURNAL), `${JSON.stringify(stale)}\n`);

    const report = await stopOrphans(dir, { graceMs: 100 });

    expect(report.recorded).toBe(1);
    expect(report.stopped).toEqual([]);
    expect(isAlive(self)).toBe(true);
  });

  it('forgets processes that recorded their exit, and tolerates a line cut short by the crash', () => {
    const journal = processJournal(dir, { arn: 'a', executionArn: 'e', stateName: 's' });
    journal.started(process.pid);
    journal.exited(process.pid);
    appendFileSync(join(dir, 'logs', PROCESS_JOURNAL), '{"pid":12');
    expect(recordedLiveProcesses(dir)).toEqual([]);
  });
});

describe('the data directory lock', () => {
  it('refuses a second owner while the first lives, and is taken over once it is stale', () => {
    const first = lockDataDir(dir);
    expect(first.recovered).toBe(false);
    // Another live process owns it (pid 1 with its real start time).
    const init = processIdentity(1);
    first.release();
    if (init !== undefined) {
      writeFileSync(join(dir, LOCK_FILE), JSON.stringify(init));
      expect(() => lockDataDir(dir)).toThrow(/in use by another fanout server \(pid 1\)/);
    }
    // A crashed owner: same pid number, different start time.
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: 1, start: '1', boot: 'gone' }));
    const second = lockDataDir(dir);
    expect(second.recovered).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    second.release();
  });
});

describe('JSON nesting depth', () => {
  it('allows 1,000 levels and refuses 1,001 with Jackson message, naming the state', () => {
    expect(jsonDepthExcess(`${'['.repeat(1000)}${']'.repeat(1000)}`)).toBeUndefined();
    const deep = `{"States":{"Deep":{"Result":${'['.repeat(1000)}${']'.repeat(1000)}}}}`;
    expect(jsonDepthExcess(deep)).toEqual({
      message:
        'Document nesting depth (1001) exceeds the maximum allowed (1000, from `StreamReadConstraints.getMaxNestingDepth()`)',
      path: ['States', 'Deep', 'Result'],
    });
  });

  it('does not count brackets inside strings', () => {
    expect(jsonDepthExcess(JSON.stringify({ s: '['.repeat(5000), t: 'a\\"[[' }))).toBeUndefined();
  });
});
