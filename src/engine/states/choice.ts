import type { ChoiceRule } from '../asl';
import { evaluateChoiceRule } from '../choice';
import { StatesError, StatesErrorName } from '../errors';
import { evaluateJsonataTyped } from '../jsonata';
import { queryPath } from '../jsonpath';
import type { StateResult, StateRun } from '../state-run';

/**
 * Choice: the first rule that matches gives Next (and its own Assign/Output); otherwise Default with the
 * state's Assign; with neither, States.NoChoiceMatched.
 */
export async function runChoice(run: StateRun): Promise<StateResult> {
  const choices = run.state.Choices ?? [];
  if (run.isJsonata) {
    for (const [i, rule] of choices.entries()) {
      const matched = await evaluateJsonataTyped(
        rule.Condition ?? null,
        `Choices/${i}/Condition`,
        'boolean',
        run.bindings(),
      );
      if (matched === true) return finish(run, run.input, rule);
    }
    return finishDefault(run, run.input);
  }
  const effective = run.effectiveInput();
  const scope = run.pathScope(effective);
  const lookup = (path: string): ReturnType<typeof queryPath> => queryPath(path, scope);
  for (const rule of choices) {
    if (evaluateChoiceRule(rule, lookup)) return finish(run, effective, rule);
  }
  return finishDefault(run, effective);
}

function finish(
  run: StateRun,
  effective: Parameters<StateRun['finishWithInput']>[0],
  rule: ChoiceRule,
): Promise<StateResult> {
  return run.finishWithInput(effective, rule.Next, rule.Assign, rule.Output ?? run.state.Output);
}

function finishDefault(run: StateRun, effective: Parameters<StateRun['finishWithInput']>[0]): Promise<StateResult> {
  if (run.state.Default === undefined) {
    throw new StatesError(StatesErrorName.NoChoiceMatched, `No Matches!`);
  }
  return run.finishWithInput(effective, run.state.Default);
}
