import { systemClock } from '../../../src/runtime/clock';

describe('systemClock', () => {
  afterEach(() => jest.useRealTimers());

  it('sleeps for the given time', async () => {
    jest.useFakeTimers();
    let done = false;
    const sleeping = systemClock.sleep(1000).then(() => (done = true));
    await jest.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await sleeping;
    expect(done).toBe(true);
  });

  it('waits longer than one timer can (2^31-1 ms) without firing early', async () => {
    jest.useFakeTimers();
    const fiftyDays = 50 * 24 * 3600 * 1000;
    let done = false;
    const sleeping = systemClock.sleep(fiftyDays).then(() => (done = true));
    await jest.advanceTimersByTimeAsync(2 ** 31);
    expect(done).toBe(false);
    await jest.advanceTimersByTimeAsync(fiftyDays - 2 ** 31);
    await sleeping;
    expect(done).toBe(true);
  });

  it('rejects with the abort reason as soon as the signal aborts, and at once when already aborted', async () => {
    jest.useFakeTimers();
    const controller = new AbortController();
    const reason = new Error('stopped');
    const sleeping = systemClock.sleep(60_000, controller.signal);
    controller.abort(reason);
    await expect(sleeping).rejects.toBe(reason);
    expect(jest.getTimerCount()).toBe(0);
    await expect(systemClock.sleep(10, controller.signal)).rejects.toBe(reason);
  });
});
