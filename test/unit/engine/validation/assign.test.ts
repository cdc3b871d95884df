import { diagnose, messages, single } from './helpers';

describe('Assign', () => {
  it('accepts identifiers up to 80 characters, and JSONPath `.$` keys', () => {
    expect(
      diagnose(
        single({ Type: 'Pass', Assign: { x: 1, _y: 2, 'z.$': '$.a', ['v'.repeat(80)]: 3, ünïcode: 4 }, End: true }),
      ),
    ).toEqual([]);
  });

  it.each(['x.y', '1x', 'a-b', 'has space'])('rejects variable name %p', (name) => {
    const found = messages(diagnose(single({ Type: 'Pass', Assign: { [name]: 1 }, End: true })));
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(`Variable name '${name}' is not valid`);
  });

  it('rejects a variable name over 80 characters', () => {
    const name = 'v'.repeat(81);
    expect(messages(diagnose(single({ Type: 'Pass', Assign: { [name]: 1 }, End: true })))).toEqual([
      `SCHEMA_VALIDATION_FAILED: Variable name '${name}' exceeds 80 characters at /States/A/Assign/${name}`,
    ]);
  });

  it('checks values in the state query language', () => {
    expect(diagnose(single({ Type: 'Pass', Assign: { 'x.$': 'not a path' }, End: true }))).toHaveLength(1);
    expect(
      diagnose(single({ Type: 'Pass', QueryLanguage: 'JSONata', Assign: { x: '{% ( %}' }, End: true })),
    ).toHaveLength(1);
    expect(messages(diagnose(single({ Type: 'Pass', Assign: [1], End: true })))).toEqual([
      "SCHEMA_VALIDATION_FAILED: The field 'Assign' must be a JSON object at /States/A/Assign",
    ]);
  });
});
