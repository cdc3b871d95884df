import { variableReferences } from '../../../../src/engine/validation/variable-references';

const machine = (states: Record<string, unknown>): string =>
  JSON.stringify({ StartAt: Object.keys(states)[0], States: states });

describe('variableReferences', () => {
  it('lists the variables each state reads, nested states under their own names', () => {
    const text = machine({
      A: { Type: 'Pass', Assign: { x: 1, y: '$notAPath' }, Next: 'B' },
      B: {
        Type: 'Choice',
        Choices: [{ Variable: '$guess', StringEqualsPath: '$answer.value', Next: 'C' }],
        Default: 'C',
      },
      C: {
        Type: 'Map',
        ItemsPath: '$items',
        ItemSelector: { 'v.$': "States.Format('{} $ignored', $template)", literal: '$notRead' },
        ItemProcessor: { StartAt: 'In', States: { In: { Type: 'Wait', SecondsPath: '$delay', End: true } } },
        End: true,
      },
    });
    expect(variableReferences(text)).toEqual({ B: ['answer', 'guess'], C: ['items', 'template'], In: ['delay'] });
  });

  it('reads JSONata expressions, leaving out $states and function calls', () => {
    const text = machine({
      J: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $not($states.input.done) and $flag %}', End: true },
    });
    expect(variableReferences(text)).toEqual({ J: ['flag'] });
  });

  it('has no map for a definition that reads no variable', () => {
    expect(variableReferences(machine({ P: { Type: 'Pass', InputPath: '$.a', End: true } }))).toBeUndefined();
  });
});
