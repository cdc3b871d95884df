/**
 * Retry and Catch matching as the AWS error-handling page describes it: retriers are scanned in order and the
 * first whose ErrorEquals names the error applies (an exhausted one sends the error straight to the catchers);
 * then catchers in order.
 */
import type { Catcher, Retrier } from './asl';
import { StatesErrorName } from './errors';
import type { StatesError } from './errors';

/** Errors no wildcard matches: States.Runtime always fails the execution; DataLimitExceeded only by name. */
const NOT_WILDCARD_MATCHED: ReadonlySet<string> = new Set([StatesErrorName.Runtime, StatesErrorName.DataLimitExceeded]);

/** Marks a States.Timeout that came from a missed heartbeat, so `States.HeartbeatTimeout` matches it too. */
export const HEARTBEAT = Symbol.for('fanout.heartbeat');

export function errorMatches(errorEquals: readonly string[], error: StatesError): boolean {
  const name = error.error;
  if (name === StatesErrorName.Runtime) return false;
  if (name !== null && errorEquals.includes(name)) return true;
  const heartbeat = (error as unknown as { [HEARTBEAT]?: boolean })[HEARTBEAT] === true;
  if (heartbeat && errorEquals.includes(StatesErrorName.HeartbeatTimeout)) return true;
  if (name !== null && NOT_WILDCARD_MATCHED.has(name)) return false;
  if (errorEquals.includes(StatesErrorName.ALL)) return true;
  return errorEquals.includes(StatesErrorName.TaskFailed) && name !== StatesErrorName.Timeout;
}

export const RETRY_DEFAULTS = { IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2 } as const;

/** Tracks, for one state execution, how many times each retrier has retried. */
export class RetryTracker {
  private readonly attempts: number[];

  constructor(private readonly retriers: readonly Retrier[]) {
    this.attempts = retriers.map(() => 0);
  }

  /** Total retries so far ($$.State.RetryCount). */
  get retryCount(): number {
    return this.attempts.reduce((a, b) => a + b, 0);
  }

  /**
   * The delay in ms before the next attempt, or undefined when the error is not retried (no retrier matches,
   * or the first matching retrier is exhausted).
   */
  nextDelay(error: StatesError, random: () => number): number | undefined {
    const index = this.retriers.findIndex((r) => errorMatches(r.ErrorEquals, error));
    if (index < 0) return undefined;
    const retrier = this.retriers[index] as Retrier;
    const done = this.attempts[index] ?? 0;
    const max = retrier.MaxAttempts ?? RETRY_DEFAULTS.MaxAttempts;
    if (done >= max) return undefined;
    this.attempts[index] = done + 1;
    const interval = retrier.IntervalSeconds ?? RETRY_DEFAULTS.IntervalSeconds;
    const rate = retrier.BackoffRate ?? RETRY_DEFAULTS.BackoffRate;
    let seconds = interval * Math.pow(rate, done);
    if (retrier.MaxDelaySeconds !== undefined) seconds = Math.min(seconds, retrier.MaxDelaySeconds);
    if (retrier.JitterStrategy === 'FULL') seconds = random() * seconds;
    return Math.round(seconds * 1000);
  }
}

export function findCatcher(catchers: readonly Catcher[] | undefined, error: StatesError): Catcher | undefined {
  return catchers?.find((c) => errorMatches(c.ErrorEquals, error));
}

/** The error output a catcher passes on: `{"Error": name, "Cause": text}`. */
export function errorOutput(error: StatesError): { Error: string | null; Cause: string | null } {
  return { Error: error.error, Cause: error.cause };
}
