/**
 * Structured logs: one JSON object per line on stdout (CloudWatch Logs and the local task log both keep lines),
 * with the time, level, message and the ids that tie a line to its execution and state.
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

export interface LoggerOptions {
  /** @default process.stdout.write */
  write?: (line: string) => void;
  /** @default Date.now */
  now?: () => number;
  /** Added to every line. */
  fields?: LogFields;
  /** Lines below this level are dropped. @default 'info' (FANOUT_LOG_LEVEL) */
  level?: LogLevel;
}

const ORDER: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(options: LoggerOptions = {}): Logger {
  const write = options.write ?? ((line: string) => void process.stdout.write(line));
  const now = options.now ?? Date.now;
  const min = ORDER[options.level ?? 'info'];
  const base = options.fields ?? {};
  const line = (level: LogLevel, msg: string, fields: LogFields = {}): void => {
    if (ORDER[level] < min) return;
    write(`${JSON.stringify({ time: new Date(now()).toISOString(), level, msg, ...base, ...fields }, errorsAsJson)}\n`);
  };
  return {
    debug: (msg, fields) => line('debug', msg, fields),
    info: (msg, fields) => line('info', msg, fields),
    warn: (msg, fields) => line('warn', msg, fields),
    error: (msg, fields) => line('error', msg, fields),
    child: (fields) => createLogger({ ...options, fields: { ...base, ...fields } }),
  };
}

/** The ids every line of a task carries, from its environment. */
export function taskLogFields(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (field: string, variable: string): void => {
    const value = env[variable];
    if (value !== undefined && value !== '') out[field] = value;
  };
  add('executionArn', 'FANOUT_EXECUTION_ARN');
  add('stateName', 'FANOUT_STATE_NAME');
  add('taskId', 'FANOUT_TASK_ID');
  return out;
}

export function logLevelOf(text: string | undefined): LogLevel {
  return text === 'debug' || text === 'warn' || text === 'error' ? text : 'info';
}

/** Error objects stringify to `{}`; log their name and message instead. */
function errorsAsJson(_key: string, value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message } : value;
}
