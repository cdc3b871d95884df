import { evaluatePayloadTemplate } from '../../../../src/engine/jsonpath';
import { scopeOf } from './scope';
import { aslFailure } from '../../../support/thrown';

describe('evaluatePayloadTemplate', () => {
  const input = { name: 'Ada', items: [1, 2], nested: { deep: true } };
  const scope = scopeOf(input, { greeting: 'hi' });

  it('replaces "key.$" entries by path values and keeps other entries', () => {
    expect(
      evaluatePayloadTemplate(
        {
          'who.$': '$.name',
          'ctx.$': '$$.State.Name',
          'var.$': '$greeting',
          literal: '$.name',
          Comment: 'kept',
        },
        scope,
      ),
    ).toEqual({ who: 'Ada', ctx: 'Step', var: 'hi', literal: '$.name', Comment: 'kept' });
  });

  it('recurses through objects and arrays', () => {
    expect(
      evaluatePayloadTemplate(
        { outer: { 'inner.$': '$.nested.deep' }, list: [{ 'x.$': '$.items[1]' }, 'plain'] },
        scope,
      ),
    ).toEqual({ outer: { inner: true }, list: [{ x: 2 }, 'plain'] });
  });

  it('evaluates intrinsic functions', () => {
    expect(evaluatePayloadTemplate({ 'msg.$': "States.Format('{} says {}', $.name, $greeting)" }, scope)).toEqual({
      msg: 'Ada says hi',
    });
  });

  it('fails with the field and the input when a path matches nothing', () => {
    expect(aslFailure(() => evaluatePayloadTemplate({ 'value.$': '$.no_such_jsonpath' }, scope))).toEqual({
      error: 'States.Runtime',
      cause:
        "The JSONPath '$.no_such_jsonpath' specified for the field 'value.$' could not be found in the input " +
        '\'{"name":"Ada","items":[1,2],"nested":{"deep":true}}\'',
    });
  });

  it('fails the same way when an intrinsic argument path matches nothing', () => {
    expect(aslFailure(() => evaluatePayloadTemplate({ 'v.$': 'States.Array($.missing)' }, scope))).toMatchObject({
      error: 'States.Runtime',
      cause: expect.stringContaining("The JSONPath '$.missing' specified for the field 'v.$'") as unknown,
    });
  });

  it('shares constant parts with the template and never mutates the template', () => {
    const constant = { a: [1, 2] };
    const template = { constant, 'n.$': '$.name' };
    const snapshot = JSON.stringify(template);
    const out = evaluatePayloadTemplate(template, scope) as { constant: unknown };
    expect(out.constant).toBe(constant);
    expect(JSON.stringify(template)).toBe(snapshot);
    // The compiled form is reused: a second run gives an equal but new object.
    const again = evaluatePayloadTemplate(template, scope);
    expect(again).toEqual(out);
    expect(again).not.toBe(out);
  });

  it('returns non-object templates unchanged', () => {
    expect(evaluatePayloadTemplate('text', scope)).toBe('text');
    expect(evaluatePayloadTemplate(null, scope)).toBeNull();
  });
});
