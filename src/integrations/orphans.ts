/**
 * Task processes orphaned by a crash of the server (kill -9, OOM, power cut of the terminal): each process is
 * recorded when it starts and when it exits in `<dataDir>/logs/processes.jsonl`, with its pid, its start time
 * (`/proc/<pid>/stat` field 22, clock ticks since boot) and the boot id. A server starting on the same data
 * directory stops every recorded process still alive — only when pid, start time and boot id all match, so a
 * recycled pid is never signalled — before it resumes the executions, which re-run the tasks (at-least-once;
 * tasks are idempotent). See docs/reliability.md for why stopping wins over re-attaching.
 */
import { appendFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const PROCESS_JOURNAL = 'processes.jsonl';

/** How long an orphan gets between SIGTERM and SIGKILL. */
export const ORPHAN_GRACE_MS = 2000;

/** Receives a task process's start and exit (ContainerProcess calls it). */
export interface ProcessJournal {
  started(pid: number): void;
  exited(pid: number): void;
}

/** What a recorded process ran for. */
export interface ProcessOwner {
  readonly arn: string;
  readonly executionArn: string;
  readonly stateName: string;
}

/** A process as /proc identifies it: its pid can be reused, its (pid, start, boot) cannot. */
export interface ProcessIdentity {
  pid: number;
  /** Start time in clock ticks since boot (`/proc/<pid>/stat` field 22). */
  start: string;
  /** `/proc/sys/kernel/random/boot_id`. */
  boot: string;
}

interface JournalLine extends Partial<ProcessOwner> {
  pid: number;
  start: string;
  boot: string;
  at?: number;
  exited?: true;
}

export interface OrphanReport {
  /** Recorded processes that never recorded their exit. */
  recorded: number;
  /** Of those, still alive (same pid, start time and boot) and stopped now. */
  stopped: ProcessIdentity[];
  /** Stopped only by SIGKILL after the grace period. */
  killed: number;
  /** False when the platform has no /proc: nothing could be verified, so nothing was signalled. */
  verifiable: boolean;
}

/** The journal of `dataDir`: appends one line per start and exit. Best effort: a task never fails on it. */
export function processJournal(dataDir: string, owner: ProcessOwner): ProcessJournal {
  const dir = join(dataDir, 'logs');
  const file = join(dir, PROCESS_JOURNAL);
  const started = new Map<number, ProcessIdentity>();
  const write = (line: JournalLine): void => {
    try {
      mkdirSync(dir, { recursive: true });
      appendFileSync(file, `${JSON.stringify(line)}\n`);
    } catch {
      // A full disk must not fail the task; an unrecorded orphan just finishes on its own.
    }
  };
  return {
    started(pid) {
      const identity = processIdentity(pid);
      if (identity === undefined) return;
      started.set(pid, identity);
      write({ ...identity, ...owner, at: Date.now() });
    },
    exited(pid) {
      const identity = started.get(pid);
      if (identity === undefined) return;
      started.delete(pid);
      write({ ...identity, exited: true });
    },
  };
}

/** The identity of a live process, or undefined (gone, a zombie, or no /proc on this platform). */
export function processIdentity(pid: number): ProcessIdentity | undefined {
  const boot = bootId();
  if (boot === undefined) return undefined;
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces or ')': split after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const start = fields[19];
  if (start === undefined || state === 'Z' || state === 'X') return undefined;
  return { pid, start, boot };
}

/** Whether the process `identity` names is still the one running under its pid. */
export function isAlive(identity: ProcessIdentity): boolean {
  const now = processIdentity(identity.pid);
  return now !== undefined && now.start === identity.start && now.boot === identity.boot;
}

let cachedBootId: string | null | undefined;

function bootId(): string | undefined {
  if (cachedBootId === undefined) {
    try {
      cachedBootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    } catch {
      cachedBootId = null;
    }
  }
  return cachedBootId ?? undefined;
}

/** The processes the journal shows as started and never exited. */
export function recordedLiveProcesses(dataDir: string): (ProcessIdentity & Partial<ProcessOwner>)[] {
  let text: string;
  try {
    text = readFileSync(join(dataDir, 'logs', PROCESS_JOURNAL), 'utf8');
  } catch {
    return [];
  }
  const live = new Map<string, ProcessIdentity & Partial<ProcessOwner>>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let value: Partial<JournalLine>;
    try {
      value = JSON.parse(line) as Partial<JournalLine>;
    } catch {
      continue; // a line cut short by the crash
    }
    if (typeof value.pid !== 'number' || typeof value.start !== 'string' || typeof value.boot !== 'string') continue;
    const key = `${value.boot}:${value.pid}:${value.start}`;
    if (value.exited === true) {
      live.delete(key);
      continue;
    }
    live.set(key, {
      pid: value.pid,
      start: value.start,
      boot: value.boot,
      ...(typeof value.arn === 'string' ? { arn: value.arn } : {}),
      ...(typeof value.executionArn === 'string' ? { executionArn: value.executionArn } : {}),
      ...(typeof value.stateName === 'string' ? { stateName: value.stateName } : {}),
    });
  }
  return [...live.values()];
}

/**
 * Stops the task processes an earlier server left running on `dataDir`: SIGTERM to each one's process group
 * (a task runs as a group leader), SIGKILL after `graceMs`; then empties the journal. Call it before any
 * execution is resumed, and only while holding the data directory (orphans-lock.ts), so the processes of a
 * live server are never touched.
 */
export async function stopOrphans(
  dataDir: string,
  options: { graceMs?: number; log?: (line: string) => void } = {},
): Promise<OrphanReport> {
  const graceMs = options.graceMs ?? ORPHAN_GRACE_MS;
  const recorded = recordedLiveProcesses(dataDir);
  const report: OrphanReport = {
    recorded: recorded.length,
    stopped: [],
    killed: 0,
    verifiable: bootId() !== undefined,
  };
  if (!report.verifiable) {
    if (recorded.length > 0)
      options.log?.(`orphans: cannot verify ${recorded.length} recorded task processes without /proc; left alone`);
    return report;
  }
  const alive = recorded.filter(isAlive);
  for (const p of alive) {
    options.log?.(
      `orphans: stopping task process ${p.pid}${p.arn ? ` (${p.arn}, state '${p.stateName ?? '?'}')` : ''} left by an earlier server`,
    );
    signalGroup(p.pid, 'SIGTERM');
    report.stopped.push({ pid: p.pid, start: p.start, boot: p.boot });
  }
  const deadline = Date.now() + graceMs;
  while (alive.some(isAlive) && Date.now() < deadline) await delay(25);
  for (const p of alive) {
    if (!isAlive(p)) continue;
    signalGroup(p.pid, 'SIGKILL');
    report.killed++;
  }
  // Wait (briefly) for the kills to land, so a resumed task never overlaps its orphan.
  const killDeadline = Date.now() + 1000;
  while (alive.some(isAlive) && Date.now() < killDeadline) await delay(10);
  resetJournal(dataDir);
  return report;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // Gone in the meantime.
    }
  }
}

/** Empties the journal atomically (every recorded process has been dealt with). */
function resetJournal(dataDir: string): void {
  const file = join(dataDir, 'logs', PROCESS_JOURNAL);
  try {
    writeFileSync(`${file}.tmp`, '');
    renameSync(`${file}.tmp`, file);
  } catch {
    // No logs directory yet: nothing was recorded.
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
