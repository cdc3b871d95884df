import { StatesError, StatesErrorName } from '../errors';
import { isJsonObject, stringifyJson, type Json } from '../json';
import type { PathSegment } from './ast';
import { parseOrThrow } from './query';

/**
 * ResultPath: undefined or "$" → the result is the output; null → input unchanged; "$.a.b" → input with the
 * result set at a.b (creating objects). Never mutates `input`: the objects along the path are copied and the
 * rest is shared. A path that cannot be applied (through a non-object, or an index outside an array) fails with
 * States.ResultPathMatchFailure, worded as AWS's "Unable to apply ReferencePath $.x to input \"...\"".
 */
export function applyResultPath(input: Json, resultPath: string | null | undefined, result: Json): Json {
  if (resultPath === undefined || resultPath === '$') return result;
  if (resultPath === null) return input;
  const path = parseOrThrow(resultPath);
  const fail = (): never => {
    throw new StatesError(
      StatesErrorName.ResultPathMatchFailure,
      `Unable to apply ReferencePath ${resultPath} to input ${JSON.stringify(stringifyJson(input))}`,
    );
  };
  if (path.root.kind !== 'input') fail();
  return setAt(input, path.segments, 0, result, fail);
}

function setAt(
  node: Json | undefined,
  segments: readonly PathSegment[],
  at: number,
  result: Json,
  fail: () => never,
): Json {
  if (at === segments.length) return result;
  const segment = segments[at]!;
  if (segment.kind === 'property') {
    if (node !== undefined && !isJsonObject(node)) fail();
    const base = node ?? {};
    const child = Object.prototype.hasOwnProperty.call(base, segment.name) ? base[segment.name] : undefined;
    return { ...base, [segment.name]: setAt(child, segments, at + 1, result, fail) };
  }
  if (segment.kind === 'index' && Array.isArray(node)) {
    const index = segment.index < 0 ? node.length + segment.index : segment.index;
    if (index < 0 || index >= node.length) fail();
    const copy = node.slice();
    copy[index] = setAt(node[index], segments, at + 1, result, fail);
    return copy;
  }
  return fail();
}
