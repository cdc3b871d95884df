/**
 * EventBridge Scheduler expressions — `cron(...)`, `rate(n unit)`, `at(yyyy-mm-ddThh:mm:ss)` — and their fire
 * times. Times are instants in ms; cron and at are read in the schedule's time zone (UTC by default). Fire times
 * are whole minutes for cron (EventBridge's precision); rate slots are counted from an anchor.
 */
import { MAX_YEAR, parseCron, type CronSpec } from './cron';
import { ScheduleExpressionError } from './errors';
import { checkTimeZone, instantOf, wallTimeAt } from './timezone';

export type ScheduleExpression =
  | { readonly kind: 'cron'; readonly text: string; readonly cron: CronSpec }
  | { readonly kind: 'rate'; readonly text: string; readonly everyMs: number }
  | { readonly kind: 'at'; readonly text: string; readonly wall: string };

const UNITS: Readonly<Record<string, number>> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

export function parseScheduleExpression(text: string): ScheduleExpression {
  const match = /^(cron|rate|at)\((.*)\)$/.exec(text.trim());
  if (!match) {
    throw new ScheduleExpressionError(
      `'${text}' is not a schedule expression: use cron(m h dom mon dow year), rate(n unit) or at(yyyy-mm-ddThh:mm:ss)`,
    );
  }
  const [, kind, body = ''] = match;
  if (kind === 'cron') return { kind, text, cron: parseCron(body) };
  if (kind === 'rate') {
    const rate = /^\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*$/.exec(body);
    const value = Number(rate?.[1] ?? 0);
    const unit = rate?.[2] ?? '';
    // AWS insists on the singular for 1 and the plural otherwise.
    if (!rate || value < 1 || (value === 1) !== !unit.endsWith('s')) {
      throw new ScheduleExpressionError(
        `rate(${body}) is not valid: use rate(1 minute|hour|day) or rate(n minutes|hours|days) with n > 1`,
      );
    }
    return { kind, text, everyMs: value * (UNITS[unit.replace(/s$/, '')] ?? 0) };
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(body) || Number.isNaN(Date.parse(`${body}Z`))) {
    throw new ScheduleExpressionError(`at(${body}) is not valid: use at(yyyy-mm-ddThh:mm:ss)`);
  }
  return { kind: 'at', text, wall: body };
}

export interface FireOptions {
  /** IANA zone the expression is read in. @default 'UTC' */
  readonly timeZone?: string;
  /** Where rate() slots are counted from (the schedule's start date). @default 0 (the epoch, so rate(1 day) is midnight UTC) */
  readonly anchor?: number;
}

/** The first fire time strictly after `after`, or undefined when there is none (an `at` in the past, a cron's last year). */
export function nextFireTime(
  expression: ScheduleExpression,
  after: number,
  options: FireOptions = {},
): number | undefined {
  const zone = options.timeZone ?? 'UTC';
  checkTimeZone(zone);
  switch (expression.kind) {
    case 'rate': {
      const anchor = options.anchor ?? 0;
      if (after < anchor) return anchor;
      return anchor + (Math.floor((after - anchor) / expression.everyMs) + 1) * expression.everyMs;
    }
    case 'at': {
      const [date = '', time = ''] = expression.wall.split('T');
      const [year = 0, month = 0, day = 0] = date.split('-').map(Number);
      const [hour = 0, minute = 0, second = 0] = time.split(':').map(Number);
      const at = instantOf({ year, month, day, hour, minute }, zone);
      if (at === undefined) return undefined;
      const instant = at + second * 1000;
      return instant > after ? instant : undefined;
    }
    case 'cron':
      return nextCronTime(expression.cron, after, zone);
  }
}

/** Fire times in (from, to], oldest first, at most `limit`. */
export function fireTimesBetween(
  expression: ScheduleExpression,
  from: number,
  to: number,
  options: FireOptions = {},
  limit = 10_000,
): number[] {
  const out: number[] = [];
  let t = nextFireTime(expression, from, options);
  while (t !== undefined && t <= to && out.length < limit) {
    out.push(t);
    t = nextFireTime(expression, t, options);
  }
  return out;
}

/**
 * Walks calendar days in the zone from the day of `after`, and in a matching day the hours and minutes in order:
 * the first wall time after `after` that exists in the zone wins. Pure arithmetic per day, so an expression that
 * fires rarely (29 February) costs a few thousand cheap steps, and one that never fires again ends at year 2199.
 */
function nextCronTime(cron: CronSpec, after: number, zone: string): number | undefined {
  const start = wallTimeAt(after, zone);
  const day = new Date(Date.UTC(start.year, start.month - 1, start.day));
  while (day.getUTCFullYear() <= MAX_YEAR) {
    const year = day.getUTCFullYear();
    const month = day.getUTCMonth() + 1;
    if (!cron.years.has(year)) {
      day.setUTCFullYear(year + 1, 0, 1);
      continue;
    }
    if (!cron.months.has(month)) {
      day.setUTCMonth(month, 1);
      continue;
    }
    const date = day.getUTCDate();
    if (cron.matchesDay(year, month, date)) {
      for (const hour of cron.hours) {
        for (const minute of cron.minutes) {
          const instant = instantOf({ year, month, day: date, hour, minute }, zone);
          if (instant !== undefined && instant > after) return instant;
        }
      }
    }
    day.setUTCDate(date + 1);
  }
  return undefined;
}
