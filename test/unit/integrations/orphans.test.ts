/**
 * What start-up after a crash relies on: orphaned task processes are found by pid + start time and stopped,
 * never a recycled pid.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  isAlive,
  processIdentity,
  processJournal,
  recordedLiveProcesses,
  stopOrphans,
  PROCESS_JOURNAL,
} from '../../../src/integrations/orphans';
import { tempDirPerTest } from '../../support/temp-dir';

describe('orphaned task processes', () => {
  const tempDir = tempDirPerTest('orphans');

  it('stops a recorded process that is still alive, and forgets the journal', async () => {
    const dir = tempDir();
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
    const dir = tempDir();
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
    const dir = tempDir();
    const journal = processJournal(dir, { arn: 'a', executionArn: 'e', stateName: 's' });
    journal.started(process.pid);
    journal.exited(process.pid);
    appendFileSync(join(dir, 'logs', PROCESS_JOURNAL), '{"pid":12');
    expect(recordedLiveProcesses(dir)).toEqual([]);
  });
});
