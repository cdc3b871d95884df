import { Halt, isHalt, linkedController, toError } from '../abort';
import type { StatesError } from '../errors';
import type { EventThread } from '../history';
import { hasKeptText, jsonText, keepText } from '../json';
import type { Json } from '../json';
import type { StateResult, StateRun } from '../state-run';
import { containerFailed } from './container';
import { withRetryAndCatch } from './retry-loop';

/**
 * Parallel: every branch gets the same input and runs concurrently in its own variable scope and event thread;
 * the result is the array of branch outputs. The first branch to fail stops the others and fails the state.
 */
export async function runParallel(run: StateRun): Promise<StateResult> {
  const branches = run.state.Branches ?? [];
  const { frame } = run;
  const { log } = frame.runtime;
  const failures = new WeakSet<object>();
  return withRetryAndCatch(
    run,
    async () => {
      const input = await run.request();
      log.append(frame.thread, { type: 'ParallelStateStarted' });
      const { controller, release } = linkedController(frame.signal);
      const threads = branches.map(() => frame.thread.fork());
      let failure: { error: Error; thread: EventThread } | undefined;
      const settled = await Promise.allSettled(
        branches.map((branch, i) => {
          const thread = threads[i] ?? frame.thread.fork();
          return frame.runtime
            .runMachine(branch, input, {
              ...frame,
              thread,
              variables: frame.variables.child(),
              queryLanguage: branch.QueryLanguage ?? frame.queryLanguage,
              signal: controller.signal,
              paced: false,
            })
            .catch((e: unknown) => {
              if (failure === undefined && !(isHalt(e) && e.kind === 'sibling-failed')) {
                failure = { error: toError(e), thread };
                controller.abort(new Halt('sibling-failed'));
              }
              throw e;
            });
        }),
      );
      release();
      for (const thread of threads) frame.thread.absorb(thread);
      if (failure !== undefined) {
        // What follows the failure (ParallelStateFailed, a retry's ParallelStateStarted) follows the failed branch.
        frame.thread.lastEventId = failure.thread.lastEventId;
        if (!isHalt(failure.error)) failures.add(failure.error);
        throw failure.error;
      }
      const results: Json[] = settled.map((s) => (s.status === 'fulfilled' ? s.value : null));
      // Branch outputs that passed their input through print as given, inside the array too.
      if (results.some(hasKeptText)) keepText(results, `[${results.map(jsonText).join(',')}]`);
      frame.thread.settle();
      log.append(frame.thread, { type: 'ParallelStateSucceeded' });
      return run.finishWithResult(results);
    },
    (error: StatesError) => containerFailed(run, 'ParallelStateFailed', error, failures.has(error)),
  );
}
