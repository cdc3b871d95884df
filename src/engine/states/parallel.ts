import { Halt, isHalt, linkedController, toError } from '../abort';
import type { Json } from '../json';
import type { StateResult, StateRun } from '../state-run';
import { withRetryAndCatch } from './retry-loop';

/**
 * Parallel: every branch gets the same input and runs concurrently in its own variable scope and event thread;
 * the result is the array of branch outputs. The first branch to fail stops the others and fails the state.
 */
export async function runParallel(run: StateRun): Promise<StateResult> {
  const branches = run.state.Branches ?? [];
  const { frame } = run;
  const { log } = frame.runtime;
  return withRetryAndCatch(run, async () => {
    const input = await run.request();
    log.append(frame.thread, { type: 'ParallelStateStarted' });
    const { controller, release } = linkedController(frame.signal);
    const threads = branches.map(() => frame.thread.fork());
    let failure: Error | undefined;
    const settled = await Promise.allSettled(
      branches.map((branch, i) =>
        frame.runtime
          .runMachine(branch, input, {
            ...frame,
            thread: threads[i] ?? frame.thread.fork(),
            variables: frame.variables.child(),
            queryLanguage: branch.QueryLanguage ?? frame.queryLanguage,
            signal: controller.signal,
          })
          .catch((e: unknown) => {
            if (failure === undefined && !(isHalt(e) && e.kind === 'sibling-failed')) {
              failure = toError(e);
              controller.abort(new Halt('sibling-failed'));
            }
            throw e;
          }),
      ),
    );
    release();
    frame.thread.join(threads);
    if (failure !== undefined) {
      if (isHalt(failure)) throw failure;
      log.append(frame.thread, { type: 'ParallelStateFailed' });
      throw failure;
    }
    const results: Json[] = settled.map((s) => (s.status === 'fulfilled' ? s.value : null));
    log.append(frame.thread, { type: 'ParallelStateSucceeded' });
    return run.finishWithResult(results);
  });
}
