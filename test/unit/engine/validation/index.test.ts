import * as fs from 'fs';
import * as path from 'path';
import { invalidDefinitionMessage, validateDefinition } from '../../../../src/engine/validation';

describe('validateDefinition: the document', () => {
  it('accepts a minimal definition', () => {
    expect(validateDefinition('{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}')).toEqual({
      result: 'OK',
      diagnostics: [],
    });
  });

  it('reports blank text as not a JSON object, without location (recorded AWS shape)', () => {
    expect(validateDefinition(' ')).toEqual({
      result: 'FAIL',
      diagnostics: [
        { severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: 'Definition must be a valid JSON object' },
      ],
    });
  });

  it('reports non-object JSON as not a JSON object', () => {
    expect(validateDefinition('[1]').diagnostics[0]?.message).toBe('Definition must be a valid JSON object');
  });

  it('reports a bare word the way Jackson does', () => {
    const [diagnostic] = validateDefinition('not a definition').diagnostics;
    expect(diagnostic).toEqual({
      severity: 'ERROR',
      code: 'INVALID_JSON_DESCRIPTION',
      location: '[Source: (String)"not a definition"; line: 1, column: 4]',
      message:
        "Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')\n at [Source: (String)\"not a definition\"; line: 1, column: 4]",
    });
  });

  it('reports other syntax errors as INVALID_JSON_DESCRIPTION', () => {
    expect(validateDefinition('{"StartAt": }').diagnostics[0]?.code).toBe('INVALID_JSON_DESCRIPTION');
  });

  it('requires States and StartAt, in the order AWS lists them', () => {
    expect(validateDefinition('{}').diagnostics).toEqual([
      {
        severity: 'ERROR',
        code: 'SCHEMA_VALIDATION_FAILED',
        location: '/',
        message: 'These fields are required: [States, StartAt]',
      },
    ]);
    expect(validateDefinition('{"States":{"A":{"Type":"Succeed"}}}').diagnostics[0]?.message).toBe(
      'These fields are required: [StartAt]',
    );
  });

  it('rejects unknown top-level fields, a bad top-level QueryLanguage and TimeoutSeconds', () => {
    const text = JSON.stringify({
      StartAt: 'A',
      States: { A: { Type: 'Succeed' } },
      Foo: 1,
      QueryLanguage: 'XPath',
      TimeoutSeconds: 0,
    });
    const found = validateDefinition(text).diagnostics.map((d) => d.location);
    expect(found).toEqual(expect.arrayContaining(['/', '/QueryLanguage', '/TimeoutSeconds']));
  });
});

describe('invalidDefinitionMessage', () => {
  it('quotes one error once, as CreateStateMachine words it', () => {
    expect(invalidDefinitionMessage(validateDefinition('{"StartAt":"A"}'))).toBe(
      "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required: [States] at /'",
    );
  });

  it('quotes each of several errors and joins them', () => {
    const text = JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'X' }, B: { Type: 'Succeed' } } });
    expect(invalidDefinitionMessage(validateDefinition(text))).toBe(
      "Invalid State Machine Definition: ''MISSING_TRANSITION_TARGET: Missing 'Next' target: X at /States/A/Next', " +
        "'MISSING_TRANSITION_TARGET: State \"B\" is not reachable. at /States/B''",
    );
  });
});

// The shared conformance set holds only definitions real AWS accepted; none may be rejected. It is read where
// scripts/conformance.mjs reads it (docs/conformance.md): FANOUT_SHARED, else ../shared beside the checkout. Outside
// CI a checkout without it skips this suite; in CI (CI=true) a missing folder fails it.
const sharedDir = path.resolve(process.env.FANOUT_SHARED ?? path.resolve(__dirname, '../../../../../shared'));
const casesDir = path.join(sharedDir, 'conformance/cases');
if (!fs.existsSync(casesDir) && process.env.CI === 'true') {
  describe('validateDefinition: AWS-accepted conformance definitions', () => {
    it('finds the shared conformance cases', () => {
      throw new Error(`${casesDir} not found (set FANOUT_SHARED to the shared folder)`);
    });
  });
}
const describeIfCases = fs.existsSync(casesDir) ? describe : describe.skip;
describeIfCases('validateDefinition: AWS-accepted conformance definitions', () => {
  it('accepts every one of them', () => {
    const rejected: string[] = [];
    const files = fs.readdirSync(casesDir).filter((name) => name.endsWith('.json'));
    for (const file of files) {
      const testCase = JSON.parse(fs.readFileSync(path.join(casesDir, file), 'utf8')) as {
        definition: unknown;
        definitionText?: string;
      };
      const result = validateDefinition(testCase.definitionText ?? JSON.stringify(testCase.definition));
      if (result.result !== 'OK') rejected.push(`${file}: ${invalidDefinitionMessage(result)}`);
    }
    expect(files.length).toBeGreaterThan(0);
    expect(rejected).toEqual([]);
  });
});
