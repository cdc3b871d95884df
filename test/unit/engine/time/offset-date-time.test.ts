import { compareInstants, parseOffsetDateTime } from '../../../../src/engine/time/offset-date-time';

const epochSecond = (iso: string): number => Date.parse(iso) / 1000;

describe('parseOffsetDateTime', () => {
  describe('accepts what AWS accepts', () => {
    it.each([
      ['2016-03-14T01:59:00Z', epochSecond('2016-03-14T01:59:00Z'), 0],
      ['2026-11-21T04:35:48.00Z', epochSecond('2026-11-21T04:35:48Z'), 0],
      ['2026-11-21T04:35:48.000000Z', epochSecond('2026-11-21T04:35:48Z'), 0],
      ['2016-03-05T21:29:29.243167252Z', epochSecond('2016-03-05T21:29:29Z'), 243_167_252],
      ['2016-03-05T21:29:29.5Z', epochSecond('2016-03-05T21:29:29Z'), 500_000_000],
      ['2012-10-09T19:00:55+01:00', epochSecond('2012-10-09T18:00:55Z'), 0],
      ['2012-10-09T19:00:55-05:30', epochSecond('2012-10-10T00:30:55Z'), 0],
      ['2012-10-09T19:00:55+01', epochSecond('2012-10-09T18:00:55Z'), 0],
      ['2012-10-09T19:00:55+01:00:30', epochSecond('2012-10-09T18:00:25Z'), 0],
      ['2012-10-09T19:00:55-00:00', epochSecond('2012-10-09T19:00:55Z'), 0],
      ['2012-10-09T19:00:55+18:00', epochSecond('2012-10-09T01:00:55Z'), 0],
      ['2012-10-09T19:00Z', epochSecond('2012-10-09T19:00:00Z'), 0],
      ['2012-10-09t19:00:55z', epochSecond('2012-10-09T19:00:55Z'), 0],
      ['2024-02-29T00:00:00Z', epochSecond('2024-02-29T00:00:00Z'), 0],
      ['1969-12-31T23:59:59.999Z', -1, 999_000_000],
    ])('%s', (text, second, nano) => {
      expect(parseOffsetDateTime(text)).toEqual({ epochSecond: second, nano });
    });

    it('takes years beyond 9999 only with a plus sign, and negative years', () => {
      expect(parseOffsetDateTime('+10000-01-01T00:00:00Z')?.epochSecond).toBe(253_402_300_800);
      expect(parseOffsetDateTime('-0001-01-01T00:00:00Z')?.epochSecond).toBe(-62_198_755_200);
    });
  });

  describe('rejects what AWS rejects', () => {
    it.each([
      ['no zone', '2016-12-05T21:29:29'],
      ['no zone with fraction', '2026-11-21T04:35:48.000000'],
      ['space instead of T', '2016-12-05 21:29:29Z'],
      ['day-month-year', '05-12-2016T21:29:29Z'],
      ['month 13', '2016-13-05T21:29:29Z'],
      ['month 0', '2016-00-05T21:29:29Z'],
      ['day 0', '2016-12-00T21:29:29Z'],
      ['31 April', '2016-04-31T21:29:29Z'],
      ['29 February of a common year', '2023-02-29T00:00:00Z'],
      ['hour 25', '2016-12-05T25:29:29Z'],
      ['hour 24', '2016-12-05T24:00:00Z'],
      ['minute 60', '2016-12-05T21:60:29Z'],
      ['leap second', '2016-12-31T23:59:60Z'],
      ['date only', '2016-12-05'],
      ['one-digit month', '2016-1-05T21:29:29Z'],
      ['basic format', '20161205T212929Z'],
      ['ten fraction digits', '2016-03-05T21:29:29.1234567890Z'],
      ['offset without colon', '2012-10-09T19:00:55+0100'],
      ['offset over 18 hours', '2012-10-09T19:00:55+19:00'],
      ['offset minutes over 59', '2012-10-09T19:00:55+01:60'],
      ['one-digit offset hour', '2012-10-09T19:00:55+1:00'],
      ['five-digit year without sign', '10000-01-01T00:00:00Z'],
      ['four-digit year with plus', '+2016-12-05T21:29:29Z'],
      ['minus zero year', '-0000-01-01T00:00:00Z'],
      ['trailing text', '2016-12-05T21:29:29Z '],
      ['leading space', ' 2016-12-05T21:29:29Z'],
      ['empty', ''],
    ])('%s: %s', (_why, text) => {
      expect(parseOffsetDateTime(text)).toBeUndefined();
    });
  });
});

describe('compareInstants', () => {
  it('orders by second, then by nanosecond', () => {
    expect(compareInstants({ epochSecond: 1, nano: 0 }, { epochSecond: 2, nano: 0 })).toBeLessThan(0);
    expect(compareInstants({ epochSecond: 2, nano: 1 }, { epochSecond: 2, nano: 0 })).toBeGreaterThan(0);
    expect(compareInstants({ epochSecond: 2, nano: 5 }, { epochSecond: 2, nano: 5 })).toBe(0);
  });
});
