/**
 * Fault injection for local runs: `--chaos spot-interruption=0.1` interrupts about 10% of the tasks placed on
 * FARGATE_SPOT, at a random moment of their run, the way Fargate reclaims Spot capacity (SIGTERM, then SIGKILL
 * after the stop timeout; StopCode SpotInterruption); `event-target-throttling=0.5` refuses about half of
 * EventBridge's deliveries to targets with ThrottlingException, which the target's retry policy then retries.
 * The random source is injectable so tests are exact.
 */
import { ConfigError } from './errors';

export interface ChaosOptions {
  /** Probability in [0, 1] that a Spot task is interrupted. @default 0 */
  spotInterruption?: number;
  /** Probability in [0, 1] that an EventBridge delivery attempt is throttled. @default 0 */
  eventTargetThrottling?: number;
  /** @default Math.random */
  random?: () => number;
}

/** How long a task of a family typically runs, before any has finished: the window an interruption falls in. */
const FIRST_RUN_WINDOW_MS = 1000;

/** Parses `spot-interruption=0.1[,…]`; throws ConfigError naming the bad part. */
export function parseChaos(text: string): ChaosOptions {
  const options: ChaosOptions = {};
  for (const part of text.split(',').map((p) => p.trim())) {
    if (part === '') continue;
    const [name, value = ''] = part.split('=', 2).map((s) => s.trim());
    if (name !== 'spot-interruption' && name !== 'event-target-throttling') {
      throw new ConfigError(
        `--chaos: unknown fault '${name ?? ''}' (known: spot-interruption=P, event-target-throttling=P)`,
      );
    }
    const p = Number(value);
    if (value === '' || !Number.isFinite(p) || p < 0 || p > 1) {
      throw new ConfigError(`--chaos: ${name} must be a probability from 0 to 1, got '${value}'`);
    }
    if (name === 'spot-interruption') options.spotInterruption = p;
    else options.eventTargetThrottling = p;
  }
  return options;
}

/**
 * Decides which Spot tasks are interrupted and when. The moment is uniform over the family's typical run time
 * (learned from the runs that finished), so interruptions land mid-run whether tasks take a second or an hour.
 */
export class SpotChaos {
  private readonly probability: number;
  private readonly random: () => number;
  private readonly typicalMs = new Map<string, number>();

  constructor(options: ChaosOptions = {}) {
    this.probability = options.spotInterruption ?? 0;
    this.random = options.random ?? Math.random;
  }

  /** Milliseconds after the start at which to interrupt this task, or undefined to leave it alone. */
  interruptionDelay(family: string): number | undefined {
    if (this.probability <= 0 || this.random() >= this.probability) return undefined;
    return Math.floor(this.random() * (this.typicalMs.get(family) ?? FIRST_RUN_WINDOW_MS));
  }

  /** Records how long an uninterrupted run took (a moving average per family). */
  observe(family: string, durationMs: number): void {
    const known = this.typicalMs.get(family);
    this.typicalMs.set(family, known === undefined ? durationMs : 0.8 * known + 0.2 * durationMs);
  }
}
