import { diagnose, messages, single } from './helpers';

describe('scopes and transitions', () => {
  it('rejects StartAt naming no state', () => {
    expect(messages(diagnose({ StartAt: 'Nope', States: { A: { Type: 'Succeed' } } }))).toContain(
      "MISSING_TRANSITION_TARGET: Missing 'Next' target: Nope at /StartAt",
    );
  });

  it('rejects Next, Default and Catch.Next naming no state', () => {
    const found = messages(
      diagnose({
        StartAt: 'C',
        States: {
          C: { Type: 'Choice', Choices: [{ Variable: '$.x', IsNull: true, Next: 'Gone1' }], Default: 'Gone2' },
          T: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Gone3' }],
            End: true,
          },
        },
      }),
    );
    expect(found).toEqual(
      expect.arrayContaining([
        "MISSING_TRANSITION_TARGET: Missing 'Next' target: Gone1 at /States/C/Choices[0]/Next",
        "MISSING_TRANSITION_TARGET: Missing 'Next' target: Gone2 at /States/C/Default",
        "MISSING_TRANSITION_TARGET: Missing 'Next' target: Gone3 at /States/T/Catch[0]/Next",
      ]),
    );
  });

  it('rejects states unreachable from StartAt, but not ones reached through Choice or Catch', () => {
    const found = messages(
      diagnose({
        StartAt: 'A',
        States: {
          A: { Type: 'Choice', Choices: [{ Variable: '$.x', IsNull: true, Next: 'B' }], Default: 'C' },
          B: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Catch: [{ ErrorEquals: ['States.ALL'], Next: 'D' }],
            End: true,
          },
          C: { Type: 'Succeed' },
          D: { Type: 'Succeed' },
          Orphan: { Type: 'Succeed' },
        },
      }),
    );
    expect(found).toEqual(['MISSING_TRANSITION_TARGET: State "Orphan" is not reachable. at /States/Orphan']);
  });

  it('rejects a transition out of a Parallel branch into the enclosing scope', () => {
    const found = messages(
      diagnose({
        StartAt: 'P',
        States: {
          P: {
            Type: 'Parallel',
            Branches: [{ StartAt: 'B1', States: { B1: { Type: 'Pass', Next: 'Done' } } }],
            Next: 'Done',
          },
          Done: { Type: 'Succeed' },
        },
      }),
    );
    expect(found).toContain(
      "MISSING_TRANSITION_TARGET: Missing 'Next' target: Done at /States/P/Branches[0]/States/B1/Next",
    );
  });

  it('rejects a state name used again in a nested Map or Parallel scope', () => {
    const found = messages(
      diagnose({
        StartAt: 'X',
        States: {
          X: {
            Type: 'Map',
            ItemProcessor: { StartAt: 'X2', States: { X2: { Type: 'Pass', Next: 'Y' }, Y: { Type: 'Succeed' } } },
            Next: 'Y',
          },
          Y: { Type: 'Succeed' },
        },
      }),
    );
    expect(found).toContain('DUPLICATE_STATE_NAME: Duplicate State name: Y at /States/Y');
  });

  it('rejects a scope without any terminal state', () => {
    const found = messages(
      diagnose({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' } } }),
    );
    expect(found).toContain('MISSING_TERMINAL_STATE: Workflow has no terminal state at /States');
  });

  it('rejects empty States, empty or missing Branches and a malformed ItemProcessor', () => {
    expect(messages(diagnose({ StartAt: 'A', States: {} }))).toEqual([
      "SCHEMA_VALIDATION_FAILED: The field 'States' should be a non-empty JSON object at /States",
    ]);
    expect(messages(diagnose(single({ Type: 'Parallel', Branches: [], End: true })))).toEqual([
      "SCHEMA_VALIDATION_FAILED: The field 'Branches' must be a non-empty array at /States/A/Branches",
    ]);
    expect(
      messages(diagnose(single({ Type: 'Map', ItemProcessor: { States: { B: { Type: 'Succeed' } } }, End: true }))),
    ).toEqual(['SCHEMA_VALIDATION_FAILED: These fields are required: [StartAt] at /States/A/ItemProcessor']);
  });

  it('rejects unknown fields in a branch', () => {
    const found = messages(
      diagnose(
        single({
          Type: 'Parallel',
          Branches: [{ StartAt: 'B', States: { B: { Type: 'Succeed' } }, Extra: 1 }],
          End: true,
        }),
      ),
    );
    expect(found).toEqual(["SCHEMA_VALIDATION_FAILED: Field 'Extra' is not supported at /States/A/Branches[0]"]);
  });
});
