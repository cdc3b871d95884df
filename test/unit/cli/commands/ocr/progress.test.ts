import { NEAR_END_MS, statusDelayMs, type OcrProgress } from '../../../../../src/cli/commands/ocr/progress';

const progress = (done: number, etaSeconds: number | undefined): OcrProgress => ({
  total: 33,
  done,
  failed: 0,
  pages: done,
  seconds: 10,
  pagesPerSecond: done / 10,
  etaSeconds,
  running: 1,
});

describe('statusDelayMs', () => {
  it('reads the status once a poll while the end is more than two polls away', () => {
    expect(statusDelayMs(undefined, 1000)).toBe(1000);
    expect(statusDelayMs(progress(0, undefined), 1000)).toBe(1000);
    expect(statusDelayMs(progress(20, 12), 1000)).toBe(1000);
    expect(statusDelayMs(progress(31, 2.1), 1000)).toBe(1000);
  });

  it('reads it often once the ETA is within two polls or every document is accounted for', () => {
    expect(statusDelayMs(progress(31, 2), 1000)).toBe(NEAR_END_MS);
    expect(statusDelayMs(progress(32, 0.9), 1000)).toBe(NEAR_END_MS);
    expect(statusDelayMs(progress(33, 0), 1000)).toBe(NEAR_END_MS);
    // Never slower than the caller's own cadence.
    expect(statusDelayMs(progress(33, 0), 50)).toBe(50);
  });
});
