import { COMPILED_CACHE_LIMIT, compileJsonata, compiledCacheSize } from '../../../../src/engine/jsonata/compile';
import { checkJsonataSyntax } from '../../../../src/engine/jsonata';

describe('compileJsonata', () => {
  it('compiles an expression text once', () => {
    expect(compileJsonata('$a + 1')).toBe(compileJsonata('$a + 1'));
  });

  it('keeps at most COMPILED_CACHE_LIMIT expressions, evicting the least recently used', () => {
    const kept = compileJsonata('$kept');
    for (let i = 0; i < COMPILED_CACHE_LIMIT + 10; i++) {
      compileJsonata(`$v${i}`);
      if (i % 100 === 0) compileJsonata('$kept');
    }
    expect(compiledCacheSize()).toBe(COMPILED_CACHE_LIMIT);
    expect(compileJsonata('$kept')).toBe(kept);
    const first = compileJsonata('$v0');
    expect(compileJsonata('$v0')).toBe(first);
  });
});

describe('checkJsonataSyntax', () => {
  it("returns null for a valid expression and JSONata's coded message otherwise", () => {
    expect(checkJsonataSyntax('{% $states.input.a %}')).toBeNull();
    expect(checkJsonataSyntax('{% 1 + %}')).toBe('S0207: Unexpected end of expression');
  });
});
