import { asHalt, isHalt } from '../abort';
import { StatesError } from '../errors';
import { findCatcher, RetryTracker } from '../retry';
import type { StateResult, StateRun } from '../state-run';

/**
 * Runs `attempt` under the state's Retry and Catch: a matching retrier waits its back-off and tries again; once
 * retrying does not apply, `onFailed` sees the error and the first matching catcher decides the output and the next
 * state.
 */
export async function withRetryAndCatch(
  run: StateRun,
  attempt: () => Promise<StateResult>,
  onFailed?: (error: StatesError) => void,
): Promise<StateResult> {
  const tracker = new RetryTracker(run.state.Retry ?? []);
  const { clock, random } = run.ports;
  const resumed = replayFailures(run, tracker);
  if (resumed?.delay === undefined && resumed !== undefined) return catchOrThrow(run, resumed.error);
  if (resumed !== undefined) await pause(run, Math.max(0, resumed.at + (resumed.delay ?? 0) - clock.now()));
  for (;;) {
    run.retryCount = tracker.retryCount;
    try {
      return await attempt();
    } catch (e) {
      if (isHalt(e)) throw e;
      const error = run.toStatesError(e);
      run.reportEvaluationFailure(error);
      const delay = tracker.nextDelay(error, random);
      if (delay !== undefined) {
        await pause(run, delay);
        continue;
      }
      // A Map or Parallel writes its *StateFailed once the error is final, not between attempts.
      onFailed?.(error);
      return catchOrThrow(run, error);
    }
  }
}

/**
 * A Task resumed after a crash counts the attempts its history shows as failed, so MaxAttempts holds across the crash
 * and the back-off after the last failure keeps its deadline (with FULL jitter, the delay is drawn again).
 */
function replayFailures(
  run: StateRun,
  tracker: RetryTracker,
): { error: StatesError; at: number; delay: number | undefined } | undefined {
  let last: { error: StatesError; at: number; delay: number | undefined } | undefined;
  for (const failure of run.resumedFailures ?? []) {
    const error = new StatesError(failure.error, failure.cause);
    last = { error, at: failure.timestamp, delay: tracker.nextDelay(error, run.ports.random) };
  }
  return last;
}

async function pause(run: StateRun, ms: number): Promise<void> {
  try {
    await run.ports.clock.sleep(ms, run.frame.signal);
  } catch {
    throw asHalt(run.frame.signal.reason);
  }
}

function catchOrThrow(run: StateRun, error: StatesError): Promise<StateResult> {
  const catcher = findCatcher(run.state.Catch, error);
  if (catcher === undefined) throw error;
  return run.applyCatcher(catcher, error);
}
