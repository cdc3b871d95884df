import { evaluateChoiceRule } from '../../../../src/engine/choice';
import type { PathLookup } from '../../../../src/engine/choice';
import type { ChoiceRule } from '../../../../src/engine/asl';
import { isStatesError } from '../../../../src/engine/errors';
import type { Json, JsonObject } from '../../../../src/engine/json';

/** A lookup over top-level fields of `input` (`$.name`) and of `variables` (`$name`), recording each path. */
function fakeLookup(input: JsonObject, variables: JsonObject = {}): PathLookup & { paths: string[] } {
  const paths: string[] = [];
  const lookup = (path: string): { found: true; value: Json } | { found: false } => {
    paths.push(path);
    const [source, key] = path.startsWith('$.') ? [input, path.slice(2)] : [variables, path.slice(1)];
    return Object.hasOwn(source, key) ? { found: true, value: source[key]! } : { found: false };
  };
  return Object.assign(lookup, { paths });
}

function errorOf(run: () => unknown): { error: string | null; cause: string | null } {
  try {
    run();
  } catch (e) {
    if (isStatesError(e)) return { error: e.error, cause: e.cause };
    throw e;
  }
  throw new Error('expected a StatesError');
}

describe('evaluateChoiceRule', () => {
  describe('comparisons', () => {
    it('compares the Variable with a literal operand', () => {
      const lookup = fakeLookup({ value: 22, type: 'Private' });
      expect(evaluateChoiceRule({ Variable: '$.value', NumericEquals: 22, Next: 'X' }, lookup)).toBe(true);
      expect(evaluateChoiceRule({ Variable: '$.value', NumericLessThan: 22 }, lookup)).toBe(false);
      expect(evaluateChoiceRule({ Variable: '$.type', StringEquals: 'Private' }, lookup)).toBe(true);
      expect(evaluateChoiceRule({ Variable: '$.type', StringMatches: 'Pri*' }, lookup)).toBe(true);
    });

    it('compares with the value a *Path operand selects, from input or variables', () => {
      const lookup = fakeLookup({ a: 1, b: 1.0, c: 2 }, { limit: 2 });
      expect(evaluateChoiceRule({ Variable: '$.a', NumericEqualsPath: '$.b' }, lookup)).toBe(true);
      expect(evaluateChoiceRule({ Variable: '$.a', NumericLessThanPath: '$.c' }, lookup)).toBe(true);
      expect(evaluateChoiceRule({ Variable: '$.c', NumericGreaterThanEqualsPath: '$limit' }, lookup)).toBe(true);
      expect(evaluateChoiceRule({ Variable: '$limit', NumericEquals: 2 }, lookup)).toBe(true);
    });

    it('is false, not an error, when the types differ', () => {
      const lookup = fakeLookup({ s: '1', n: 1, t: 'not a time' });
      expect(evaluateChoiceRule({ Variable: '$.s', NumericEquals: 1 }, lookup)).toBe(false);
      expect(evaluateChoiceRule({ Variable: '$.n', StringEqualsPath: '$.s' }, lookup)).toBe(false);
      expect(evaluateChoiceRule({ Variable: '$.t', TimestampLessThan: '2020-01-01T00:00:00Z' }, lookup)).toBe(false);
    });
  });

  describe('type tests', () => {
    it('compare the answer with the operand, so IsX: false holds for other types', () => {
      const lookup = fakeLookup({ nothing: null, zero: 0 });
      expect(evaluateChoiceRule({ Variable: '$.nothing', IsNull: true }, lookup)).toBe(true);
      expect(evaluateChoiceRule({ Variable: '$.nothing', IsNull: false }, lookup)).toBe(false);
      expect(evaluateChoiceRule({ Variable: '$.zero', IsString: false }, lookup)).toBe(true);
      expect(evaluateChoiceRule({ Variable: '$.zero', IsNumeric: true }, lookup)).toBe(true);
    });

    it('IsPresent answers for missing paths instead of failing, and null counts as present', () => {
      const lookup = fakeLookup({ nothing: null });
      expect(evaluateChoiceRule({ Variable: '$.nothing', IsPresent: true }, lookup)).toBe(true);
      expect(evaluateChoiceRule({ Variable: '$.missing', IsPresent: true }, lookup)).toBe(false);
      expect(evaluateChoiceRule({ Variable: '$.missing', IsPresent: false }, lookup)).toBe(true);
      expect(evaluateChoiceRule({ Variable: '$undeclared', IsPresent: false }, lookup)).toBe(true);
    });
  });

  describe('And, Or, Not', () => {
    const lookup = fakeLookup({ value: 25, type: 'Private' });
    const inTwenties: ChoiceRule = {
      And: [
        { Variable: '$.value', NumericGreaterThanEquals: 20 },
        { Variable: '$.value', NumericLessThan: 30 },
      ],
    };

    it('combine nested rules', () => {
      expect(evaluateChoiceRule(inTwenties, lookup)).toBe(true);
      expect(evaluateChoiceRule({ Not: inTwenties }, lookup)).toBe(false);
      expect(evaluateChoiceRule({ Not: { Variable: '$.type', StringEquals: 'Private' } }, lookup)).toBe(false);
      expect(
        evaluateChoiceRule(
          { Or: [{ Variable: '$.value', NumericEquals: 0 }, { Not: inTwenties }, inTwenties] },
          lookup,
        ),
      ).toBe(true);
      expect(evaluateChoiceRule({ And: [{ Variable: '$.type', StringEquals: 'Private' }] }, lookup)).toBe(true);
    });

    it('stop at the first deciding rule, so an IsPresent guard protects the rules after it', () => {
      const guarded: ChoiceRule = {
        And: [
          { Variable: '$.maybe', IsPresent: true },
          { Variable: '$.maybe', StringEquals: 'foo' },
        ],
      };
      const empty = fakeLookup({});
      expect(evaluateChoiceRule(guarded, empty)).toBe(false);
      expect(empty.paths).toEqual(['$.maybe']);

      const either = fakeLookup({ ok: true });
      const orRule: ChoiceRule = {
        Or: [
          { Variable: '$.ok', BooleanEquals: true },
          { Variable: '$.missing', BooleanEquals: true },
        ],
      };
      expect(evaluateChoiceRule(orRule, either)).toBe(true);
      expect(either.paths).toEqual(['$.ok']);
    });
  });

  describe('missing values', () => {
    it('fail with States.Runtime naming the Variable path when it selects nothing', () => {
      const lookup = fakeLookup({});
      for (const rule of [
        { Variable: '$.approved', BooleanEquals: true },
        { Variable: '$.approved', IsNull: false },
        { Variable: '$.approved', StringMatches: '*' },
      ]) {
        expect(errorOf(() => evaluateChoiceRule(rule, lookup))).toEqual({
          error: 'States.Runtime',
          cause: "Invalid path '$.approved': The choice state's condition path references an invalid value.",
        });
      }
    });

    it('fail naming the operand path when a *Path operand selects nothing', () => {
      const lookup = fakeLookup({ left: 8 });
      expect(errorOf(() => evaluateChoiceRule({ Variable: '$.left', NumericEqualsPath: '$.right' }, lookup))).toEqual({
        error: 'States.Runtime',
        cause: "Invalid path '$.right': The choice state's condition path references an invalid value.",
      });
    });

    it('report the Variable first when both paths are missing', () => {
      const lookup = fakeLookup({});
      expect(errorOf(() => evaluateChoiceRule({ Variable: '$.a', StringEqualsPath: '$.b' }, lookup)).cause).toContain(
        "'$.a'",
      );
    });
  });

  it('raises States.Runtime for a rule without a known operator', () => {
    const lookup = fakeLookup({ a: 1 });
    expect(errorOf(() => evaluateChoiceRule({ Variable: '$.a', NumericEqualz: 1 }, lookup)).error).toBe(
      'States.Runtime',
    );
    expect(errorOf(() => evaluateChoiceRule({ NumericEquals: 1 }, lookup)).error).toBe('States.Runtime');
  });
});
