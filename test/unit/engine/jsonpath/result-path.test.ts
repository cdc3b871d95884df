import { applyResultPath } from '../../../../src/engine/jsonpath';

describe('applyResultPath', () => {
  const input = { keep: { x: 1 }, a: { other: true }, list: [0, 1] };

  it('returns the result for undefined and $, and the input for null', () => {
    expect(applyResultPath(input, undefined, 'r')).toBe('r');
    expect(applyResultPath(input, '$', 'r')).toBe('r');
    expect(applyResultPath(input, null, 'r')).toBe(input);
  });

  it('sets the result inside the input, creating objects, without mutating the input', () => {
    const snapshot = JSON.stringify(input);
    const out = applyResultPath(input, '$.a.b.c', 5) as typeof input & { a: { b: { c: number } } };
    expect(out).toEqual({ keep: { x: 1 }, a: { other: true, b: { c: 5 } }, list: [0, 1] });
    expect(JSON.stringify(input)).toBe(snapshot);
    expect(out.keep).toBe(input.keep);
  });

  it('replaces an existing value and array elements', () => {
    expect(applyResultPath(input, '$.keep', 'new')).toMatchObject({ keep: 'new' });
    expect(applyResultPath(input, '$.list[1]', 'one')).toMatchObject({ list: [0, 'one'] });
    expect(applyResultPath(input, "$['odd key']", 1)).toMatchObject({ 'odd key': 1 });
  });

  it('fails with States.ResultPathMatchFailure when the path cannot be applied', () => {
    expect(() => applyResultPath('text', '$.a', 1)).toThrow(
      expect.objectContaining({
        error: 'States.ResultPathMatchFailure',
        cause: 'Unable to apply ReferencePath $.a to input "\\"text\\""',
      }) as Error,
    );
    expect(() => applyResultPath(input, '$.keep.x.y', 1)).toThrow(
      expect.objectContaining({ error: 'States.ResultPathMatchFailure' }) as Error,
    );
    expect(() => applyResultPath(input, '$.list[5]', 1)).toThrow(
      expect.objectContaining({ error: 'States.ResultPathMatchFailure' }) as Error,
    );
  });
});
