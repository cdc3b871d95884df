import { selectPath } from '../../../../src/engine/jsonpath';
import { scopeOf } from './scope';
import { aslFailure } from '../../../support/thrown';

describe('selectPath', () => {
  const input = { a: { b: 1, s: 'text', n: null, list: [1] } };
  const scope = scopeOf(input, { v: 5 });

  it('gives the whole input for undefined and $, and {} for null', () => {
    expect(selectPath(undefined, scope)).toBe(input);
    expect(selectPath('$', scope)).toBe(input);
    expect(selectPath(null, scope)).toEqual({});
  });

  it('selects paths, context paths and variables', () => {
    expect(selectPath('$.a.b', scope)).toBe(1);
    expect(selectPath('$$.Execution.Input', scope)).toEqual({ original: true });
    expect(selectPath('$v', scope)).toBe(5);
  });

  it('fails with AWS text when the leaf is missing', () => {
    expect(aslFailure(() => selectPath('$.NoSuchInputPath', scope))).toEqual({
      error: 'States.Runtime',
      cause: "Invalid path '$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']",
    });
    expect(aslFailure(() => selectPath('$.a.list[3]', scope))).toEqual({
      error: 'States.Runtime',
      cause: "Invalid path '$.a.list[3]' : No results for path: $['a']['list'][3]",
    });
  });

  it("fails with Jayway's texts when the path breaks before its leaf", () => {
    expect(aslFailure(() => selectPath('$.x.y', scope))).toEqual({
      error: 'States.Runtime',
      cause: "Invalid path '$.x.y' : Missing property in path $['x']",
    });
    expect(aslFailure(() => selectPath('$.a.s.y', scope))).toMatchObject({
      cause: expect.stringContaining(
        "Expected to find an object with property ['y'] in path $['a']['s'] but found 'java.lang.String'",
      ) as unknown,
    });
    expect(aslFailure(() => selectPath('$.a.n[0]', scope))).toMatchObject({
      cause: "Invalid path '$.a.n[0]' : The path $['a']['n'] is null",
    });
  });

  it('yields [] for an indefinite path with no match', () => {
    expect(selectPath('$.nothing[*]', scope)).toEqual([]);
  });
});
