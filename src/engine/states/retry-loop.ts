import { asHalt, isHalt } from '../abort';
import { findCatcher, RetryTracker } from '../retry';
import type { StateResult, StateRun } from '../state-run';

/**
 * Runs `attempt` under the state's Retry and Catch: a matching retrier waits its back-off and tries again; once
 * retrying does not apply, the first matching catcher decides the output and the next state.
 */
export async function withRetryAndCatch(run: StateRun, attempt: () => Promise<StateResult>): Promise<StateResult> {
  const tracker = new RetryTracker(run.state.Retry ?? []);
  const { clock, random } = run.ports;
  for (;;) {
    run.retryCount = tracker.retryCount;
    try {
      return await attempt();
    } catch (e) {
      if (isHalt(e)) throw e;
      const error = run.toStatesError(e);
      const delay = tracker.nextDelay(error, random);
      if (delay !== undefined) {
        try {
          await clock.sleep(delay, run.frame.signal);
        } catch {
          throw asHalt(run.frame.signal.reason);
        }
        continue;
      }
      const catcher = findCatcher(run.state.Catch, error);
      if (catcher === undefined) throw error;
      return run.applyCatcher(catcher, error);
    }
  }
}
