import { COMPARISON_OPERATORS, TYPE_TESTS } from '../../../../src/engine/choice/operators';
import type { Json } from '../../../../src/engine/json';

function compare(operator: string, value: Json, operand: Json): boolean {
  const found = COMPARISON_OPERATORS.get(operator);
  if (found === undefined) throw new Error(`no operator ${operator}`);
  return found.test(value, operand);
}

const NON_STRINGS: Json[] = [null, 0, 1.5, true, false, [], [''], {}, { A: 0 }];
const NON_NUMBERS: Json[] = [null, '', '1', true, false, [], [1], {}, { A: 0 }];

describe('comparison operators', () => {
  it('has a Path form of every operator except StringMatches', () => {
    const names = [...COMPARISON_OPERATORS.keys()];
    // 17 operators, all but StringMatches with a Path form.
    expect(names).toHaveLength(33);
    for (const name of names.filter((n) => !n.endsWith('Path'))) {
      expect(COMPARISON_OPERATORS.has(`${name}Path`)).toBe(name !== 'StringMatches');
    }
    expect(COMPARISON_OPERATORS.get('NumericEqualsPath')?.operandIsPath).toBe(true);
    expect(COMPARISON_OPERATORS.get('NumericEquals')?.operandIsPath).toBe(false);
  });

  describe('String*', () => {
    it('orders strings by UTF-16 code unit', () => {
      expect(compare('StringLessThan', 'A', 'AB')).toBe(true);
      expect(compare('StringGreaterThan', 'A', 'A ')).toBe(false);
      expect(compare('StringGreaterThan', 'a', 'B')).toBe(true);
      expect(compare('StringLessThanEquals', '', '')).toBe(true);
      expect(compare('StringGreaterThanEquals', 'AB', 'A')).toBe(true);
      expect(compare('StringLessThan', '\uFFFF', '\u{1F600}')).toBe(false);
    });

    it('compares whitespace exactly', () => {
      expect(compare('StringEquals', '\t\n', '\t\r\n')).toBe(false);
      expect(compare('StringEquals', ' ', '     ')).toBe(false);
      expect(compare('StringEquals', 'Hello', 'Hello')).toBe(true);
    });

    it('is false for any value that is not a string', () => {
      for (const value of NON_STRINGS) {
        expect(compare('StringEquals', value, 'HelloWorld')).toBe(false);
        expect(compare('StringLessThan', value, 'zzz')).toBe(false);
        expect(compare('StringMatches', value, '*')).toBe(false);
      }
      expect(compare('StringEqualsPath', 'x', 1)).toBe(false);
    });
  });

  describe('Numeric*', () => {
    it('compares integers and decimals as numbers', () => {
      expect(compare('NumericEquals', 0, 0.0)).toBe(true);
      expect(compare('NumericEquals', 1, 1.0)).toBe(true);
      expect(compare('NumericEquals', 1.1, 1)).toBe(false);
      expect(compare('NumericLessThan', 0, 1)).toBe(true);
      expect(compare('NumericLessThan', 1, 1)).toBe(false);
      expect(compare('NumericLessThanEquals', 1, 1)).toBe(true);
      expect(compare('NumericGreaterThan', 1, 0)).toBe(true);
      expect(compare('NumericGreaterThanEquals', -1, 0)).toBe(false);
    });

    it('is false for any value that is not a number, including numeric strings and booleans', () => {
      for (const value of NON_NUMBERS) {
        expect(compare('NumericEquals', value, 1)).toBe(false);
        expect(compare('NumericGreaterThanEquals', value, -1e9)).toBe(false);
        expect(compare('NumericEqualsPath', 1, value)).toBe(false);
      }
    });
  });

  describe('BooleanEquals', () => {
    it('matches only booleans of the same value', () => {
      expect(compare('BooleanEquals', true, true)).toBe(true);
      expect(compare('BooleanEquals', false, false)).toBe(true);
      expect(compare('BooleanEquals', false, true)).toBe(false);
      for (const value of [null, 0, 1, '', 'true', [], {}]) expect(compare('BooleanEquals', value, false)).toBe(false);
    });
  });

  describe('Timestamp*', () => {
    it('compares instants, so the same moment at different offsets is equal', () => {
      expect(compare('TimestampEquals', '2012-10-09T19:00:55+01:00', '2012-10-09T18:00:55Z')).toBe(true);
      expect(compare('TimestampLessThan', '2012-10-09T19:00:55Z', '2012-10-09T19:00:56Z')).toBe(true);
      expect(compare('TimestampGreaterThan', '2012-10-09T19:00:55Z', '2012-10-09T19:00:55Z')).toBe(false);
      expect(compare('TimestampGreaterThanEquals', '2012-10-09T19:00:55Z', '2012-10-09T19:00:55Z')).toBe(true);
      expect(compare('TimestampLessThanEquals', '2012-10-09T19:00:56Z', '2012-10-09T19:00:55Z')).toBe(false);
    });

    it('sees sub-millisecond differences', () => {
      expect(compare('TimestampLessThan', '2016-03-05T21:29:29.243167251Z', '2016-03-05T21:29:29.243167252Z')).toBe(
        true,
      );
    });

    it('is false when the value is not a timestamp AWS accepts', () => {
      for (const value of [null, 0, '', ' ', '2023-02-24 12:15:56.832957', '2023-02-24', [], {}]) {
        expect(compare('TimestampEquals', value, '2012-10-09T19:00:55Z')).toBe(false);
        expect(compare('TimestampLessThan', value, '9999-12-31T23:59:59Z')).toBe(false);
      }
    });
  });
});

describe('type tests', () => {
  const cases: [Json, string][] = [
    [null, 'IsNull'],
    [0, 'IsNumeric'],
    [1.5, 'IsNumeric'],
    ['x', 'IsString'],
    [true, 'IsBoolean'],
    ['2012-10-09T19:00:55+01:00', 'IsTimestamp'],
  ];

  it.each(cases)('%j satisfies exactly the tests that fit it (%s)', (value, fits) => {
    for (const [name, test] of TYPE_TESTS) {
      const expected = name === fits || (name === 'IsString' && fits === 'IsTimestamp');
      expect([name, test(value)]).toEqual([name, expected]);
    }
  });

  it('IsTimestamp needs a string AWS parses as a timestamp', () => {
    const isTimestamp = TYPE_TESTS.get('IsTimestamp')!;
    expect(isTimestamp('2023-02-24')).toBe(false);
    expect(isTimestamp('2016-12-05 21:29:29Z')).toBe(false);
    expect(isTimestamp(1_700_000_000)).toBe(false);
  });

  it('no type test matches arrays or objects', () => {
    for (const test of TYPE_TESTS.values()) {
      expect(test([])).toBe(false);
      expect(test({ A: 0 })).toBe(false);
    }
  });
});
