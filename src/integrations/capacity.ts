/**
 * Local placement: a task runs only when its CPU and memory fit in what is free, the way Fargate places a task
 * only when capacity is available (meanwhile ECS reports it PROVISIONING/PENDING, Batch RUNNABLE). Requests are
 * served strictly first come, first served: a large task at the head is not starved by small ones behind it.
 */
import type { Capacity } from './profile';

export interface Demand {
  cpu: number;
  memory: number;
}

/** Held while the task runs; `release()` is idempotent. */
export interface Lease {
  release(): void;
}

interface Waiter {
  demand: Demand;
  grant: (lease: Lease) => void;
}

export class CapacityExceededError extends Error {
  constructor(
    readonly resource: 'CPU' | 'MEMORY',
    message: string,
  ) {
    super(message);
    this.name = 'CapacityExceededError';
  }
}

export class CapacityPool {
  private usedCpu = 0;
  private usedMemory = 0;
  private readonly queue: Waiter[] = [];

  constructor(readonly total: Capacity) {}

  /** What is in use and how many wait: for logs, tests and benchmarks. */
  get stats(): { cpu: number; memory: number; waiting: number } {
    return { cpu: this.usedCpu, memory: this.usedMemory, waiting: this.queue.length };
  }

  /**
   * Resolves with a lease once `demand` fits and every earlier request has been served. Rejects with
   * CapacityExceededError at once when the demand can never fit, and with the signal's reason if it is aborted
   * while waiting (the place in the queue is given up).
   */
  acquire(demand: Demand, signal?: AbortSignal): Promise<Lease> {
    if (demand.cpu > this.total.cpu) {
      return Promise.reject(
        new CapacityExceededError('CPU', `needs ${demand.cpu} CPU units; the capacity is ${this.total.cpu}`),
      );
    }
    if (demand.memory > this.total.memory) {
      return Promise.reject(
        new CapacityExceededError('MEMORY', `needs ${demand.memory} MiB; the capacity is ${this.total.memory} MiB`),
      );
    }
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    return new Promise<Lease>((resolve, reject) => {
      const waiter: Waiter = {
        demand,
        grant: (lease) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(lease);
        },
      };
      const onAbort = (): void => {
        const index = this.queue.indexOf(waiter);
        if (index < 0) return;
        this.queue.splice(index, 1);
        reject(signal?.reason as Error);
        // The head may have been what blocked the others.
        this.drain();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
      this.drain();
    });
  }

  private drain(): void {
    for (let head = this.queue[0]; head !== undefined && this.fits(head.demand); head = this.queue[0]) {
      this.queue.shift();
      head.grant(this.take(head.demand));
    }
  }

  private fits(demand: Demand): boolean {
    return this.usedCpu + demand.cpu <= this.total.cpu && this.usedMemory + demand.memory <= this.total.memory;
  }

  private take(demand: Demand): Lease {
    this.usedCpu += demand.cpu;
    this.usedMemory += demand.memory;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.usedCpu -= demand.cpu;
        this.usedMemory -= demand.memory;
        this.drain();
      },
    };
  }
}
