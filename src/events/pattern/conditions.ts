/**
 * One value test of an event pattern (the members of a field's array), and how it tests one leaf value of the
 * event. A field matches when any of its conditions holds for any of the field's leaf values.
 */
import { isIPv4, isIPv6, type BlockList } from 'node:net';
import { JsonNumber, type JsonText } from './json-text';

export type Leaf = string | JsonNumber | boolean | null;

export type Condition =
  | { readonly kind: 'equals'; readonly value: Leaf }
  | { readonly kind: 'prefix' | 'suffix' | 'equals-ignore-case'; readonly value: string; readonly ignoreCase: boolean }
  | { readonly kind: 'wildcard'; readonly regex: RegExp }
  | { readonly kind: 'numeric'; readonly bounds: readonly NumericBound[] }
  | { readonly kind: 'cidr'; readonly block: BlockList }
  | { readonly kind: 'exists'; readonly value: boolean }
  | { readonly kind: 'anything-but'; readonly not: readonly Condition[] };

export interface NumericBound {
  readonly op: '<' | '<=' | '=' | '>' | '>=';
  readonly value: number;
}

export function isLeaf(value: JsonText | undefined): value is Leaf {
  return value === null || typeof value === 'string' || typeof value === 'boolean' || value instanceof JsonNumber;
}

/** Does this leaf value satisfy the condition? (`exists` is decided per field, not per value.) */
export function holds(condition: Condition, value: Leaf): boolean {
  switch (condition.kind) {
    case 'equals':
      return sameLeaf(condition.value, value);
    case 'prefix':
      return (
        typeof value === 'string' &&
        fold(value, condition.ignoreCase).startsWith(fold(condition.value, condition.ignoreCase))
      );
    case 'suffix':
      return (
        typeof value === 'string' &&
        fold(value, condition.ignoreCase).endsWith(fold(condition.value, condition.ignoreCase))
      );
    case 'equals-ignore-case':
      return typeof value === 'string' && fold(value, true) === fold(condition.value, true);
    case 'wildcard':
      return typeof value === 'string' && condition.regex.test(value);
    case 'numeric':
      return value instanceof JsonNumber && condition.bounds.every((bound) => compare(value.value, bound));
    case 'cidr':
      return typeof value === 'string' && inBlock(condition.block, value);
    case 'exists':
      return condition.value;
    case 'anything-but':
      // A value of another type is "anything but" a list of strings (or numbers) too.
      return !condition.not.some((c) => holds(c, value));
  }
}

function sameLeaf(a: Leaf, b: Leaf): boolean {
  if (a instanceof JsonNumber) return b instanceof JsonNumber && a.text === b.text;
  return a === b;
}

function fold(text: string, ignoreCase: boolean): string {
  return ignoreCase ? text.toLowerCase() : text;
}

function compare(value: number, bound: NumericBound): boolean {
  switch (bound.op) {
    case '<':
      return value < bound.value;
    case '<=':
      return value <= bound.value;
    case '=':
      return value === bound.value;
    case '>':
      return value > bound.value;
    case '>=':
      return value >= bound.value;
  }
}

function inBlock(block: BlockList, address: string): boolean {
  if (isIPv4(address)) return block.check(address, 'ipv4');
  if (isIPv6(address)) return block.check(address, 'ipv6');
  return false;
}

/** A wildcard value as an anchored regular expression: `*` is any run of characters, `\*` and `\\` are literal. */
export function wildcardRegex(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      source += escapeRegex(pattern[++i] ?? '');
    } else if (c === '*') source += '.*';
    else source += escapeRegex(c);
  }
  return new RegExp(`^${source}$`, 's');
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
