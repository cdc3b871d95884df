import { javaHashMapOrder } from '../../../src/engine/java-hash-order';
import { runDefinition } from '../../support/run-definition';

describe('javaHashMapOrder', () => {
  it.each([
    // Key sets and the order AWS printed them in (history recordings).
    [
      [
        'simpleArray',
        'partitionedArray',
        'containsElement',
        'numberRange',
        'thirdElement',
        'arraySize',
        'uniqueValues',
      ],
      [
        'uniqueValues',
        'simpleArray',
        'thirdElement',
        'partitionedArray',
        'arraySize',
        'containsElement',
        'numberRange',
      ],
    ],
    [
      ['Question', 'Answer'],
      ['Answer', 'Question'],
    ],
    [
      ['a', 'b', 'd', 'c'],
      ['a', 'b', 'c', 'd'],
    ],
    [
      ['context_object', 'execution', 'execution_id', 'execution_input', 'execution_name', 'execution_rolearn'],
      ['execution', 'execution_id', 'execution_input', 'execution_rolearn', 'execution_name', 'context_object'],
    ],
  ])('orders %j as %j', (keys, expected) => {
    expect(javaHashMapOrder(keys)).toEqual(expected);
  });

  it('grows the table past 12 keys as a HashMap does', () => {
    const keys = ['context_object', 'execution', 'execution_id', 'execution_input', 'execution_name'];
    const more = [...keys, 'execution_rolearn', 'execution_starttime', 'state', 'state_enteredtime'];
    const all = [...more, 'state_name', 'statemachine', 'statemachine_id', 'statemachine_name'];
    expect(javaHashMapOrder(all)).toEqual([
      'execution',
      'execution_rolearn',
      'execution_name',
      'statemachine_id',
      'execution_id',
      'execution_input',
      'execution_starttime',
      'state_name',
      'state_enteredtime',
      'statemachine',
      'state',
      'context_object',
      'statemachine_name',
    ]);
  });
});

describe('key order of built objects', () => {
  it('prints a payload template with its constant fields first, then its path fields in HashMap order', async () => {
    const { output } = await runDefinition(
      {
        StartAt: 'S',
        States: {
          S: {
            Type: 'Pass',
            End: true,
            Parameters: {
              'original_input.$': '$',
              'iteration_index.$': '$.i',
              constant_value: 'x',
              'from_input_constant.$': '$.i',
            },
          },
        },
      },
      { i: 1 },
    );
    expect(Object.keys(output as object)).toEqual([
      'constant_value',
      'from_input_constant',
      'iteration_index',
      'original_input',
    ]);
  });

  it('still reports the first failing path field in definition order', async () => {
    const { outcome } = await runDefinition({
      StartAt: 'S',
      States: { S: { Type: 'Pass', End: true, Parameters: { 'z.$': '$.missingZ', 'a.$': '$.missingA' } } },
    });
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.Runtime' });
    expect(outcome.status === 'FAILED' && outcome.cause).toContain("'z.$'");
  });

  it('prints States.JsonMerge results in HashMap order', async () => {
    const { output } = await runDefinition(
      {
        StartAt: 'S',
        States: { S: { Type: 'Pass', End: true, Parameters: { 'm.$': 'States.JsonMerge($.l, $.r, false)' } } },
      },
      { l: { constant_in_literal: 'false' }, r: { constant_input_field: 'v' } },
    );
    expect(Object.keys((output as { m: object }).m)).toEqual(['constant_input_field', 'constant_in_literal']);
  });
});
