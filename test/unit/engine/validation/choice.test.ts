import { diagnose, messages } from './helpers';

const choice = (
  rules: unknown[],
  extra: Record<string, unknown> = {},
  topLevel: Record<string, unknown> = {},
): unknown => ({
  ...topLevel,
  StartAt: 'C',
  States: { C: { Type: 'Choice', Choices: rules, Default: 'B', ...extra }, B: { Type: 'Succeed' } },
});

describe('Choice', () => {
  it('accepts nested And/Or/Not rules and JSONata conditions', () => {
    const rule = {
      And: [{ Variable: '$.a', StringEquals: 'x' }, { Not: { Variable: '$.b', IsNull: true } }],
      Next: 'B',
    };
    expect(diagnose(choice([rule, { Variable: '$.n', NumericGreaterThanPath: '$.m', Next: 'B' }]))).toEqual([]);
    expect(
      diagnose(
        choice(
          [
            { Condition: '{% $states.input.a %}', Next: 'B', Output: 1 },
            { Condition: true, Next: 'B' },
          ],
          {},
          { QueryLanguage: 'JSONata' },
        ),
      ),
    ).toEqual([]);
  });

  it('requires non-empty Choices with Next on each top-level rule only', () => {
    expect(messages(diagnose(choice([])))).toEqual([
      "SCHEMA_VALIDATION_FAILED: The field 'Choices' must be a non-empty array at /States/C/Choices",
    ]);
    expect(messages(diagnose(choice([{ Variable: '$.a', IsNull: true }])))).toEqual([
      'SCHEMA_VALIDATION_FAILED: These fields are required: [Next] at /States/C/Choices[0]',
    ]);
    const nestedNext = { Not: { Variable: '$.a', IsNull: true, Next: 'B' }, Next: 'B' };
    expect(messages(diagnose(choice([nestedNext])))).toEqual([
      "SCHEMA_VALIDATION_FAILED: Field 'Next' is not supported at /States/C/Choices[0]/Not",
    ]);
  });

  it('requires exactly one operator, a Variable, and operands of the right type', () => {
    expect(messages(diagnose(choice([{ Variable: '$.a', IsNull: true, IsString: true, Next: 'B' }])))[0]).toMatch(
      /exactly one comparison operator/,
    );
    expect(messages(diagnose(choice([{ StringEquals: 'x', Next: 'B' }])))).toEqual([
      'SCHEMA_VALIDATION_FAILED: These fields are required: [Variable] at /States/C/Choices[0]',
    ]);
    expect(messages(diagnose(choice([{ Variable: '$.a', NumericEquals: '1', Next: 'B' }])))).toEqual([
      "SCHEMA_VALIDATION_FAILED: The field 'NumericEquals' must be a number at /States/C/Choices[0]/NumericEquals",
    ]);
    expect(diagnose(choice([{ Variable: 'a', IsNull: true, Next: 'B' }]))).toHaveLength(1);
  });

  it('requires Condition in a JSONata rule', () => {
    expect(messages(diagnose(choice([{ Next: 'B' }], {}, { QueryLanguage: 'JSONata' })))).toEqual([
      'SCHEMA_VALIDATION_FAILED: These fields are required: [Condition] at /States/C/Choices[0]',
    ]);
  });
});
