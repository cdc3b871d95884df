/**
 * An event pattern (JSON text) checked and compiled: every field of the pattern becomes either a nested pattern
 * or a list of conditions; `$or` groups alternatives. Problems are InvalidEventPatternException naming where.
 */
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import { invalidPattern } from '../errors';
import { type Condition, type NumericBound, wildcardRegex } from './conditions';
import { isJsonObject, JsonNumber, JsonTextError, parseJsonText, type JsonText } from './json-text';

export interface CompiledPattern {
  /** Every field must match. */
  readonly fields: readonly (readonly [string, FieldPattern])[];
  /** Each `$or`: at least one alternative must match. */
  readonly anyOf: readonly (readonly CompiledPattern[])[];
}

export type FieldPattern =
  | { readonly kind: 'nested'; readonly pattern: CompiledPattern }
  | { readonly kind: 'values'; readonly conditions: readonly Condition[] };

const OPERATORS = new Set([
  'prefix',
  'suffix',
  'equals-ignore-case',
  'wildcard',
  'anything-but',
  'numeric',
  'cidr',
  'exists',
]);

/** Numeric matching's documented range. */
const NUMERIC_LIMIT = 5e9;

export function compilePattern(text: string): CompiledPattern {
  let raw: JsonText;
  try {
    raw = parseJsonText(text);
  } catch (error) {
    if (error instanceof JsonTextError) throw invalidPattern(`the pattern is not valid JSON: ${error.message}`);
    throw error;
  }
  if (!isJsonObject(raw)) throw invalidPattern('the pattern must be a JSON object');
  if (Object.keys(raw).length === 0) throw invalidPattern('the pattern is empty');
  return compileObject(raw, '');
}

function compileObject(raw: { [key: string]: JsonText }, path: string): CompiledPattern {
  const fields: [string, FieldPattern][] = [];
  const anyOf: CompiledPattern[][] = [];
  for (const [key, value] of Object.entries(raw)) {
    const at = path === '' ? key : `${path}.${key}`;
    if (key === '$or' && isOrGroup(value)) {
      anyOf.push(value.map((alternative, i) => compileObject(alternative, `${at}[${i}]`)));
    } else if (Array.isArray(value)) {
      if (value.length === 0) throw invalidPattern(`empty arrays are not allowed, at ${at}`);
      fields.push([key, { kind: 'values', conditions: value.map((v, i) => compileValue(v, `${at}[${i}]`)) }]);
    } else if (isJsonObject(value)) {
      if (Object.keys(value).length === 0) throw invalidPattern(`empty objects are not allowed, at ${at}`);
      fields.push([key, { kind: 'nested', pattern: compileObject(value, at) }]);
    } else {
      throw invalidPattern(`the value of ${at} must be an array or an object, not ${describe(value)}`);
    }
  }
  return { fields, anyOf };
}

/** `$or` is the OR primitive only as an array of two or more objects that are patterns, not match expressions. */
function isOrGroup(value: JsonText): value is { [key: string]: JsonText }[] {
  return (
    Array.isArray(value) &&
    value.length >= 2 &&
    value.every((v) => isJsonObject(v) && Object.keys(v).length > 0 && !Object.keys(v).some((k) => OPERATORS.has(k)))
  );
}

function compileValue(value: JsonText, at: string): Condition {
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || value instanceof JsonNumber) {
    return { kind: 'equals', value };
  }
  if (Array.isArray(value))
    throw invalidPattern(
      `match values must be strings, numbers, true, false, null or match expressions, not an array, at ${at}`,
    );
  const keys = Object.keys(value);
  if (keys.length !== 1) {
    throw invalidPattern(
      `a match expression has exactly one operator, found ${keys.length === 0 ? 'none' : keys.join(', ')}, at ${at}`,
    );
  }
  const op = keys[0]!;
  const operand = value[op]!;
  const where = `"${op}" at ${at}`;
  switch (op) {
    case 'prefix':
    case 'suffix':
      return affix(op, operand, where);
    case 'equals-ignore-case':
      return { kind: 'equals-ignore-case', value: requireString(operand, where), ignoreCase: true };
    case 'wildcard':
      return { kind: 'wildcard', regex: wildcardRegex(checkWildcard(requireString(operand, where), where)) };
    case 'numeric':
      return { kind: 'numeric', bounds: numericBounds(operand, where) };
    case 'cidr':
      return { kind: 'cidr', block: cidrBlock(operand, where) };
    case 'exists':
      if (typeof operand !== 'boolean') throw invalidPattern(`${where} must be true or false`);
      return { kind: 'exists', value: operand };
    case 'anything-but':
      return { kind: 'anything-but', not: anythingBut(operand, where) };
    default:
      throw invalidPattern(`unrecognized match type ${op}, at ${at}`);
  }
}

function affix(op: 'prefix' | 'suffix', operand: JsonText, where: string): Condition {
  if (typeof operand === 'string') return { kind: op, value: operand, ignoreCase: false };
  if (isJsonObject(operand)) {
    const keys = Object.keys(operand);
    if (keys.length === 1 && keys[0] === 'equals-ignore-case') {
      return {
        kind: op,
        value: requireString(operand['equals-ignore-case']!, `${where}.equals-ignore-case`),
        ignoreCase: true,
      };
    }
  }
  throw invalidPattern(`${where} must be a string or {"equals-ignore-case": string}`);
}

function requireString(operand: JsonText, where: string): string {
  if (typeof operand !== 'string') throw invalidPattern(`${where} must be a string, not ${describe(operand)}`);
  return operand;
}

function checkWildcard(text: string, where: string): string {
  if (text.includes('**')) throw invalidPattern(`${where}: consecutive wildcard characters are not allowed`);
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '\\') continue;
    const next = text[i + 1];
    if (next !== '*' && next !== '\\') {
      throw invalidPattern(`${where}: a backslash may only escape '*' or another backslash`);
    }
    i++;
  }
  return text;
}

function numericBounds(operand: JsonText, where: string): NumericBound[] {
  if (!Array.isArray(operand) || operand.length === 0 || operand.length % 2 !== 0) {
    throw invalidPattern(`${where} must be an array of operators each followed by a number`);
  }
  const bounds: NumericBound[] = [];
  for (let i = 0; i < operand.length; i += 2) {
    const op = operand[i];
    const value = operand[i + 1];
    if (op !== '<' && op !== '<=' && op !== '=' && op !== '>' && op !== '>=') {
      throw invalidPattern(`${where}: unrecognized numeric range operator ${JSON.stringify(op)}`);
    }
    if (!(value instanceof JsonNumber)) throw invalidPattern(`${where}: the value after "${op}" must be a number`);
    if (Math.abs(value.value) > NUMERIC_LIMIT) {
      throw invalidPattern(`${where}: ${value.text} is outside the numeric range -5.0e9 to 5.0e9`);
    }
    bounds.push({ op, value: value.value });
  }
  const lower = bounds.filter((b) => b.op === '>' || b.op === '>=');
  const upper = bounds.filter((b) => b.op === '<' || b.op === '<=');
  const equal = bounds.filter((b) => b.op === '=');
  if (equal.length > 0 && bounds.length > 1) throw invalidPattern(`${where}: "=" cannot be combined with a range`);
  if (lower.length > 1 || upper.length > 1) throw invalidPattern(`${where}: at most one lower and one upper bound`);
  if (lower[0] !== undefined && upper[0] !== undefined && lower[0].value >= upper[0].value) {
    throw invalidPattern(`${where}: the bottom of the range must be less than the top`);
  }
  return bounds;
}

function cidrBlock(operand: JsonText, where: string): BlockList {
  const text = requireString(operand, where);
  const [address = '', bits, extra] = text.split('/');
  const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
  const max = family === 'ipv4' ? 32 : 128;
  const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
  if (family === undefined || extra !== undefined || !(prefix >= 0 && prefix <= max)) {
    throw invalidPattern(`${where}: ${JSON.stringify(text)} is not an IP address or CIDR block`);
  }
  const block = new BlockList();
  block.addSubnet(address, prefix, family);
  return block;
}

/** anything-but: a value, a list of strings or of numbers, or one affix / equals-ignore-case / wildcard (or a list of them). */
function anythingBut(operand: JsonText, where: string): Condition[] {
  if (typeof operand === 'string') return [{ kind: 'equals', value: operand }];
  if (operand instanceof JsonNumber) return [numberEquals(operand)];
  if (Array.isArray(operand)) {
    if (operand.length === 0) throw invalidPattern(`${where}: the list must not be empty`);
    if (operand.every((v) => typeof v === 'string')) return operand.map((v) => ({ kind: 'equals', value: v }));
    if (operand.every((v) => v instanceof JsonNumber)) return operand.map(numberEquals);
    throw invalidPattern(`${where}: the list must hold only strings or only numbers`);
  }
  if (isJsonObject(operand)) {
    const keys = Object.keys(operand);
    const op = keys[0];
    if (keys.length === 1 && (op === 'prefix' || op === 'suffix' || op === 'equals-ignore-case' || op === 'wildcard')) {
      const inner = operand[op]!;
      const values = Array.isArray(inner) ? inner : [inner];
      if (values.length === 0) throw invalidPattern(`${where}.${op}: the list must not be empty`);
      return values.map((v) => {
        const text = requireString(v, `${where}.${op}`);
        if (op === 'wildcard') return { kind: 'wildcard', regex: wildcardRegex(checkWildcard(text, `${where}.${op}`)) };
        if ((op === 'prefix' || op === 'suffix') && text === '') {
          throw invalidPattern(`${where}.${op}: must not be empty`);
        }
        return { kind: op, value: text, ignoreCase: op === 'equals-ignore-case' };
      });
    }
  }
  throw invalidPattern(
    `${where} must be a string, a number, a list of strings or of numbers, or one of prefix, suffix, equals-ignore-case, wildcard`,
  );
}

function numberEquals(n: JsonNumber): Condition {
  return { kind: 'numeric', bounds: [{ op: '=', value: n.value }] };
}

function describe(value: JsonText): string {
  if (value === null) return 'null';
  if (value instanceof JsonNumber) return `the number ${value.text}`;
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : JSON.stringify(value);
}
