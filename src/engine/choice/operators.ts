/**
 * The JSONPath Choice comparison operators. A value of the wrong type for the operator (a string for
 * NumericEquals, a non-timestamp string for TimestampEquals, ...) never matches: the rule is false, not an
 * error. This holds for the Variable's value and for the value a *Path operand selects.
 */
import type { Json } from '../json';
import type { Instant } from '../time';
import { compareInstants, parseOffsetDateTime } from '../time';
import { stringMatches } from './string-matches';

/** How values of one ASL type are recognised and ordered. */
interface Ordering<T> {
  accept(value: Json): T | undefined;
  compare(a: T, b: T): number;
}

// String ordering is by UTF-16 code unit, as both JavaScript's `<` and Java's String.compareTo do.
const stringOrdering: Ordering<string> = {
  accept: (value) => (typeof value === 'string' ? value : undefined),
  compare: (a, b) => (a < b ? -1 : a > b ? 1 : 0),
};

// 1 and 1.0 are the same JSON number once parsed, so NumericEquals holds for them, as on AWS.
const numericOrdering: Ordering<number> = {
  accept: (value) => (typeof value === 'number' ? value : undefined),
  compare: (a, b) => a - b,
};

const booleanOrdering: Ordering<boolean> = {
  accept: (value) => (typeof value === 'boolean' ? value : undefined),
  compare: (a, b) => (a === b ? 0 : 1),
};

// Timestamps compare as instants at nanosecond precision, so offsets are normalised and fractions beyond
// milliseconds still count.
const timestampOrdering: Ordering<Instant> = {
  accept: (value) => (typeof value === 'string' ? parseOffsetDateTime(value) : undefined),
  compare: compareInstants,
};

const RELATIONS = {
  Equals: (order: number) => order === 0,
  LessThan: (order: number) => order < 0,
  GreaterThan: (order: number) => order > 0,
  LessThanEquals: (order: number) => order <= 0,
  GreaterThanEquals: (order: number) => order >= 0,
} as const;

/** A binary comparison between the Variable's value and an operand (a literal, or a path's value). */
export interface ComparisonOperator {
  /** True for the *Path forms, whose operand is a path whose value is compared. */
  readonly operandIsPath: boolean;
  test(value: Json, operand: Json): boolean;
}

function byOrdering<T>(ordering: Ordering<T>, holds: (order: number) => boolean): ComparisonOperator['test'] {
  return (value, operand) => {
    const a = ordering.accept(value);
    const b = ordering.accept(operand);
    return a !== undefined && b !== undefined && holds(ordering.compare(a, b));
  };
}

function buildComparisonOperators(): ReadonlyMap<string, ComparisonOperator> {
  const table = new Map<string, ComparisonOperator>();
  const add = (name: string, test: ComparisonOperator['test']): void => {
    table.set(name, { operandIsPath: false, test });
    table.set(`${name}Path`, { operandIsPath: true, test });
  };
  for (const [relation, holds] of Object.entries(RELATIONS)) {
    add(`String${relation}`, byOrdering(stringOrdering, holds));
    add(`Numeric${relation}`, byOrdering(numericOrdering, holds));
    add(`Timestamp${relation}`, byOrdering(timestampOrdering, holds));
  }
  add('BooleanEquals', byOrdering(booleanOrdering, RELATIONS.Equals));
  // StringMatches has no Path form in ASL.
  table.set('StringMatches', {
    operandIsPath: false,
    test: (value, pattern) => typeof value === 'string' && typeof pattern === 'string' && stringMatches(value, pattern),
  });
  return table;
}

export const COMPARISON_OPERATORS = buildComparisonOperators();

/** The Is* type tests other than IsPresent: each asks one question of a value that exists. */
export const TYPE_TESTS: ReadonlyMap<string, (value: Json) => boolean> = new Map([
  ['IsNull', (value: Json) => value === null],
  ['IsNumeric', (value: Json) => typeof value === 'number'],
  ['IsString', (value: Json) => typeof value === 'string'],
  ['IsBoolean', (value: Json) => typeof value === 'boolean'],
  ['IsTimestamp', (value: Json) => typeof value === 'string' && parseOffsetDateTime(value) !== undefined],
]);
