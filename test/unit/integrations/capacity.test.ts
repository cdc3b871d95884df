import { CapacityExceededError, CapacityPool } from '../../../src/integrations/capacity';
import type { Lease } from '../../../src/integrations/capacity';

const tick = () => new Promise((r) => setImmediate(r));

describe('CapacityPool', () => {
  it('places tasks while their cpu and memory fit, and the next one when a lease is released', async () => {
    const pool = new CapacityPool({ cpu: 2048, memory: 4096 });
    const granted: number[] = [];
    const leases: Lease[] = [];
    for (let i = 0; i < 5; i++) {
      void pool.acquire({ cpu: 1024, memory: 1024 }).then((lease) => {
        granted.push(i);
        leases.push(lease);
      });
    }
    await tick();
    expect(granted).toEqual([0, 1]);
    expect(pool.stats).toEqual({ cpu: 2048, memory: 2048, waiting: 3 });
    leases[0]!.release();
    leases[0]!.release(); // idempotent
    await tick();
    expect(granted).toEqual([0, 1, 2]);
    expect(pool.stats.cpu).toBe(2048);
  });

  it('is first come, first served: a large task at the head is not overtaken by small ones', async () => {
    const pool = new CapacityPool({ cpu: 2048, memory: 1_000_000 });
    const order: string[] = [];
    const small1 = await pool.acquire({ cpu: 1024, memory: 1 });
    void pool.acquire({ cpu: 2048, memory: 1 }).then((l) => {
      order.push('big');
      l.release();
    });
    void pool.acquire({ cpu: 512, memory: 1 }).then(() => order.push('small2'));
    await tick();
    expect(order).toEqual([]); // 1024 free, but the big one is first in line
    small1.release();
    await tick();
    expect(order).toEqual(['big', 'small2']);
  });

  it('limits by memory as well as cpu', async () => {
    const pool = new CapacityPool({ cpu: 100_000, memory: 2048 });
    const a = await pool.acquire({ cpu: 1, memory: 2048 });
    let second = false;
    void pool.acquire({ cpu: 1, memory: 1 }).then(() => (second = true));
    await tick();
    expect(second).toBe(false);
    a.release();
    await tick();
    expect(second).toBe(true);
  });

  it('gives up a place in the queue when aborted, letting the next in', async () => {
    const pool = new CapacityPool({ cpu: 1024, memory: 1024 });
    const first = await pool.acquire({ cpu: 1024, memory: 1 });
    const controller = new AbortController();
    const aborted = pool.acquire({ cpu: 1024, memory: 1 }, controller.signal);
    let third = false;
    void pool.acquire({ cpu: 1024, memory: 1 }).then(() => (third = true));
    controller.abort(new Error('stopped'));
    await expect(aborted).rejects.toThrow('stopped');
    expect(pool.stats.waiting).toBe(1);
    first.release();
    await tick();
    expect(third).toBe(true);
  });

  it('rejects at once what can never fit', async () => {
    const pool = new CapacityPool({ cpu: 1024, memory: 1024 });
    await expect(pool.acquire({ cpu: 2048, memory: 1 })).rejects.toBeInstanceOf(CapacityExceededError);
    await expect(pool.acquire({ cpu: 1, memory: 4096 })).rejects.toThrow('needs 4096 MiB; the capacity is 1024 MiB');
  });
});
