/**
 * Matching a compiled pattern against an event: fields AND, values OR, `$or` alternatives; an array in the
 * event matches when any element does, and a nested pattern is matched against one element at a time, so
 * fields from different elements of an array of objects never combine into a match.
 */
import type { CompiledPattern, FieldPattern } from './compile';
import { holds, isLeaf, type Leaf } from './conditions';
import { isJsonObject, type JsonText } from './json-text';

const EMPTY: { [key: string]: JsonText } = {};

export function matchesPattern(pattern: CompiledPattern, event: JsonText): boolean {
  return matchObject(pattern, isJsonObject(event) ? event : EMPTY);
}

function matchObject(pattern: CompiledPattern, event: { [key: string]: JsonText }): boolean {
  for (const [name, field] of pattern.fields) {
    if (!matchField(field, Object.hasOwn(event, name) ? event[name] : undefined)) return false;
  }
  return pattern.anyOf.every((alternatives) => alternatives.some((p) => matchObject(p, event)));
}

function matchField(field: FieldPattern, value: JsonText | undefined): boolean {
  if (field.kind === 'nested') {
    const candidates = Array.isArray(value) ? value : [value];
    // An absent or non-object value still matches a nested pattern made only of exists:false.
    if (candidates.length === 0) return matchObject(field.pattern, EMPTY);
    return candidates.some((c) => matchObject(field.pattern, isJsonObject(c) ? c : EMPTY));
  }
  const leaves: Leaf[] = [];
  collectLeaves(value, leaves);
  // exists matches only leaves: an object (an intermediate node) counts as absent.
  if (leaves.length === 0) return field.conditions.some((c) => c.kind === 'exists' && !c.value);
  return field.conditions.some((c) => (c.kind !== 'exists' ? leaves.some((leaf) => holds(c, leaf)) : c.value));
}

function collectLeaves(value: JsonText | undefined, into: Leaf[]): void {
  if (Array.isArray(value)) for (const element of value) collectLeaves(element, into);
  else if (isLeaf(value)) into.push(value);
}
