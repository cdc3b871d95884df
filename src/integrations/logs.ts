/**
 * Task logs, the local stand-in for CloudWatch Logs: each task's stdout and stderr go to
 * `<dataDir>/logs/<execution>/<task id>.log`, and `<dataDir>/logs/index.jsonl` says which file belongs to which
 * task, job and execution (one JSON line per file opened, one more when it is closed), so `fanout logs` can
 * find them by execution, task or job ARN. Appending lines keeps the index crash-safe without a schema.
 */
import {
  appendFileSync,
  closeSync,
  createWriteStream,
  fstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
} from 'node:fs';
import type { WriteStream } from 'node:fs';
import { join, relative } from 'node:path';

export interface LogEntry {
  /** The ECS task ARN, or the Batch job ARN (`…:job/<id>:<index>` for an array child). */
  readonly arn: string;
  /** The array job's ARN for its children; undefined otherwise. */
  readonly parentArn?: string;
  readonly executionArn: string;
  readonly stateName: string;
  /** 1 for ECS; the Batch attempt number. */
  readonly attempt: number;
  /** Relative to `<dataDir>/logs`. */
  readonly file: string;
  readonly startedAt: number;
}

export interface LogRecord extends LogEntry {
  /** Set once the process has ended. */
  stoppedAt?: number;
  exitCode?: number | null;
}

export interface OpenLog {
  readonly stream: WriteStream;
  /** Relative to `<dataDir>/logs`. */
  readonly file: string;
  /** Flushes the file and records the end in the index. */
  close(exitCode: number | null): Promise<void>;
}

export const INDEX_FILE = 'index.jsonl';

export class TaskLogs {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'logs');
  }

  /** Opens the log of one process run. `id` is the task id or job id (+ index, attempt); unique per run. */
  open(entry: Omit<LogEntry, 'file' | 'startedAt'>, id: string): OpenLog {
    const folder = join(this.dir, executionFolder(entry.executionArn));
    mkdirSync(folder, { recursive: true });
    const path = join(folder, `${id.replace(/[^A-Za-z0-9_.-]/g, '-')}.log`);
    const record: LogEntry = { ...entry, file: relative(this.dir, path), startedAt: Date.now() };
    this.append(record);
    const stream = createWriteStream(path, { flags: 'a' });
    // A full disk must not crash the server: the task goes on, its log is cut short.
    stream.on('error', () => undefined);
    return {
      stream,
      file: record.file,
      close: (exitCode) =>
        new Promise<void>((resolve) => {
          stream.end(() => {
            this.append({ file: record.file, stoppedAt: Date.now(), exitCode });
            resolve();
          });
        }),
    };
  }

  private append(line: object): void {
    try {
      mkdirSync(this.dir, { recursive: true });
      appendFileSync(join(this.dir, INDEX_FILE), `${JSON.stringify(line)}\n`);
    } catch {
      // Logging is best effort; the task's outcome does not depend on it.
    }
  }
}

/** Every log file recorded under `<dataDir>/logs`, in the order they were opened. */
export function readLogIndex(dataDir: string): LogRecord[] {
  let text: string;
  try {
    text = readFileSync(join(dataDir, 'logs', INDEX_FILE), 'utf8');
  } catch {
    return [];
  }
  const byFile = new Map<string, LogRecord>();
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let value: Partial<LogRecord>;
    try {
      value = JSON.parse(line) as Partial<LogRecord>;
    } catch {
      continue; // a line cut short by a crash
    }
    if (typeof value.file !== 'string') continue;
    const known = byFile.get(value.file);
    if (known !== undefined) Object.assign(known, value);
    else if (typeof value.arn === 'string') byFile.set(value.file, value as LogRecord);
  }
  return [...byFile.values()];
}

/** The logs of an execution, a task, or a job (an array job includes its children). */
export function logsFor(records: readonly LogRecord[], arn: string): LogRecord[] {
  return records.filter((r) => r.executionArn === arn || r.arn === arn || r.parentArn === arn);
}

/** The execution name, prefixed by the state machine's so two machines' executions never share a folder. */
function executionFolder(executionArn: string): string {
  const parts = executionArn.split(':');
  const named = parts.slice(6).join('_');
  return (named === '' ? executionArn : named).replace(/[^A-Za-z0-9_.-]/g, '-');
}

/** One process run's log as the web page shows it: who wrote it, how it ended, and its last bytes. */
export interface TaskLogTail {
  /** The ECS task, Batch job or Lambda request (`<function ARN>:<request id>`) that wrote it. */
  arn: string;
  attempt: number;
  startedAt: number;
  stoppedAt?: number;
  exitCode?: number | null;
  /** The last `maxBytes` of the log, as text. */
  text: string;
  /** The log is longer than `text`. */
  truncated: boolean;
}

/** The logs a state of an execution wrote (ECS tasks, Batch jobs, Lambda invocations), oldest first. */
export function stateLogTails(
  dataDir: string,
  executionArn: string,
  stateName: string,
  maxBytes = 64 * 1024,
): TaskLogTail[] {
  const dir = join(dataDir, 'logs');
  return readLogIndex(dataDir)
    .filter((r) => r.executionArn === executionArn && r.stateName === stateName)
    .map((r) => {
      const { bytes, size } = readTail(join(dir, r.file), maxBytes);
      const tail: TaskLogTail = {
        arn: r.arn,
        attempt: r.attempt,
        startedAt: r.startedAt,
        text: bytes.toString('utf8'),
        truncated: size > bytes.length,
      };
      if (r.stoppedAt !== undefined) tail.stoppedAt = r.stoppedAt;
      if (r.exitCode !== undefined) tail.exitCode = r.exitCode;
      return tail;
    });
}

/** The last `maxBytes` of a file, read from its end (a long log is not read whole); empty when it cannot be read. */
export function readTail(path: string, maxBytes: number): { bytes: Buffer; size: number } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return { bytes: Buffer.alloc(0), size: 0 };
  }
  try {
    const { size } = fstatSync(fd);
    const length = Math.min(size, maxBytes);
    const bytes = Buffer.alloc(length);
    const read = readSync(fd, bytes, 0, length, size - length);
    return { bytes: bytes.subarray(0, read), size };
  } finally {
    closeSync(fd);
  }
}
