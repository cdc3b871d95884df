import { diagnose, messages, single } from './helpers';

const task = (extra: Record<string, unknown>): unknown =>
  single({ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true, ...extra });

describe('Retry and Catch', () => {
  it('accepts a full retrier', () => {
    const retrier = {
      ErrorEquals: ['States.Timeout'],
      IntervalSeconds: 1,
      MaxAttempts: 0,
      BackoffRate: 1,
      MaxDelaySeconds: 10,
      JitterStrategy: 'FULL',
    };
    expect(diagnose(task({ Retry: [retrier, { ErrorEquals: ['States.ALL'] }] }))).toEqual([]);
  });

  it('requires States.ALL alone and last', () => {
    expect(messages(diagnose(task({ Retry: [{ ErrorEquals: ['States.ALL', 'X'] }] })))).toEqual([
      'SCHEMA_VALIDATION_FAILED: States.ALL must appear alone in ErrorEquals and only in the last retrier or catcher at /States/A/Retry[0]/ErrorEquals',
    ]);
    expect(diagnose(task({ Retry: [{ ErrorEquals: ['States.ALL'] }, { ErrorEquals: ['X'] }] }))).toHaveLength(1);
    const catchers = [
      { ErrorEquals: ['States.ALL'], Next: 'A' },
      { ErrorEquals: ['X'], Next: 'A' },
    ];
    expect(messages(diagnose(task({ Catch: catchers })))[0]).toMatch(
      /States.ALL must appear alone .* at \/States\/A\/Catch\[0\]\/ErrorEquals$/,
    );
  });

  it('requires a non-empty ErrorEquals', () => {
    expect(messages(diagnose(task({ Retry: [{ ErrorEquals: [] }] })))[0]).toMatch(
      /'ErrorEquals' must be a non-empty array/,
    );
    expect(messages(diagnose(task({ Retry: [{ MaxAttempts: 1 }] })))).toEqual([
      'SCHEMA_VALIDATION_FAILED: These fields are required: [ErrorEquals] at /States/A/Retry[0]',
    ]);
  });

  it.each([
    ['MaxAttempts', -1],
    ['MaxAttempts', 1.5],
    ['BackoffRate', 0.5],
    ['IntervalSeconds', 0],
    ['MaxDelaySeconds', 0],
    ['MaxDelaySeconds', 31622401],
    ['JitterStrategy', 'SOME'],
  ])('rejects %s = %p', (name, value) => {
    const found = messages(diagnose(task({ Retry: [{ ErrorEquals: ['X'], [name]: value }] })));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`The field '${name}' must be .* at /States/A/Retry\\[0\\]/${name}$`));
  });

  it('rejects unknown retrier and catcher fields, and catchers without Next', () => {
    expect(messages(diagnose(task({ Retry: [{ ErrorEquals: ['X'], Foo: 1 }] })))).toEqual([
      "SCHEMA_VALIDATION_FAILED: Field 'Foo' is not supported at /States/A/Retry[0]",
    ]);
    expect(messages(diagnose(task({ Catch: [{ ErrorEquals: ['X'] }] })))).toEqual([
      'SCHEMA_VALIDATION_FAILED: These fields are required: [Next] at /States/A/Catch[0]',
    ]);
  });

  it('uses the query language for catcher fields; errorOutput is available in a JSONata catcher', () => {
    const jsonataCatch = {
      ErrorEquals: ['X'],
      Next: 'A',
      Output: '{% $states.errorOutput %}',
      Assign: { e: '{% $states.errorOutput.Error %}' },
    };
    expect(diagnose(task({ QueryLanguage: 'JSONata', Catch: [jsonataCatch] }))).toEqual([]);
    expect(messages(diagnose(task({ Catch: [{ ErrorEquals: ['X'], Next: 'A', Output: {} }] })))).toEqual([
      "SCHEMA_VALIDATION_FAILED: Field 'Output' is not supported at /States/A/Catch[0]",
    ]);
    const resultInCatch = { ErrorEquals: ['X'], Next: 'A', Output: '{% $states.result %}' };
    expect(messages(diagnose(task({ QueryLanguage: 'JSONata', Catch: [resultInCatch] })))[0]).toMatch(
      /references '\$states.result'/,
    );
  });
});
