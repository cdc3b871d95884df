/**
 * Compacting the task-log index (`<logs>/index.jsonl`, written by src/integrations/logs.ts: one JSON line per log
 * file opened or closed, its `file` relative to `<logs>` under the execution's folder). Once the janitor removed
 * executions' log folders, their lines go too: the index is streamed a chunk at a time into a new file, keeping
 * each line whose folder still exists, and the new file replaces the old by rename — a crash at any point leaves
 * the old index or the new one, never half of either. Lines the server appends meanwhile are carried over: what
 * arrived before the rename is copied in the last, synchronous step (a few lines), what an append that had
 * already opened the old file wrote after it is copied just after. One compaction at a time per directory
 * (`index.jsonl.lock`, taken over from a process that died), so `fanout gc` beside a server is safe.
 */
import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
  appendFileSync,
} from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';

const INDEX = 'index.jsonl';
const CHUNK = 64 * 1024;
/** A lock older than this is stale even if its pid is alive again (a recycled pid). */
const STALE_LOCK_MS = 3600_000;

export interface CompactionTally {
  /** Lines dropped: their log folder is gone, or the line was cut short by a crash. */
  removed: number;
  kept: number;
}

/**
 * Rewrites `<logsDir>/index.jsonl` without the lines of log folders that no longer exist. Undefined when there is
 * no index or another process is compacting it.
 */
export async function compactLogIndex(logsDir: string): Promise<CompactionTally | undefined> {
  const index = join(logsDir, INDEX);
  if (!existsSync(index)) return undefined;
  const lock = join(logsDir, `${INDEX}.lock`);
  if (!takeLock(lock)) return undefined;
  const temp = join(logsDir, `${INDEX}.${process.pid}.tmp`);
  try {
    removeLeftovers(logsDir);
    return await rewrite(logsDir, index, temp);
  } finally {
    try {
      unlinkSync(temp);
    } catch {
      // Renamed into place, or never made.
    }
    unlinkSync(lock);
  }
}

async function rewrite(logsDir: string, index: string, temp: string): Promise<CompactionTally> {
  const tally: CompactionTally = { removed: 0, kept: 0 };
  const folders = new Map<string, boolean>();
  const keep = (line: string): boolean => {
    const folder = folderOf(line);
    if (folder === undefined) return false;
    let present = folders.get(folder);
    if (present === undefined) {
      present = existsSync(join(logsDir, folder));
      folders.set(folder, present);
    }
    return present;
  };
  let pending = '';
  /** The complete lines of `text` (after what was pending) that are kept; the unfinished last line waits. */
  const filter = (text: string): string => {
    const lines = (pending + text).split('\n');
    pending = lines.pop() ?? '';
    let out = '';
    for (const line of lines) {
      if (line === '') continue;
      if (keep(line)) {
        out += `${line}\n`;
        tally.kept += 1;
      } else tally.removed += 1;
    }
    return out;
  };

  const source = await open(index, 'r');
  const target = await open(temp, 'w');
  let offset = 0;
  try {
    const buffer = Buffer.alloc(CHUNK);
    for (;;) {
      const { bytesRead } = await source.read(buffer, 0, CHUNK, offset);
      if (bytesRead === 0) break;
      offset += bytesRead;
      const kept = filter(buffer.toString('utf8', 0, bytesRead));
      if (kept !== '') await target.write(kept);
    }
    // From here to the rename nothing yields, so no append of this process lands between them.
    offset += copyTail(source.fd, offset, (text) => writeSync(target.fd, filter(text)));
    if (pending !== '') writeSync(target.fd, filter('\n'));
    fsyncSync(target.fd);
    renameSync(temp, index);
    syncDirectory(logsDir);
    // An append that opened the old file just before the rename: carried over.
    copyTail(source.fd, offset, (text) => appendFileSync(index, text));
    return tally;
  } finally {
    await target.close();
    await source.close();
  }
}

/** Reads `fd` from `offset` to its end, synchronously, handing the text on; returns the bytes read. */
function copyTail(fd: number, offset: number, onText: (text: string) => void): number {
  const size = fstatSync(fd).size;
  if (size <= offset) return 0;
  const buffer = Buffer.alloc(size - offset);
  let read = 0;
  while (read < buffer.length) {
    const n = readSync(fd, buffer, read, buffer.length - read, offset + read);
    if (n === 0) break;
    read += n;
  }
  onText(buffer.toString('utf8', 0, read));
  return read;
}

/** The log folder a line's `file` is under; undefined for a line that is not an index record. */
function folderOf(line: string): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  const file = (value as { file?: unknown } | null)?.file;
  if (typeof file !== 'string') return undefined;
  const slash = file.indexOf('/');
  return slash > 0 ? file.slice(0, slash) : undefined;
}

function takeLock(lock: string): boolean {
  for (let tries = 0; tries < 2; tries++) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !isStale(lock)) return false;
      try {
        unlinkSync(lock);
      } catch {
        return false;
      }
    }
  }
  return false;
}

function isStale(lock: string): boolean {
  try {
    if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) return true;
    const pid = Number(readFileSync(lock, 'utf8'));
    if (!Number.isInteger(pid) || pid <= 0) return true;
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'EPERM';
  }
}

/** Temporary files of compactions that died before their rename (only the lock holder gets here). */
function removeLeftovers(logsDir: string): void {
  for (const name of readdirSync(logsDir)) {
    if (name.startsWith(`${INDEX}.`) && name.endsWith('.tmp')) unlinkSync(join(logsDir, name));
  }
}

function syncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Not every file system lets a directory be synced; the rename is still atomic.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
