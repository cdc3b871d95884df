import { fireTimesBetween, nextFireTime, parseScheduleExpression } from '../../../src/schedules/expression';

const at = (iso: string): number => Date.parse(iso);
const iso = (t: number | undefined): string | undefined => (t === undefined ? undefined : new Date(t).toISOString());

describe('nextFireTime', () => {
  const nightly = parseScheduleExpression('cron(0 2 * * ? *)');

  it('fires at 02:00 UTC: later the same day, or the next day once passed', () => {
    expect(iso(nextFireTime(nightly, at('2026-11-20T01:59:59Z')))).toBe('2026-11-20T02:00:00.000Z');
    expect(iso(nextFireTime(nightly, at('2026-11-20T02:00:00Z')))).toBe('2026-11-21T02:00:00.000Z');
    expect(iso(nextFireTime(nightly, at('2026-12-31T03:00:00Z')))).toBe('2027-01-01T02:00:00.000Z');
  });

  it('lists every slot in an interval, (from, to]', () => {
    const slots = fireTimesBetween(nightly, at('2026-11-18T02:00:00Z'), at('2026-11-21T02:00:00Z'));
    expect(slots.map(iso)).toEqual([
      '2026-11-19T02:00:00.000Z',
      '2026-11-20T02:00:00.000Z',
      '2026-11-21T02:00:00.000Z',
    ]);
  });

  it('reads the expression in the schedule time zone, following daylight saving time', () => {
    const paris = { timeZone: 'Europe/Paris' };
    // CET (UTC+1) in winter, CEST (UTC+2) in summer.
    expect(iso(nextFireTime(nightly, at('2026-11-20T00:00:00Z'), paris))).toBe('2026-11-20T01:00:00.000Z');
    expect(iso(nextFireTime(nightly, at('2026-06-30T23:00:00Z'), paris))).toBe('2026-07-01T00:00:00.000Z');
  });

  it('skips a wall time the clocks jump over, and fires once in the hour that repeats', () => {
    const ny = { timeZone: 'America/New_York' };
    // 2026-03-08: 02:00 → 03:00 in New York; there is no 02:30 that day.
    const skipped = parseScheduleExpression('cron(30 2 * * ? *)');
    expect(iso(nextFireTime(skipped, at('2026-03-08T05:00:00Z'), ny))).toBe('2026-03-09T06:30:00.000Z');
    // 2026-11-01: 02:00 → 01:00; 01:30 happens twice and fires at the first (EDT, UTC-4).
    const repeated = parseScheduleExpression('cron(30 1 * * ? *)');
    const first = nextFireTime(repeated, at('2026-11-01T04:00:00Z'), ny);
    expect(iso(first)).toBe('2026-11-01T05:30:00.000Z');
    expect(iso(nextFireTime(repeated, first!, ny))).toBe('2026-11-02T06:30:00.000Z');
  });

  it('finds rare days: 29 February, the last Friday, the 2nd Tuesday', () => {
    const leap = parseScheduleExpression('cron(0 12 29 2 ? *)');
    expect(iso(nextFireTime(leap, at('2026-03-01T00:00:00Z')))).toBe('2028-02-29T12:00:00.000Z');
    expect(iso(nextFireTime(parseScheduleExpression('cron(0 9 ? * 6L *)'), at('2026-11-01T00:00:00Z')))).toBe(
      '2026-11-27T09:00:00.000Z',
    );
    expect(iso(nextFireTime(parseScheduleExpression('cron(15 10 ? * 3#2 *)'), at('2026-11-11T00:00:00Z')))).toBe(
      '2026-12-08T10:15:00.000Z',
    );
  });

  it('ends after the last listed year', () => {
    const once = parseScheduleExpression('cron(0 0 1 1 ? 2026)');
    expect(iso(nextFireTime(once, at('2025-06-01T00:00:00Z')))).toBe('2026-01-01T00:00:00.000Z');
    expect(nextFireTime(once, at('2026-01-01T00:00:00Z'))).toBeUndefined();
  });

  it('rate() counts slots from the anchor (the epoch unless a start date is given)', () => {
    const hourly = parseScheduleExpression('rate(1 hour)');
    expect(iso(nextFireTime(hourly, at('2026-11-20T10:20:00Z')))).toBe('2026-11-20T11:00:00.000Z');
    const every5 = parseScheduleExpression('rate(5 minutes)');
    expect(iso(nextFireTime(every5, at('2026-11-20T10:20:00Z'), { anchor: at('2026-11-20T10:02:00Z') }))).toBe(
      '2026-11-20T10:22:00.000Z',
    );
    expect(iso(nextFireTime(every5, at('2026-11-20T09:00:00Z'), { anchor: at('2026-11-20T10:02:00Z') }))).toBe(
      '2026-11-20T10:02:00.000Z',
    );
  });

  it('at() fires once, in its time zone', () => {
    const once = parseScheduleExpression('at(2026-11-20T02:30:00)');
    expect(iso(nextFireTime(once, at('2026-11-01T00:00:00Z'), { timeZone: 'Asia/Tokyo' }))).toBe(
      '2026-11-19T17:30:00.000Z',
    );
    expect(nextFireTime(once, at('2026-11-21T00:00:00Z'))).toBeUndefined();
  });

  it.each([
    ['cron(0 2 * * ?)', /6/],
    ['rate(1 hours)', /rate\(1 hours\) is not valid/],
    ['rate(5 minute)', /not valid/],
    ['rate(0 minutes)', /not valid/],
    ['rate(2 weeks)', /not valid/],
    ['at(2026-11-20 02:00)', /at\(yyyy-mm-ddThh:mm:ss\)/],
    ['every day', /not a schedule expression/],
  ])('rejects %s', (text, message) => {
    expect(() => parseScheduleExpression(text)).toThrow(message);
  });

  it('rejects an unknown time zone', () => {
    expect(() => nextFireTime(nightly, 0, { timeZone: 'Mars/Olympus' })).toThrow(/unknown time zone 'Mars\/Olympus'/);
  });
});
