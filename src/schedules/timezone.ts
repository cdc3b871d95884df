/**
 * Wall-clock time in an IANA time zone, with nothing but Intl: the offset of a zone at an instant, and the instant
 * of a wall-clock time. A wall time that does not exist (the hour skipped when clocks go forward) has no instant;
 * one that exists twice (clocks going back) resolves to its first occurrence.
 */
import { ScheduleExpressionError } from './errors';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new ScheduleExpressionError(`unknown time zone '${zone}' (use an IANA name such as Europe/Paris or UTC)`);
    }
    formatters.set(zone, f);
  }
  return f;
}

/** Throws ScheduleExpressionError for a zone Intl does not know. */
export function checkTimeZone(zone: string): void {
  formatter(zone);
}

export interface WallTime {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** The wall-clock time in `zone` at `instant` (ms), to the minute. */
export function wallTimeAt(instant: number, zone: string): WallTime {
  if (zone === 'UTC') {
    const d = new Date(instant);
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
    };
  }
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(new Date(instant))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts['year'] ?? 0,
    month: parts['month'] ?? 0,
    day: parts['day'] ?? 0,
    hour: parts['hour'] ?? 0,
    minute: parts['minute'] ?? 0,
  };
}

function asUtc(w: WallTime): number {
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute);
}

/** The zone's offset from UTC at `instant`, in ms (wall − UTC), to the minute. */
function offsetAt(instant: number, zone: string): number {
  return asUtc(wallTimeAt(instant, zone)) - Math.floor(instant / 60_000) * 60_000;
}

/** The first instant whose wall-clock time in `zone` is `wall`; undefined when the clocks skip it. */
export function instantOf(wall: WallTime, zone: string): number | undefined {
  const local = asUtc(wall);
  if (zone === 'UTC') return local;
  // Offsets half a day either side cover any single transition near this wall time.
  const candidates = [local - offsetAt(local - 43_200_000, zone), local - offsetAt(local + 43_200_000, zone)]
    .filter((t) => asUtc(wallTimeAt(t, zone)) === local)
    .sort((a, b) => a - b);
  return candidates[0];
}
