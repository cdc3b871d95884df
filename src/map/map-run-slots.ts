/**
 * Child slots of a Map Run: a semaphore whose limit can change while it is in use (UpdateMapRun's
 * maxConcurrency). Lowering the limit never stops running children; it only delays new ones.
 */
export class ChildSlots {
  private inUse = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private limit: number) {}

  get running(): number {
    return this.inUse;
  }

  setLimit(limit: number): void {
    this.limit = Math.max(1, limit);
    this.wake();
  }

  /** Resolves once a slot is free and taken; resolves false (no slot taken) when `signal` aborts first. */
  acquire(signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    if (this.inUse < this.limit && this.waiting.length === 0) {
      this.inUse++;
      return Promise.resolve(true);
    }
    return new Promise<boolean>((resolve) => {
      const onAbort = (): void => {
        const i = this.waiting.indexOf(grant);
        if (i >= 0) this.waiting.splice(i, 1);
        resolve(false);
      };
      const grant = (): void => {
        signal.removeEventListener('abort', onAbort);
        this.inUse++;
        resolve(true);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(grant);
    });
  }

  release(): void {
    this.inUse--;
    this.wake();
  }

  /** Resolves once no slot is in use. */
  async drained(): Promise<void> {
    while (this.inUse > 0) {
      await new Promise<void>((resolve) => this.idle.push(resolve));
    }
  }

  private readonly idle: (() => void)[] = [];

  private wake(): void {
    while (this.inUse < this.limit && this.waiting.length > 0) this.waiting.shift()!();
    if (this.inUse === 0) for (const resolve of this.idle.splice(0)) resolve();
  }
}

/** The hard quota of parallel children on AWS, and what MaxConcurrency 0 means. */
export const AWS_MAX_CHILDREN = 10000;

/** Children in flight locally, whatever MaxConcurrency says: one machine, not a fleet. */
export const LOCAL_MAX_CHILDREN = 64;

/** The number of children one Map Run may have in flight: MaxConcurrency (0 = AWS's 10,000), bounded locally. */
export function childLimit(maxConcurrency: number, localBound = LOCAL_MAX_CHILDREN): number {
  return Math.max(1, Math.min(maxConcurrency > 0 ? maxConcurrency : AWS_MAX_CHILDREN, localBound));
}
