import { parseCron } from '../../../src/schedules/cron';
import { ScheduleExpressionError } from '../../../src/schedules/errors';

describe('parseCron', () => {
  it('reads the nightly expression: 02:00 every day, every year', () => {
    const cron = parseCron('0 2 * * ? *');
    expect(cron.minutes).toEqual([0]);
    expect(cron.hours).toEqual([2]);
    expect(cron.matchesDay(2026, 11, 20)).toBe(true);
    expect(cron.matchesDay(2199, 12, 31)).toBe(true);
  });

  it('reads lists, ranges, steps and names', () => {
    const cron = parseCron('0/15 8-10,22 ? JAN-MAR,DEC MON-FRI 2026-2030/2');
    expect(cron.minutes).toEqual([0, 15, 30, 45]);
    expect(cron.hours).toEqual([8, 9, 10, 22]);
    expect([...cron.months].sort((a, b) => a - b)).toEqual([1, 2, 3, 12]);
    expect([...cron.years].sort()).toEqual([2026, 2028, 2030]);
    expect(cron.matchesDay(2026, 1, 5)).toBe(true); // a Monday
    expect(cron.matchesDay(2026, 1, 4)).toBe(false); // a Sunday
    expect(cron.matchesDay(2027, 1, 5)).toBe(false); // not a listed year
  });

  it('counts day-of-week 1 = SUN … 7 = SAT, as AWS does', () => {
    const sunday = parseCron('0 0 ? * 1 *');
    expect(sunday.matchesDay(2026, 11, 22)).toBe(true);
    expect(sunday.matchesDay(2026, 11, 23)).toBe(false);
  });

  it('L in day-of-month is the last day, also in February of a leap year', () => {
    const last = parseCron('0 0 L * ? *');
    expect(last.matchesDay(2028, 2, 29)).toBe(true);
    expect(last.matchesDay(2027, 2, 28)).toBe(true);
    expect(last.matchesDay(2027, 2, 27)).toBe(false);
  });

  it('nW is the weekday nearest day n without leaving the month; LW the last weekday', () => {
    // 2026-11-01 is a Sunday: 1W is Monday the 2nd. 2026-11-15 is a Sunday: 15W is Monday the 16th.
    const first = parseCron('0 0 1W * ? *');
    expect(first.matchesDay(2026, 11, 2)).toBe(true);
    expect(first.matchesDay(2026, 11, 1)).toBe(false);
    expect(parseCron('0 0 15W * ? *').matchesDay(2026, 11, 16)).toBe(true);
    // 2026-10-31 is a Saturday: LW is Friday the 30th.
    expect(parseCron('0 0 LW * ? *').matchesDay(2026, 10, 30)).toBe(true);
  });

  it('nL in day-of-week is the last such weekday of the month; n#k the k-th', () => {
    const lastFriday = parseCron('0 0 ? * 6L *');
    expect(lastFriday.matchesDay(2026, 11, 27)).toBe(true);
    expect(lastFriday.matchesDay(2026, 11, 20)).toBe(false);
    const secondTuesday = parseCron('0 0 ? * 3#2 *');
    expect(secondTuesday.matchesDay(2026, 11, 10)).toBe(true);
    expect(secondTuesday.matchesDay(2026, 11, 3)).toBe(false);
    expect(parseCron('0 0 ? * TUE#2 *').matchesDay(2026, 11, 10)).toBe(true);
  });

  it.each([
    ['0 2 * * *', /has 5 fields/],
    ['0 2 * * * *', /exactly one of day-of-month and day-of-week must be '\?'/],
    ['0 2 ? * ? *', /exactly one of/],
    ['60 2 * * ? *', /minutes field '60': must be 0-59/],
    ['0 24 * * ? *', /hours field '24'/],
    ['0 2 32 * ? *', /day-of-month field '32'/],
    ['0 2 * 13 ? *', /month field '13'/],
    ['0 2 ? * 8 *', /day-of-week field '8'/],
    ['0 2 * * ? 1969', /year field '1969'/],
    ['0/0 2 * * ? *', /step must be at least 1/],
    ['5-1 2 * * ? *', /ends before it starts/],
    ['x 2 * * ? *', /not a valid value/],
    ['0 2 ? * 2#6 *', /occurrence after # must be 1-5/],
  ])('rejects cron(%s)', (text, message) => {
    expect(() => parseCron(text)).toThrow(ScheduleExpressionError);
    expect(() => parseCron(text)).toThrow(message);
  });
});
