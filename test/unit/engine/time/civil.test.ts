import { civilFromDays, daysFromCivil, daysInMonth, isLeapYear } from '../../../../src/engine/time/civil';

describe('civil calendar', () => {
  it('counts days from 1970-01-01 the way Date.UTC does for four-digit years', () => {
    for (const [y, m, d] of [
      [1970, 1, 1],
      [1969, 12, 31],
      [2000, 2, 29],
      [2016, 3, 14],
      [1600, 3, 1],
      [9999, 12, 31],
      [1000, 1, 1],
    ] as const) {
      expect(daysFromCivil(y, m, d) * 86_400_000).toBe(Date.UTC(y, m - 1, d));
    }
  });

  it('handles years Date.UTC would misread (0–99) and negative years', () => {
    const year0001 = new Date(0);
    year0001.setUTCFullYear(1, 0, 1);
    expect(daysFromCivil(1, 1, 1) * 86_400_000).toBe(year0001.getTime());
    expect(civilFromDays(daysFromCivil(-44, 3, 15))).toEqual({ year: -44, month: 3, day: 15 });
  });

  it('round-trips every day across leap-year boundaries', () => {
    for (let days = daysFromCivil(1899, 12, 1); days < daysFromCivil(1901, 3, 1); days++) {
      const { year, month, day } = civilFromDays(days);
      expect(daysFromCivil(year, month, day)).toBe(days);
    }
  });

  it('knows the Gregorian leap-year rule', () => {
    expect([1900, 2000, 2023, 2024, 0, -4].map(isLeapYear)).toEqual([false, true, false, true, true, true]);
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2024, 4)).toBe(30);
    expect(daysInMonth(2024, 13)).toBe(0);
  });
});
