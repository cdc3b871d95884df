import type { StateResult, StateRun } from '../state-run';

export async function runSucceed(run: StateRun): Promise<StateResult> {
  return run.finishWithInput(run.isJsonata ? run.input : run.effectiveInput(), undefined);
}
