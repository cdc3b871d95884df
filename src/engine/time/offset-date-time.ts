/**
 * The timestamp grammar AWS accepts. Its error messages name "ISO-8601 extended offset date-time format", the
 * wording of java.time's DateTimeFormatter.ISO_OFFSET_DATE_TIME, and every recorded case agrees with that
 * formatter, so this follows it: case-insensitive, strict calendar, optional seconds, 0–9 fraction digits,
 * and a leniently parsed offset (Z, ±HH, ±HH:MM, ±HH:MM:SS, at most 18 hours).
 */
import { daysFromCivil, daysInMonth, SECONDS_PER_DAY } from './civil';

/** A point on the UTC time line at nanosecond precision, as the timestamp text gave it. */
export interface Instant {
  readonly epochSecond: number;
  /** 0–999,999,999. */
  readonly nano: number;
}

const MAX_YEAR = 999_999_999;
const MAX_OFFSET_SECONDS = 18 * 3600;

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}

  peek(): string | undefined {
    return this.text[this.pos];
  }

  /** Consumes `char` (case-insensitively) if it is next. */
  accept(char: string): boolean {
    if (this.peek()?.toUpperCase() !== char) return false;
    this.pos++;
    return true;
  }

  /** Consumes up to `max` ASCII digits and returns them, possibly empty. */
  digits(max: number): string {
    const start = this.pos;
    while (this.pos - start < max && isDigit(this.peek())) this.pos++;
    return this.text.slice(start, this.pos);
  }

  /** Consumes exactly two digits, or returns undefined having consumed nothing. */
  twoDigits(): number | undefined {
    const a = this.text[this.pos];
    const b = this.text[this.pos + 1];
    if (!isDigit(a) || !isDigit(b)) return undefined;
    this.pos += 2;
    return Number(a + b);
  }

  atEnd(): boolean {
    return this.pos === this.text.length;
  }
}

function isDigit(char: string | undefined): char is string {
  return char !== undefined && char >= '0' && char <= '9';
}

/** Parses an offset date-time such as "2016-03-14T01:59:00Z"; undefined when AWS would reject it. */
export function parseOffsetDateTime(text: string): Instant | undefined {
  const s = new Scanner(text);
  const year = parseYear(s);
  if (year === undefined || !s.accept('-')) return undefined;
  const month = s.twoDigits();
  if (month === undefined || !s.accept('-')) return undefined;
  const day = s.twoDigits();
  if (day === undefined || !s.accept('T')) return undefined;
  const hour = s.twoDigits();
  if (hour === undefined || !s.accept(':')) return undefined;
  const minute = s.twoDigits();
  if (minute === undefined) return undefined;
  let second = 0;
  let nano = 0;
  if (s.accept(':')) {
    const parsed = s.twoDigits();
    if (parsed === undefined) return undefined;
    second = parsed;
    // java.time takes a bare "." with no digits as a zero fraction.
    if (s.accept('.')) nano = Number(s.digits(9).padEnd(9, '0'));
  }
  const offset = parseOffset(s);
  if (offset === undefined || !s.atEnd()) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const epochSecond = daysFromCivil(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second - offset;
  return { epochSecond, nano };
}

/**
 * java.time's YEAR field in strict mode: exactly four digits unsigned, more than four only after "+",
 * four or more after "-" (but not minus zero).
 */
function parseYear(s: Scanner): number | undefined {
  const sign = s.accept('+') ? '+' : s.accept('-') ? '-' : '';
  const digits = s.digits(10);
  if (digits.length < 4) return undefined;
  if (sign === '' && digits.length > 4) return undefined;
  if (sign === '+' && digits.length <= 4) return undefined;
  const magnitude = Number(digits);
  if (magnitude > MAX_YEAR || (sign === '-' && magnitude === 0)) return undefined;
  return sign === '-' ? -magnitude : magnitude;
}

/** Offset in seconds east of UTC. Minutes and seconds are optional and each needs its colon. */
function parseOffset(s: Scanner): number | undefined {
  if (s.accept('Z')) return 0;
  const sign = s.accept('+') ? 1 : s.accept('-') ? -1 : 0;
  if (sign === 0) return undefined;
  const hours = s.twoDigits();
  if (hours === undefined || hours > 23) return undefined;
  let minutes = 0;
  let seconds = 0;
  const mark = s.pos;
  if (s.accept(':')) {
    const mm = s.twoDigits();
    if (mm === undefined || mm > 59) {
      s.pos = mark;
    } else {
      minutes = mm;
      const mark2 = s.pos;
      if (s.accept(':')) {
        const ss = s.twoDigits();
        if (ss === undefined || ss > 59) s.pos = mark2;
        else seconds = ss;
      }
    }
  }
  const total = hours * 3600 + minutes * 60 + seconds;
  if (total > MAX_OFFSET_SECONDS) return undefined;
  return sign * total;
}

/** Orders two instants: negative, zero or positive like a comparator. */
export function compareInstants(a: Instant, b: Instant): number {
  return a.epochSecond - b.epochSecond || a.nano - b.nano;
}
