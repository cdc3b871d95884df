/**
 * Map's numeric fields — MaxConcurrency, ToleratedFailureCount, ToleratedFailurePercentage — in their constant,
 * Path and JSONata forms, with the messages AWS gives for bad values.
 */
import { StatesError, StatesErrorName, StatesRuntimeError } from '../errors';
import { evaluateJsonataTyped, isJsonataTemplate } from '../jsonata';
import { queryPath } from '../jsonpath';
import { stringifyJson } from '../json';
import type { Json } from '../json';
import type { StateRun } from '../state-run';

type NumericField =
  | 'MaxConcurrency'
  | 'ToleratedFailureCount'
  | 'ToleratedFailurePercentage'
  | 'MaxItems'
  | 'MaxItemsPerBatch'
  | 'MaxInputBytesPerBatch';

/**
 * A numeric Map field in its constant, `<name>Path` or JSONata form. `holder` is the object the field sits in:
 * the state, its ItemReader.ReaderConfig, or its ItemBatcher.
 */
export async function mapNumber(
  run: StateRun,
  name: NumericField,
  effective: Json,
  holder: { readonly [field: string]: unknown } = run.state as unknown as { readonly [field: string]: unknown },
): Promise<number | undefined> {
  const kind = name === 'ToleratedFailurePercentage' ? 'float' : 'integer';
  const value = holder[name];
  if (isJsonataTemplate(value)) {
    const n = Number(await evaluateJsonataTyped(value, name, kind === 'float' ? 'number' : 'integer', run.bindings()));
    return check(name, n);
  }
  if (typeof value === 'number') return check(name, value);
  const path = holder[`${name}Path`];
  if (typeof path !== 'string') return undefined;
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
  if (name === 'MaxItems' && value < 0) {
    throw new StatesError(StatesErrorName.ItemReaderFailed, 'field MaxItems must be positive');
  }
  if ((name === 'MaxConcurrency' || name === 'MaxItemsPerBatch' || name === 'MaxInputBytesPerBatch') && value < 0) {
    throw new StatesRuntimeError(`${name} cannot be negative.`);
  }
  return value;
}
