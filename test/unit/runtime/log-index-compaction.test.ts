/**
 * The task-log index compaction on real files: lines of log folders that are gone (and lines a crash cut short)
 * go, the rest stay in order; lines appended while it streams are kept; a compaction that died leaves nothing in
 * the way of the next; one that is alive in another process is not run over.
 */
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compactLogIndex } from '../../../src/runtime/log-index-compaction';

const line = (folder: string, i: number): string =>
  JSON.stringify({
    arn: `arn:aws:ecs:us-east-1:0:task/c/${folder}-${i}`,
    executionArn: folder,
    file: `${folder}/${i}.log`,
  });
const closing = (folder: string, i: number): string => JSON.stringify({ file: `${folder}/${i}.log`, stoppedAt: i });

describe('compactLogIndex', () => {
  let logs: string;
  const index = (): string => join(logs, 'index.jsonl');
  const lines = (): string[] => readFileSync(index(), 'utf8').split('\n').filter(Boolean);

  beforeEach(() => {
    logs = mkdtempSync(join(tmpdir(), 'fanout-log-index-'));
    for (const folder of ['m_kept', 'm_gone']) mkdirSync(join(logs, folder));
  });
  afterEach(() => rmSync(logs, { recursive: true, force: true }));

  it('drops the lines of removed folders and lines cut short, keeping the rest in order', async () => {
    const kept = [line('m_kept', 1), line('m_kept', 2), closing('m_kept', 1)];
    writeFileSync(
      index(),
      [kept[0], line('m_gone', 1), kept[1], '{"arn":"cut sho', closing('m_gone', 1), kept[2]].join('\n') + '\n',
    );
    rmSync(join(logs, 'm_gone'), { recursive: true });
    expect(await compactLogIndex(logs)).toEqual({ kept: 3, removed: 3 });
    expect(lines()).toEqual(kept);
    expect(existsSync(join(logs, 'index.jsonl.lock'))).toBe(false);
  });

  it('streams a large index, and keeps the lines appended while it runs', async () => {
    const many = Array.from({ length: 20_000 }, (_, i) => line(i % 2 === 0 ? 'm_kept' : 'm_gone', i));
    writeFileSync(index(), many.join('\n') + '\n');
    rmSync(join(logs, 'm_gone'), { recursive: true });
    let settled = false;
    const compaction = compactLogIndex(logs).finally(() => (settled = true));
    // The server goes on writing while the index is streamed (it yields between chunks).
    const appended: string[] = [];
    await new Promise<void>((resolve) => {
      const tick = (): void => {
        if (settled || appended.length === 5) return resolve();
        appended.push(line('m_kept', 100_000 + appended.length));
        appendFileSync(index(), `${appended.at(-1)}\n`);
        setImmediate(tick);
      };
      setImmediate(tick);
    });
    expect(settled).toBe(false);
    expect(appended).toHaveLength(5);
    await compaction;
    expect(lines()).toEqual([...many.filter((_, i) => i % 2 === 0), ...appended]);
  });

  it('clears what a compaction that died left, and leaves alone an index another live process compacts', async () => {
    writeFileSync(index(), `${line('m_kept', 1)}\n${line('m_gone', 1)}\n`);
    rmSync(join(logs, 'm_gone'), { recursive: true });
    // A live process holds the lock: nothing happens.
    writeFileSync(join(logs, 'index.jsonl.lock'), String(process.ppid));
    expect(await compactLogIndex(logs)).toBeUndefined();
    expect(lines()).toHaveLength(2);
    // Its holder died mid-way, leaving its half-written file.
    writeFileSync(join(logs, 'index.jsonl.lock'), '2147483646');
    writeFileSync(join(logs, 'index.jsonl.999.tmp'), 'half');
    expect(await compactLogIndex(logs)).toEqual({ kept: 1, removed: 1 });
    expect(lines()).toEqual([line('m_kept', 1)]);
    expect(existsSync(join(logs, 'index.jsonl.999.tmp'))).toBe(false);
  });
});
