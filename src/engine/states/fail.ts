import { StatesError } from '../errors';
import { evaluateJsonataTyped } from '../jsonata';
import { evaluateFieldPath } from '../jsonpath';
import { stringifyJson } from '../json';
import type { StateRun } from '../state-run';

/** Fail: ends the machine with Error and Cause (constants, paths, intrinsics, or JSONata). */
export async function runFail(run: StateRun): Promise<never> {
  const error = await field(run, 'Error');
  const cause = await field(run, 'Cause');
  throw new StatesError(error, cause);
}

async function field(run: StateRun, name: 'Error' | 'Cause'): Promise<string | null> {
  const value = run.state[name];
  if (run.isJsonata) {
    if (value === undefined) return null;
    return (await evaluateJsonataTyped(value, name, 'string', run.bindings())) as string;
  }
  if (value !== undefined) return value;
  const path = run.state[`${name}Path`];
  if (path === undefined) return null;
  const found = evaluateFieldPath(path, `${name}Path`, run.pathScope(run.input));
  return typeof found === 'string' ? found : stringifyJson(found);
}
