import { compareTimestamps, formatTimestamp, parseTimestamp } from '../../../../src/engine/time';

describe('parseTimestamp', () => {
  it('returns epoch milliseconds, truncating finer precision', () => {
    expect(parseTimestamp('2016-03-05T21:29:29.243167252Z')).toBe(Date.parse('2016-03-05T21:29:29.243Z'));
    expect(parseTimestamp('1969-12-31T23:59:59.9999Z')).toBe(-1);
  });

  it('returns undefined for text AWS rejects', () => {
    expect(parseTimestamp('2016-12-05 21:29:29Z')).toBeUndefined();
  });

  it('round-trips what formatTimestamp prints', () => {
    const ms = Date.parse('2024-03-06T10:29:14.123Z');
    expect(parseTimestamp(formatTimestamp(ms))).toBe(ms);
  });
});

describe('compareTimestamps', () => {
  it('compares instants across offsets', () => {
    expect(compareTimestamps('2012-10-09T19:00:55+01:00', '2012-10-09T18:00:55Z')).toBe(0);
    expect(compareTimestamps('2012-10-09T19:00:55+01:00', '2012-10-09T18:30:00Z')).toBeLessThan(0);
  });

  it('sees differences below a millisecond', () => {
    expect(compareTimestamps('2016-03-05T21:29:29.243167252Z', '2016-03-05T21:29:29.243167251Z')).toBeGreaterThan(0);
    expect(compareTimestamps('2016-03-05T21:29:29.5Z', '2016-03-05T21:29:29.500000000Z')).toBe(0);
  });

  it('is undefined when either side is not a timestamp', () => {
    expect(compareTimestamps('2016-03-05T21:29:29Z', 'tomorrow')).toBeUndefined();
    expect(compareTimestamps('2023-02-24 12:15:56.832957', '2016-03-05T21:29:29Z')).toBeUndefined();
  });
});
