import type { Json } from '../../../../src/engine/json';
import type { PathScope } from '../../../../src/engine/jsonpath';

/** A scope over `input`, with a small context object and the given variables. */
export function scopeOf(input: Json, variables: Record<string, Json> = {}, extra: Partial<PathScope> = {}): PathScope {
  return {
    input,
    context: { Execution: { Name: 'exec-1', Input: { original: true } }, State: { Name: 'Step' } },
    variables: new Map(Object.entries(variables)),
    ...extra,
  };
}
