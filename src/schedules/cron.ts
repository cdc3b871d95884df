/**
 * EventBridge cron expressions: six fields `minutes hours day-of-month month day-of-week year`, with `, - * /` in
 * every field, `?` in exactly one of the two day fields, `L` and `W` in day-of-month, `L` and `#` in day-of-week.
 * Day-of-week counts 1 = SUN … 7 = SAT (AWS's convention, not Unix's 0 = SUN). Parsed into sets and predicates
 * once; matching a calendar day is then pure arithmetic.
 */
import { ScheduleExpressionError } from './errors';

export interface CronSpec {
  readonly text: string;
  /** Sorted. */
  readonly minutes: readonly number[];
  /** Sorted. */
  readonly hours: readonly number[];
  readonly months: ReadonlySet<number>;
  readonly years: ReadonlySet<number>;
  /** Whether the calendar day (month 1–12) is one the expression fires on. */
  matchesDay(year: number, month: number, day: number): boolean;
}

export const MIN_YEAR = 1970;
export const MAX_YEAR = 2199;

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

interface FieldRange {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const FIELDS = {
  minutes: { name: 'minutes', min: 0, max: 59 },
  hours: { name: 'hours', min: 0, max: 23 },
  dom: { name: 'day-of-month', min: 1, max: 31 },
  month: { name: 'month', min: 1, max: 12, names: MONTHS },
  dow: { name: 'day-of-week', min: 1, max: 7, names: WEEKDAYS },
  year: { name: 'year', min: MIN_YEAR, max: MAX_YEAR },
} as const satisfies Record<string, FieldRange>;

/** Parses the inside of `cron(...)`. Throws ScheduleExpressionError naming the field at fault. */
export function parseCron(text: string): CronSpec {
  const parts = text.trim().split(/\s+/);
  if (parts.length !== 6) {
    throw new ScheduleExpressionError(
      `cron(${text}) has ${parts.length} fields; EventBridge cron has 6: minutes hours day-of-month month day-of-week year`,
    );
  }
  const [min, hour, dom, month, dow, year] = parts as [string, string, string, string, string, string];
  if ((dom === '?') === (dow === '?')) {
    throw new ScheduleExpressionError(
      `cron(${text}): exactly one of day-of-month and day-of-week must be '?' (EventBridge cannot combine them)`,
    );
  }
  const months = new Set(values(month, FIELDS.month));
  const years = new Set(values(year, FIELDS.year));
  const dayMatcher = dom === '?' ? dayOfWeekMatcher(dow) : dayOfMonthMatcher(dom);
  return {
    text,
    minutes: values(min, FIELDS.minutes),
    hours: values(hour, FIELDS.hours),
    months,
    years,
    matchesDay: (y, m, d) => years.has(y) && months.has(m) && dayMatcher(y, m, d),
  };
}

/** The values of a plain field: `*`, `a`, `a-b`, each optionally stepped (`/n`), comma-separated. */
function values(field: string, range: FieldRange): number[] {
  const out = new Set<number>();
  for (const item of field.split(',')) {
    const [base = '', stepText] = item.split('/');
    let step = 1;
    if (stepText !== undefined) {
      step = integer(stepText, range, 'step');
      if (step < 1) throw fieldError(range, item, 'the step must be at least 1');
    }
    let from: number;
    let to: number;
    if (base === '*') {
      from = range.min;
      to = range.max;
    } else if (base.includes('-')) {
      const [a = '', b = ''] = base.split('-');
      from = value(a, range);
      to = value(b, range);
      if (to < from) throw fieldError(range, item, `the range ends before it starts`);
    } else {
      from = value(base, range);
      // `5/15` means from 5 to the end in steps of 15.
      to = stepText === undefined ? from : range.max;
    }
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return [...out].sort((a, b) => a - b);
}

function value(text: string, range: FieldRange): number {
  const named = range.names?.indexOf(text.toUpperCase()) ?? -1;
  const v = named >= 0 ? named + range.min : integer(text, range, 'value');
  if (v < range.min || v > range.max) {
    throw fieldError(
      range,
      text,
      `must be ${range.min}-${range.max}${range.names ? ` or ${range.names.join(',')}` : ''}`,
    );
  }
  return v;
}

function integer(text: string, range: FieldRange, what: string): number {
  if (!/^\d+$/.test(text)) throw fieldError(range, text, `not a valid ${what}`);
  return Number(text);
}

function fieldError(range: FieldRange, item: string, problem: string): ScheduleExpressionError {
  return new ScheduleExpressionError(`cron ${range.name} field '${item}': ${problem}`);
}

type DayMatcher = (year: number, month: number, day: number) => boolean;

/** Day-of-month items: the plain forms, `L` (last day), `nW` (the weekday nearest day n, within the month), `LW`. */
function dayOfMonthMatcher(field: string): DayMatcher {
  const matchers: DayMatcher[] = field.split(',').map((item) => {
    if (item === 'L') return (y, m, d) => d === daysInMonth(y, m);
    if (item === 'LW') return (y, m, d) => d === nearestWeekday(y, m, daysInMonth(y, m));
    const w = /^(\d+)W$/.exec(item);
    if (w) {
      const target = value(w[1]!, FIELDS.dom);
      return (y, m, d) => target <= daysInMonth(y, m) && d === nearestWeekday(y, m, target);
    }
    const days = new Set(values(item, FIELDS.dom));
    return (_y, _m, d) => days.has(d);
  });
  return (y, m, d) => matchers.some((match) => match(y, m, d));
}

/** Day-of-week items: the plain forms, `L` (Saturday, the week's last day), `nL` (the month's last weekday n), `n#k`. */
function dayOfWeekMatcher(field: string): DayMatcher {
  const matchers: DayMatcher[] = field.split(',').map((item) => {
    if (item === 'L') return (y, m, d) => weekday(y, m, d) === 7;
    const last = /^(\w+)L$/.exec(item);
    if (last) {
      const target = value(last[1]!, FIELDS.dow);
      return (y, m, d) => weekday(y, m, d) === target && d + 7 > daysInMonth(y, m);
    }
    const nth = /^(\w+)#(\d+)$/.exec(item);
    if (nth) {
      const target = value(nth[1]!, FIELDS.dow);
      const k = Number(nth[2]);
      if (k < 1 || k > 5) throw fieldError(FIELDS.dow, item, 'the occurrence after # must be 1-5');
      return (y, m, d) => weekday(y, m, d) === target && Math.ceil(d / 7) === k;
    }
    const days = new Set(values(item, FIELDS.dow));
    return (y, m, d) => days.has(weekday(y, m, d));
  });
  return (y, m, d) => matchers.some((match) => match(y, m, d));
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 1 = SUN … 7 = SAT. */
export function weekday(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
}

/** The weekday (MON–FRI) nearest `day`, without leaving the month (Quartz's `W`, which AWS follows). */
function nearestWeekday(year: number, month: number, day: number): number {
  const wd = weekday(year, month, day);
  if (wd >= 2 && wd <= 6) return day;
  if (wd === 7) return day === 1 ? day + 2 : day - 1; // Saturday: Friday before, or Monday after the 1st
  return day === daysInMonth(year, month) ? day - 2 : day + 1; // Sunday: Monday after, or Friday before the end
}
