/**
 * Evaluates parsed JSONPath against a scope. Results are references into the scope's values, never copies:
 * callers must treat them as immutable.
 */
import { isJsonObject, type Json, type JsonObject } from '../json';
import type { JsonPath, PathFunctionName, PathSegment } from './ast';
import { filterAccepts, type OperandPathEvaluator } from './filter';
import type { PathScope } from './scope';

/** Why a definite path matched nothing; `at` is the index of the segment where evaluation stopped. */
export type PathMiss =
  | { kind: 'no-results' }
  | { kind: 'missing-property'; at: number }
  | { kind: 'not-object'; at: number; found: Json }
  | { kind: 'null-array'; at: number }
  | { kind: 'not-array'; at: number; found: Json }
  | { kind: 'unbound-variable'; name: string };

export type PathOutcome = { found: true; value: Json } | { found: false; miss: PathMiss };

/** Evaluates a path from its own root (`$`, `$$` or `$name`). */
export function evaluatePath(path: JsonPath, scope: PathScope): PathOutcome {
  const root = path.root;
  let value: Json;
  if (root.kind === 'input') {
    value = scope.input;
  } else if (root.kind === 'context') {
    value = scope.context;
  } else {
    const bound = scope.variables.get(root.name);
    if (bound === undefined) return { found: false, miss: { kind: 'unbound-variable', name: root.name } };
    value = bound;
  }
  return evaluatePathFrom(path, value, scope);
}

/** Evaluates a path's segments starting from `value` (filters use this for `@` paths). */
export function evaluatePathFrom(path: JsonPath, value: Json, scope: PathScope): PathOutcome {
  const segments = path.segments;
  if (segments.length === 0) return { found: true, value };
  const last = segments[segments.length - 1]!;
  if (last.kind === 'function' && !prefixIsDefinite(segments)) {
    const matches = selectAll(segments.slice(0, -1), value, scope);
    const result = applyFunction(last.name, matches);
    return result === undefined ? { found: false, miss: { kind: 'no-results' } } : { found: true, value: result };
  }
  if (path.definite) return walkDefinite(segments, value);
  return { found: true, value: selectAll(segments, value, scope) };
}

const operandPath: OperandPathEvaluator = (path, node, scope) => {
  const outcome = node === undefined ? evaluatePath(path, scope) : evaluatePathFrom(path, node, scope);
  return outcome.found ? outcome.value : undefined;
};

function prefixIsDefinite(segments: readonly PathSegment[]): boolean {
  for (let i = 0; i < segments.length - 1; i++) {
    const kind = segments[i]!.kind;
    if (kind !== 'property' && kind !== 'index') return false;
  }
  return true;
}

function walkDefinite(segments: readonly PathSegment[], value: Json): PathOutcome {
  let current = value;
  const lastIndex = segments.length - 1;
  for (let at = 0; at <= lastIndex; at++) {
    const segment = segments[at]!;
    switch (segment.kind) {
      case 'property': {
        if (!isJsonObject(current)) return { found: false, miss: { kind: 'not-object', at, found: current } };
        if (!Object.prototype.hasOwnProperty.call(current, segment.name)) {
          return { found: false, miss: at === lastIndex ? { kind: 'no-results' } : { kind: 'missing-property', at } };
        }
        current = current[segment.name]!;
        break;
      }
      case 'index': {
        if (current === null) return { found: false, miss: { kind: 'null-array', at } };
        if (!Array.isArray(current)) return { found: false, miss: { kind: 'not-array', at, found: current } };
        const index = segment.index < 0 ? current.length + segment.index : segment.index;
        if (index < 0 || index >= current.length) return { found: false, miss: { kind: 'no-results' } };
        current = current[index]!;
        break;
      }
      case 'properties': {
        if (!isJsonObject(current)) return { found: false, miss: { kind: 'not-object', at, found: current } };
        current = mergeProperties(current, segment.names);
        break;
      }
      case 'function': {
        const result = applyFunction(segment.name, current);
        if (result === undefined) return { found: false, miss: { kind: 'no-results' } };
        current = result;
        break;
      }
      default:
        throw new Error(`segment '${segment.kind}' in a definite path`);
    }
  }
  return { found: true, value: current };
}

/** Jayway merges a final `['a','b']` into one object holding the names that exist. */
function mergeProperties(object: JsonObject, names: readonly string[]): JsonObject {
  const merged: JsonObject = {};
  for (const name of names) {
    if (Object.prototype.hasOwnProperty.call(object, name)) merged[name] = object[name]!;
  }
  return merged;
}

function selectAll(segments: readonly PathSegment[], value: Json, scope: PathScope): Json[] {
  let nodes: Json[] = [value];
  const lastIndex = segments.length - 1;
  for (let at = 0; at <= lastIndex && nodes.length > 0; at++) {
    const segment = segments[at]!;
    const next: Json[] = [];
    for (const node of nodes) select(segment, node, at === lastIndex, scope, next);
    nodes = next;
  }
  return nodes;
}

function select(segment: PathSegment, node: Json, isLast: boolean, scope: PathScope, out: Json[]): void {
  switch (segment.kind) {
    case 'property':
      if (isJsonObject(node) && Object.prototype.hasOwnProperty.call(node, segment.name)) out.push(node[segment.name]!);
      return;
    case 'properties':
      if (!isJsonObject(node)) return;
      if (isLast) {
        out.push(mergeProperties(node, segment.names));
        return;
      }
      for (const name of segment.names) {
        if (Object.prototype.hasOwnProperty.call(node, name)) out.push(node[name]!);
      }
      return;
    case 'index':
      pushIndex(node, segment.index, out);
      return;
    case 'indexes':
      for (const index of segment.indexes) pushIndex(node, index, out);
      return;
    case 'wildcard':
      if (Array.isArray(node)) out.push(...node);
      else if (isJsonObject(node)) out.push(...Object.values(node));
      return;
    case 'slice':
      if (Array.isArray(node)) {
        for (const i of sliceIndices(node.length, segment.start, segment.end, segment.step)) out.push(node[i]!);
      }
      return;
    case 'filter':
      if (Array.isArray(node)) {
        for (const item of node) if (filterAccepts(segment.expression, item, scope, operandPath)) out.push(item);
      } else if (isJsonObject(node) && filterAccepts(segment.expression, node, scope, operandPath)) {
        out.push(node);
      }
      return;
    case 'descendant':
      selectDescendants(segment.selector, node, scope, out);
      return;
    case 'function': {
      const result = applyFunction(segment.name, node);
      if (result !== undefined) out.push(result);
      return;
    }
  }
}

/** Visits the node and its descendants in document order, as Jayway's deep scan does. */
function selectDescendants(selector: PathSegment, node: Json, scope: PathScope, out: Json[]): void {
  if (selector.kind === 'filter') {
    // A deep-scan filter tests each object it meets, not the elements of arrays (they are met themselves).
    if (isJsonObject(node) && filterAccepts(selector.expression, node, scope, operandPath)) out.push(node);
  } else {
    select(selector, node, false, scope, out);
  }
  if (Array.isArray(node)) {
    for (const child of node) selectDescendants(selector, child, scope, out);
  } else if (isJsonObject(node)) {
    for (const child of Object.values(node)) selectDescendants(selector, child, scope, out);
  }
}

function pushIndex(node: Json, index: number, out: Json[]): void {
  if (!Array.isArray(node)) return;
  const i = index < 0 ? node.length + index : index;
  if (i >= 0 && i < node.length) out.push(node[i]!);
}

/** Python-style slice bounds; Jayway's `[a:b]` forms are the step-1 case. */
export function sliceIndices(
  length: number,
  start: number | undefined,
  end: number | undefined,
  step: number | undefined,
): number[] {
  const by = step ?? 1;
  const indices: number[] = [];
  if (by > 0) {
    const from = start === undefined ? 0 : start < 0 ? Math.max(0, length + start) : Math.min(start, length);
    const to = end === undefined ? length : end < 0 ? Math.max(0, length + end) : Math.min(end, length);
    for (let i = from; i < to; i += by) indices.push(i);
  } else {
    const from = start === undefined ? length - 1 : start < 0 ? length + start : Math.min(start, length - 1);
    const to = end === undefined ? -1 : end < 0 ? Math.max(-1, length + end) : end;
    for (let i = from; i > to; i += by) indices.push(i);
  }
  return indices;
}

/** Jayway's path functions; undefined when the function does not apply to the value. */
function applyFunction(name: PathFunctionName, value: Json): Json | undefined {
  switch (name) {
    case 'length':
    case 'size':
      if (Array.isArray(value) || typeof value === 'string') return value.length;
      if (isJsonObject(value)) return Object.keys(value).length;
      return undefined;
    case 'first':
      return Array.isArray(value) && value.length > 0 ? value[0] : undefined;
    case 'last':
      return Array.isArray(value) && value.length > 0 ? value[value.length - 1] : undefined;
    case 'keys':
      return isJsonObject(value) ? Object.keys(value) : undefined;
    default:
      return aggregate(name, value);
  }
}

function aggregate(name: 'min' | 'max' | 'avg' | 'sum' | 'stddev', value: Json): number | undefined {
  if (!Array.isArray(value)) return undefined;
  const numbers = value.filter((v): v is number => typeof v === 'number');
  if (numbers.length === 0) return undefined;
  const sum = numbers.reduce((a, b) => a + b, 0);
  switch (name) {
    case 'min':
      return Math.min(...numbers);
    case 'max':
      return Math.max(...numbers);
    case 'sum':
      return sum;
    case 'avg':
      return sum / numbers.length;
    case 'stddev': {
      const mean = sum / numbers.length;
      return Math.sqrt(numbers.reduce((a, b) => a + (b - mean) ** 2, 0) / numbers.length);
    }
  }
}
