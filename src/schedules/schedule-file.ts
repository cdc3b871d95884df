/**
 * `workflows/schedules.json`: the schedules in EventBridge Scheduler's shape (name, scheduleExpression,
 * scheduleExpressionTimezone, state, target), where the target names a workflow file instead of a state machine
 * ARN — infra/ turns it into the ARN, the local server deploys the file. Raw JSON → validated → compiled; every
 * problem is listed with its path.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ScheduleExpressionError } from './errors';
import { parseScheduleExpression, type ScheduleExpression } from './expression';
import { checkTimeZone } from './timezone';

export const DEFAULT_SCHEDULES_FILE = 'workflows/schedules.json';

export interface Schedule {
  /** 1–64 of letters, digits, `-`, `_`, `.` (Scheduler's rule). */
  readonly name: string;
  readonly description: string;
  readonly expression: ScheduleExpression;
  /** @default 'UTC' */
  readonly timeZone: string;
  /** DISABLED schedules are listed but never fire. */
  readonly enabled: boolean;
  /** Anchor of rate() slots, ms. @default the epoch */
  readonly startDate: number | undefined;
  /** The workflow file, absolute. */
  readonly workflow: string;
  /** The target's Input as JSON text; undefined: the scheduled event is the input. */
  readonly input: string | undefined;
}

/** Reads the file; workflow paths in it are relative to `root` (the project root). */
export function loadSchedules(path: string, root: string): Schedule[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ScheduleExpressionError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ScheduleExpressionError(`${path} is not valid JSON: ${(e as Error).message}`);
  }
  return compileSchedules(raw, path, root);
}

export function compileSchedules(raw: unknown, path: string, root: string): Schedule[] {
  const problems: string[] = [];
  const list = (raw as { schedules?: unknown } | null)?.schedules;
  if (!Array.isArray(list)) throw new ScheduleExpressionError(`${path}: schedules must be an array`);
  const out: Schedule[] = [];
  const names = new Set<string>();
  list.forEach((entry: unknown, i) => {
    const at = `schedules[${i}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      problems.push(`${at}: must be an object`);
      return;
    }
    const e = entry as Record<string, unknown>;
    const name = e['name'];
    if (typeof name !== 'string' || !/^[0-9a-zA-Z._-]{1,64}$/.test(name)) {
      problems.push(`${at}.name: 1-64 letters, digits, '.', '-' or '_'`);
      return;
    }
    if (names.has(name)) problems.push(`${at}.name: '${name}' is used twice`);
    names.add(name);
    const target = e['target'] as Record<string, unknown> | undefined;
    const workflow = target?.['workflow'];
    if (typeof workflow !== 'string' || workflow === '')
      problems.push(`${at}.target.workflow: a workflow file is required`);
    const input = target?.['input'];
    let inputText: string | undefined;
    if (typeof input === 'string') {
      try {
        JSON.parse(input);
        inputText = input;
      } catch {
        problems.push(`${at}.target.input: must be well-formed JSON (as Scheduler requires)`);
      }
    } else if (input !== undefined) inputText = JSON.stringify(input);
    const timeZone = e['scheduleExpressionTimezone'] ?? 'UTC';
    const state = e['state'] ?? 'ENABLED';
    if (state !== 'ENABLED' && state !== 'DISABLED') problems.push(`${at}.state: ENABLED or DISABLED`);
    const startText = e['startDate'];
    const startDate = typeof startText === 'string' ? Date.parse(startText) : undefined;
    if (startText !== undefined && (startDate === undefined || Number.isNaN(startDate))) {
      problems.push(`${at}.startDate: an ISO-8601 date-time`);
    }
    try {
      if (typeof timeZone !== 'string') throw new ScheduleExpressionError('must be a string');
      checkTimeZone(timeZone);
      const expressionText = e['scheduleExpression'];
      if (typeof expressionText !== 'string')
        throw new ScheduleExpressionError('scheduleExpression: a string is required');
      const expression = parseScheduleExpression(expressionText);
      if (typeof workflow !== 'string') return;
      out.push({
        name,
        description: typeof e['description'] === 'string' ? e['description'] : '',
        expression,
        timeZone,
        enabled: state === 'ENABLED',
        startDate,
        workflow: resolve(root, workflow),
        input: inputText,
      });
    } catch (error) {
      problems.push(`${at}: ${(error as Error).message}`);
    }
  });
  if (problems.length > 0) {
    throw new ScheduleExpressionError(`${path} is not a valid schedules file:\n  - ${problems.join('\n  - ')}`);
  }
  return out;
}
