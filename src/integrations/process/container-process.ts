/**
 * One container as a local child process: argv without a shell, its own environment, output to the task log.
 * Stopping follows `docker stop`: SIGTERM to the main process, SIGKILL after the stop timeout — to its whole
 * process group, so nothing it started outlives the task.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { constants } from 'node:os';
import type { Writable } from 'node:stream';
import type { ProcessJournal } from '../orphans';

export interface ProcessSpec {
  readonly command: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  /** Receives stdout and stderr. */
  readonly output: Writable;
  /** Prepended to each output line (the container name when a task has several). */
  readonly linePrefix?: string;
  /** Records the process's pid and start time, and its exit, so a later server can stop it if this one dies. */
  readonly journal?: ProcessJournal;
}

export interface ProcessExit {
  /** The exit status; 128 + n when ended by signal n, as Docker reports it. Null when it never started. */
  readonly exitCode: number | null;
  /** Why it could not start (e.g. "spawn tasks/x ENOENT"), else undefined. */
  readonly startError?: string;
}

export class ContainerProcess {
  readonly exited: Promise<ProcessExit>;
  private readonly child: ChildProcess;
  private killTimer: NodeJS.Timeout | undefined;
  private done = false;
  private readonly journal: ProcessJournal | undefined;

  constructor(spec: ProcessSpec) {
    const [program = '', ...args] = spec.command;
    // `node` means the Node.js running fanout, whatever PATH says: tasks then behave the same in tests and CI.
    const file = program === 'node' ? process.execPath : program;
    this.child = spawn(file, args, {
      cwd: spec.cwd,
      env: { ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      windowsHide: true,
    });
    this.journal = spec.journal;
    if (this.child.pid !== undefined) this.journal?.started(this.child.pid);
    for (const stream of [this.child.stdout, this.child.stderr]) {
      if (stream === null) continue;
      if (spec.linePrefix === undefined) stream.pipe(spec.output, { end: false });
      else prefixLines(stream, spec.output, spec.linePrefix);
    }
    this.exited = new Promise<ProcessExit>((resolve) => {
      this.child.once('error', (error) => {
        // A child that never got a pid will not emit 'close'; one that did reports its status there.
        if (this.child.pid !== undefined) return;
        this.finish();
        resolve({ exitCode: null, startError: error.message });
      });
      this.child.once('close', (code, signal) => {
        this.finish();
        const bySignal = signal === null ? undefined : constants.signals[signal];
        resolve({ exitCode: code ?? (bySignal === undefined ? null : 128 + bySignal) });
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get running(): boolean {
    return !this.done && this.child.pid !== undefined;
  }

  /** SIGTERM now, SIGKILL to the process group after `stopTimeoutSeconds`. Idempotent. */
  stop(stopTimeoutSeconds: number): void {
    if (!this.running || this.killTimer !== undefined) return;
    this.signal('SIGTERM', false);
    this.killTimer = setTimeout(() => this.kill(), stopTimeoutSeconds * 1000);
  }

  /** SIGKILL to the whole process group. */
  kill(): void {
    if (this.running) this.signal('SIGKILL', true);
  }

  private signal(signal: NodeJS.Signals, group: boolean): void {
    const pid = this.child.pid;
    if (pid === undefined) return;
    try {
      if (group && process.platform !== 'win32') process.kill(-pid, signal);
      else this.child.kill(signal);
    } catch {
      // Already gone: nothing to stop.
    }
  }

  private finish(): void {
    this.done = true;
    if (this.killTimer !== undefined) clearTimeout(this.killTimer);
    // The main process is gone; reap anything it left running in its group.
    const pid = this.child.pid;
    if (pid !== undefined && process.platform !== 'win32') {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // No process group left.
      }
    }
    if (pid !== undefined) this.journal?.exited(pid);
  }
}

function prefixLines(from: NodeJS.ReadableStream, to: Writable, prefix: string): void {
  let pending = '';
  from.setEncoding('utf8');
  from.on('data', (chunk: string) => {
    const lines = (pending + chunk).split('\n');
    pending = lines.pop() ?? '';
    if (lines.length > 0) to.write(lines.map((l) => `${prefix}${l}\n`).join(''));
  });
  from.on('end', () => {
    if (pending !== '') to.write(`${prefix}${pending}\n`);
  });
}
