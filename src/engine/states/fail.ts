import { StatesError, StatesRuntimeError } from '../errors';
import { isIntrinsicCall, evaluateIntrinsic } from '../intrinsics';
import { evaluateJsonataTyped } from '../jsonata';
import { queryPath } from '../jsonpath';
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
    return String(await evaluateJsonataTyped(value, name, 'string', run.bindings()));
  }
  if (value !== undefined) return value;
  const pathField = `${name}Path` as const;
  const path = run.state[pathField];
  if (path === undefined) return null;
  const scope = run.pathScope(run.input);
  if (isIntrinsicCall(path)) return asText(evaluateIntrinsic(path, scope));
  const found = queryPath(path, scope);
  if (!found.found) {
    throw new StatesRuntimeError(
      `The JSONPath '${path}' specified for the field '${pathField}' could not be found in the input '${stringifyJson(run.input)}'`,
    );
  }
  return asText(found.value);
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : stringifyJson(value);
}
