import { diagnose, messages, single } from './helpers';

describe('state fields', () => {
  it('requires a known Type', () => {
    expect(messages(diagnose(single({ End: true })))).toEqual([
      'SCHEMA_VALIDATION_FAILED: These fields are required: [Type] at /States/A',
    ]);
    expect(messages(diagnose(single({ Type: 'Lambda', End: true })))[0]).toMatch(
      /The field 'Type' must be one of .* at \/States\/A\/Type$/,
    );
  });

  it('rejects fields a state type does not have', () => {
    expect(messages(diagnose(single({ Type: 'Fail', Next: 'A' })))).toEqual([
      "SCHEMA_VALIDATION_FAILED: Field 'Next' is not supported at /States/A",
    ]);
    expect(messages(diagnose(single({ Type: 'Succeed', Assign: { x: 1 } })))).toContain(
      "SCHEMA_VALIDATION_FAILED: Field 'Assign' is not supported at /States/A",
    );
    expect(messages(diagnose(single({ Type: 'Pass', Resource: 'x', End: true })))).toEqual([
      "SCHEMA_VALIDATION_FAILED: Field 'Resource' is not supported at /States/A",
    ]);
  });

  it('requires exactly one of Next and End: true on states that move on', () => {
    const neither = messages(diagnose(single({ Type: 'Pass' })));
    expect(neither).toContain(
      "SCHEMA_VALIDATION_FAILED: State 'A' must have exactly one of 'Next' or 'End': true at /States/A",
    );
    const both = messages(
      diagnose({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B', End: true }, B: { Type: 'Succeed' } } }),
    );
    expect(both).toContain(
      "SCHEMA_VALIDATION_FAILED: State 'A' must have exactly one of 'Next' or 'End': true at /States/A",
    );
    expect(messages(diagnose(single({ Type: 'Pass', End: false })))).toHaveLength(2);
  });

  it('rejects JSONPath-only fields in a JSONata state', () => {
    const state = { Type: 'Pass', QueryLanguage: 'JSONata', InputPath: '$', Parameters: {}, End: true };
    expect(messages(diagnose(single(state)))).toEqual([
      "SCHEMA_VALIDATION_FAILED: Field 'InputPath' is not supported when QueryLanguage is JSONata at /States/A",
      "SCHEMA_VALIDATION_FAILED: Field 'Parameters' is not supported when QueryLanguage is JSONata at /States/A",
    ]);
    const map = {
      Type: 'Map',
      ItemsPath: '$.x',
      ItemProcessor: { StartAt: 'B', States: { B: { Type: 'Succeed' } } },
      End: true,
    };
    expect(messages(diagnose(single(map, { QueryLanguage: 'JSONata' })))).toEqual([
      "SCHEMA_VALIDATION_FAILED: Field 'ItemsPath' is not supported when QueryLanguage is JSONata at /States/A",
    ]);
  });

  it('rejects JSONata-only fields in a JSONPath state, including in Choice rules', () => {
    expect(messages(diagnose(single({ Type: 'Pass', Output: {}, End: true })))).toEqual([
      "SCHEMA_VALIDATION_FAILED: Field 'Output' is not supported when QueryLanguage is JSONPath at /States/A",
    ]);
    const choice = { Type: 'Choice', Choices: [{ Condition: '{% true %}', Next: 'B' }] };
    const found = messages(diagnose({ StartAt: 'A', States: { A: choice, B: { Type: 'Succeed' } } }));
    expect(found).toContain("SCHEMA_VALIDATION_FAILED: Field 'Condition' is not supported at /States/A/Choices[0]");
  });

  it('allows a JSONata state in a JSONPath machine but not a JSONPath state in a JSONata machine (recorded wording)', () => {
    expect(diagnose(single({ Type: 'Pass', QueryLanguage: 'JSONata', Output: 1, End: true }))).toEqual([]);
    expect(
      messages(diagnose(single({ Type: 'Pass', QueryLanguage: 'JSONPath', End: true }, { QueryLanguage: 'JSONata' }))),
    ).toEqual([
      "SCHEMA_VALIDATION_FAILED: 'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine at /States/A",
    ]);
    expect(messages(diagnose(single({ Type: 'Pass', QueryLanguage: 'SQL', End: true })))[0]).toMatch(
      /'QueryLanguage' must be one of/,
    );
  });

  it('checks JSONPath syntax of path fields and payload templates', () => {
    expect(messages(diagnose(single({ Type: 'Pass', InputPath: 'input', End: true })))).toEqual([
      "SCHEMA_VALIDATION_FAILED: The value for the field 'InputPath' must be a valid JSONPath at /States/A/InputPath",
    ]);
    expect(messages(diagnose(single({ Type: 'Pass', ResultPath: '$.a[*]', End: true })))).toHaveLength(1);
    expect(messages(diagnose(single({ Type: 'Pass', Parameters: { x: { 'y.$': 'no path' } }, End: true })))).toEqual([
      "SCHEMA_VALIDATION_FAILED: The value for the field 'y.$' must be a valid JSONPath or a valid intrinsic function call at /States/A/Parameters/x/y.$",
    ]);
    const good = {
      Type: 'Pass',
      InputPath: null,
      ResultPath: '$.r',
      Parameters: { 'f.$': "States.Format('{}', $.a)", 'v.$': '$var', 'c.$': '$$.Execution.Id' },
      End: true,
    };
    expect(diagnose(single(good))).toEqual([]);
  });

  it('checks JSONata expression syntax', () => {
    const found = messages(
      diagnose(
        single({ Type: 'Pass', Output: { a: '{% $states.input. %}' }, End: true }, { QueryLanguage: 'JSONata' }),
      ),
    );
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      /^SCHEMA_VALIDATION_FAILED: The JSONata expression '\$states.input.' specified for the field 'Output\/a' is invalid: .* at \/States\/A\/Output\/a$/,
    );
  });

  it('rejects $states.result where no result exists, and $states.errorOutput outside a Catch', () => {
    const pass = messages(
      diagnose(single({ Type: 'Pass', Output: '{% $states.result %}', End: true }, { QueryLanguage: 'JSONata' })),
    );
    expect(pass).toEqual([
      "SCHEMA_VALIDATION_FAILED: The field 'Output' references '$states.result', which is not available here at /States/A/Output",
    ]);
    const taskArgs = {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Arguments: { p: '{% $states.result %}' },
      End: true,
    };
    expect(diagnose(single(taskArgs, { QueryLanguage: 'JSONata' }))).toHaveLength(1);
    const taskOutput = {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Output: '{% $states.result %}',
      Assign: { r: '{% $states.result %}' },
      End: true,
    };
    expect(diagnose(single(taskOutput, { QueryLanguage: 'JSONata' }))).toEqual([]);
    const errorOut = {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Output: '{% $states.errorOutput %}',
      End: true,
    };
    expect(messages(diagnose(single(errorOut, { QueryLanguage: 'JSONata' })))[0]).toMatch(
      /references '\$states.errorOutput'/,
    );
  });
});
