import { isIntrinsicCall, parseIntrinsic } from '../../../../src/engine/intrinsics';
import { PathSyntaxError } from '../../../../src/engine/jsonpath';
import { thrown } from '../../../support/thrown';

describe('parseIntrinsic', () => {
  it('parses literals, paths and nested calls', () => {
    expect(parseIntrinsic("States.Format('a\\{\\}\\'b', $.x[0], -1.5, true, null, States.UUID())")).toEqual({
      name: 'States.Format',
      args: [
        { kind: 'string', value: "a{}'b", raw: "a\\{\\}\\'b" },
        { kind: 'path', path: '$.x[0]' },
        { kind: 'number', value: -1.5 },
        { kind: 'boolean', value: true },
        { kind: 'null' },
        { kind: 'call', call: { name: 'States.UUID', args: [] } },
      ],
    });
  });

  it('reads paths containing brackets, filters and commas in quotes', () => {
    const call = parseIntrinsic("States.Array($.a[?(@.b == 'x,y')], $['c,d'])");
    expect(call.args).toEqual([
      { kind: 'path', path: "$.a[?(@.b == 'x,y')]" },
      { kind: 'path', path: "$['c,d']" },
    ]);
  });

  it('keeps characters a backslash does not escape', () => {
    expect(parseIntrinsic("States.Array('a\\nb', '\\\\')").args).toEqual([
      { kind: 'string', value: 'a\\nb', raw: 'a\\nb' },
      { kind: 'string', value: '\\', raw: '\\\\' },
    ]);
  });

  it.each([
    ['States.Nope(1)', 0],
    ['States.ArrayLength()', 0],
    ['States.MathAdd(1, 2, 3)', 0],
    ["States.Format('unterminated)", 14],
    ['States.Array(1 2)', 15],
    ['States.Array($.a[)', 17],
  ])('rejects %s at index %d', (text, index) => {
    const error = thrown(() => parseIntrinsic(text));
    expect(error).toBeInstanceOf(PathSyntaxError);
    expect((error as PathSyntaxError).index).toBe(index);
  });
});

describe('isIntrinsicCall', () => {
  it('recognises the States. prefix only', () => {
    expect(isIntrinsicCall('States.UUID()')).toBe(true);
    expect(isIntrinsicCall('$.States.x')).toBe(false);
    expect(isIntrinsicCall('States.Format')).toBe(false);
  });
});
