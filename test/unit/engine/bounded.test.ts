import { eachBounded } from '../../../src/engine';

describe('eachBounded', () => {
  const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

  it('runs every item with no more than the limit in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const done: number[] = [];
    await eachBounded(
      Array.from({ length: 20 }, (_, i) => i),
      3,
      async (i) => {
        most = Math.max(most, ++inFlight);
        await tick();
        inFlight--;
        done.push(i);
      },
    );
    expect(most).toBe(3);
    expect(done.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('rejects with a job failure and starts nothing after it in that lane', async () => {
    const started: number[] = [];
    await expect(
      eachBounded([0, 1, 2, 3], 1, async (i) => {
        started.push(i);
        await tick();
        if (i === 0) throw new Error('object 0 failed');
      }),
    ).rejects.toThrow('object 0 failed');
    expect(started).toEqual([0]);
  });

  it('does nothing for no items', async () => {
    const job = jest.fn(() => Promise.resolve());
    await eachBounded([], 8, job);
    expect(job).not.toHaveBeenCalled();
  });
});
