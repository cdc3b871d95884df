/**
 * Map's numeric fields — MaxConcurrency, ToleratedFailureCount, ToleratedFailurePercentage — in their constant,
 * Path and JSONata forms, with the messages AWS gives for bad values.
 */
import { StatesRuntimeError } from '../errors';
import { evaluateJsonataTyped, isJsonataTemplate } from '../jsonata';
import { queryPath } from '../jsonpath';
import { stringifyJson } from '../json';
import type { Json } from '../json';
import type { StateRun } from '../state-run';

type NumericField = 'MaxConcurrency' | 'ToleratedFailureCount' | 'ToleratedFailurePercentage';

export async function mapNumber(run: StateRun, name: NumericField, effective: Json): Promise<number | undefined> {
  const kind = name === 'ToleratedFailurePercentage' ? 'float' : 'integer';
  const value: unknown = run.state[name];
  if (isJsonataTemplate(value)) {
    return Number(await evaluateJsonataTyped(value, name, kind === 'float' ? 'number' : 'integer', run.bindings()));
  }
  if (typeof value === 'number') return check(name, value);
  const path = run.state[`${name}Path`];
  if (path === undefined) return undefined;
  const found = queryPath(path, run.pathScope(effective));
  const raw: Json = found.found ? found.value : null;
  const parsed = asNumber(raw, kind);
  if (parsed === undefined) {
    const shown = typeof raw === 'string' ? raw : stringifyJson(raw);
    throw new StatesRuntimeError(
      `The ${name}Path field refers to value "${shown}" which is not a valid ${kind}: ${path}`,
    );
  }
  return check(name, parsed);
}

/** AWS parses the referenced value as Java does: numbers, and strings that spell one ("1", "2.5"). */
function asNumber(raw: Json, kind: 'integer' | 'float'): number | undefined {
  let n: number | undefined;
  if (typeof raw === 'number') n = raw;
  else if (
    typeof raw === 'string' &&
    (kind === 'integer' ? /^[+-]?\d+$/ : /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/).test(raw.trim())
  ) {
    n = Number(raw);
  }
  if (n === undefined || !Number.isFinite(n)) return undefined;
  return kind === 'integer' && !Number.isInteger(n) ? undefined : n;
}

function check(name: NumericField, value: number): number {
  if (name === 'ToleratedFailureCount' && value < 0) {
    throw new StatesRuntimeError('ToleratedFailureCount cannot be negative.');
  }
  if (name === 'ToleratedFailurePercentage' && (value < 0 || value > 100)) {
    throw new StatesRuntimeError('ToleratedFailurePercentage must be between 0 and 100.');
  }
  if (name === 'MaxConcurrency' && value < 0) {
    throw new StatesRuntimeError('MaxConcurrency cannot be negative.');
  }
  return value;
}
