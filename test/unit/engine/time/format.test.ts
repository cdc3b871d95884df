import { formatTimestamp } from '../../../../src/engine/time/format';

describe('formatTimestamp', () => {
  it('prints UTC with three fraction digits when there are milliseconds', () => {
    expect(formatTimestamp(Date.parse('2024-03-06T10:29:14.123Z'))).toBe('2024-03-06T10:29:14.123Z');
    expect(formatTimestamp(Date.parse('2024-03-06T10:29:14.120Z'))).toBe('2024-03-06T10:29:14.120Z');
    expect(formatTimestamp(Date.parse('2024-03-06T10:29:14.001Z'))).toBe('2024-03-06T10:29:14.001Z');
  });

  it('drops the fraction when the milliseconds are zero, as java.time Instant does', () => {
    expect(formatTimestamp(Date.parse('2024-03-06T10:29:14Z'))).toBe('2024-03-06T10:29:14Z');
    expect(formatTimestamp(0)).toBe('1970-01-01T00:00:00Z');
  });

  it('truncates sub-millisecond input and handles instants before 1970', () => {
    expect(formatTimestamp(1.9)).toBe('1970-01-01T00:00:00.001Z');
    expect(formatTimestamp(-1)).toBe('1969-12-31T23:59:59.999Z');
  });

  it('agrees with Date#toISOString over a spread of instants', () => {
    for (let ms = -2e12; ms < 4e12; ms += 123_456_789_013) {
      const expected = new Date(ms).toISOString().replace('.000Z', 'Z');
      expect(formatTimestamp(ms)).toBe(expected);
    }
  });

  it('signs years outside 0000–9999', () => {
    expect(formatTimestamp(253_402_300_800_000)).toBe('+10000-01-01T00:00:00Z');
    expect(formatTimestamp(-62_198_755_200_000)).toBe('-0001-01-01T00:00:00Z');
  });
});
