/** JSON nested too deep is refused before anything walks it. */
import { jsonDepthExcess } from '../../../src/runtime/json-depth';

describe('JSON nesting depth', () => {
  it('allows 1,000 levels and refuses 1,001 with Jackson message, naming the state', () => {
    expect(jsonDepthExcess(`${'['.repeat(1000)}${']'.repeat(1000)}`)).toBeUndefined();
    const deep = `{"States":{"Deep":{"Result":${'['.repeat(1000)}${']'.repeat(1000)}}}}`;
    expect(jsonDepthExcess(deep)).toEqual({
      message:
        'Document nesting depth (1001) exceeds the maximum allowed (1000, from `StreamReadConstraints.getMaxNestingDepth()`)',
      path: ['States', 'Deep', 'Result'],
    });
  });

  it('does not count brackets inside strings', () => {
    expect(jsonDepthExcess(JSON.stringify({ s: '['.repeat(5000), t: 'a\\"[[' }))).toBeUndefined();
  });
});
