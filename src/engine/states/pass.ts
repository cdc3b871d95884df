import type { StateResult, StateRun } from '../state-run';

/** Pass: `Result` (or Parameters over the effective input) as its result; JSONata: Output over the input. */
export async function runPass(run: StateRun): Promise<StateResult> {
  if (run.isJsonata) return run.finishWithInput(run.input, run.next);
  const { Result } = run.state;
  const result = Result !== undefined ? Result : run.parameters(run.effectiveInput());
  return run.finishWithResult(result);
}
