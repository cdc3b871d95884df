import { parseJsonPath, PathSyntaxError } from '../../../../src/engine/jsonpath';
import { thrown } from '../../../support/thrown';

describe('parseJsonPath', () => {
  it('parses roots: input, context and variables', () => {
    expect(parseJsonPath('$').root).toEqual({ kind: 'input' });
    expect(parseJsonPath('$$.Execution').root).toEqual({ kind: 'context' });
    expect(parseJsonPath('$myVar.a').root).toEqual({ kind: 'variable', name: 'myVar' });
  });

  it('parses dot, bracket, index, slice and union segments', () => {
    expect(parseJsonPath("$.a['b c'][-1][1:3][0,2]['x','y']").segments).toEqual([
      { kind: 'property', name: 'a' },
      { kind: 'property', name: 'b c' },
      { kind: 'index', index: -1 },
      { kind: 'slice', start: 1, end: 3, step: undefined },
      { kind: 'indexes', indexes: [0, 2] },
      { kind: 'properties', names: ['x', 'y'] },
    ]);
  });

  it('keeps dashes and other characters in dot names', () => {
    expect(parseJsonPath('$.input-value.a:b').segments).toEqual([
      { kind: 'property', name: 'input-value' },
      { kind: 'property', name: 'a:b' },
    ]);
  });

  it('marks paths definite or indefinite', () => {
    expect(parseJsonPath('$.a[0].b').definite).toBe(true);
    expect(parseJsonPath("$['a','b']").definite).toBe(true);
    expect(parseJsonPath("$['a','b'].c").definite).toBe(false);
    expect(parseJsonPath('$.a[*]').definite).toBe(false);
    expect(parseJsonPath('$..a').definite).toBe(false);
    expect(parseJsonPath('$.a[?(@.x)]').definite).toBe(false);
    expect(parseJsonPath('$.a[*].length()').definite).toBe(true);
  });

  it('parses filters with precedence of && over ||', () => {
    const path = parseJsonPath('$.a[?(@.x == 1 || @.y > 2 && !@.z)]');
    const filter = path.segments[1];
    expect(filter?.kind).toBe('filter');
    if (filter?.kind !== 'filter') return;
    expect(filter.expression.kind).toBe('or');
    if (filter.expression.kind !== 'or') return;
    expect(filter.expression.right.kind).toBe('and');
  });

  it('returns the cached AST for the same text', () => {
    expect(parseJsonPath('$.cached.path')).toBe(parseJsonPath('$.cached.path'));
  });

  it.each([
    ['a.b', 0],
    ['$.', 2],
    ['$[', 2],
    ["$['a", 2],
    ['$.a[?(@.x == )]', 13],
    ['$.a.nope().b', 4],
    ['$ .a', 1],
  ])('reports where %s is invalid', (text, index) => {
    const error = thrown(() => parseJsonPath(text));
    expect(error).toBeInstanceOf(PathSyntaxError);
    expect((error as PathSyntaxError).index).toBe(index);
  });
});
