import type { Json } from '../../../../src/engine/json';
import { evaluateIntrinsic } from '../../../../src/engine/intrinsics';
import type { PathScope } from '../../../../src/engine/jsonpath';
import { aslFailure } from '../../../support/thrown';

const scope: PathScope = {
  input: {
    obj: { Arg1: 1, Arg2: [] },
    list: [1, 2, 2, { a: 1 }, { a: 1 }, 'x'],
    text: 'Data to encode',
    template: 'Hello {}!',
    big: 'x'.repeat(10_001),
  },
  context: { StateMachine: { Id: 'arn:sm', Name: 'sm-name-v2' } },
  variables: new Map<string, Json>([['v', 5]]),
  random: () => 0.5,
  uuid: () => '00000000-0000-4000-8000-000000000000',
};
const run = (expression: string): Json => evaluateIntrinsic(expression, scope);
const failure = (expression: string): unknown => aslFailure(() => run(expression)).error;

describe('States.Format', () => {
  it('prints arguments as AWS does: strings bare, objects and arrays Java-style', () => {
    expect(run("States.Format('a={} b={} c={} d={} e={}', $.obj, $.list[0], null, 1.1, true)")).toBe(
      'a={Arg1=1, Arg2=[]} b=1 c=null d=1.1 e=true',
    );
    expect(run("States.Format('{}', $$.StateMachine)")).toBe('{Id=arn:sm, Name=sm-name-v2}');
    expect(run("States.Format('[{}]', States.Array(1, 'two'))")).toBe('[[1, two]]');
  });

  it('takes the template from a path and honours escaped braces and quotes', () => {
    expect(run("States.Format($.template, 'you')")).toBe('Hello you!');
    expect(run('States.Format(\'\\{"k":"{}"\\} it\\\'s\', $v)')).toBe('{"k":"5"} it\'s');
  });

  it('fails when placeholders and arguments do not match', () => {
    expect(failure("States.Format('{} {}', 1)")).toBe('States.IntrinsicFailure');
    expect(failure("States.Format('{}', 1, 2)")).toBe('States.IntrinsicFailure');
    expect(failure("States.Format('{ x', 1)")).toBe('States.IntrinsicFailure');
  });
});

describe('JSON functions', () => {
  it('converts between JSON and text', () => {
    expect(run('States.JsonToString($.obj)')).toBe('{"Arg1":1,"Arg2":[]}');
    expect(run('States.StringToJson(\'{"a": [1, 2]}\')')).toEqual({ a: [1, 2] });
    expect(run("States.StringToJson(' ')")).toBeNull();
    expect(Object.is(run("States.StringToJson('-0')"), 0)).toBe(true);
    expect(failure("States.StringToJson('{')")).toBe('States.IntrinsicFailure');
  });

  it('merges shallowly, the second object winning', () => {
    expect(run('States.JsonMerge(States.StringToJson(\'{"a":{"x":1},"b":2}\'), $.obj, false)')).toEqual({
      a: { x: 1 },
      b: 2,
      Arg1: 1,
      Arg2: [],
    });
    expect(failure('States.JsonMerge($.obj, $.obj, true)')).toBe('States.IntrinsicFailure');
  });
});

describe('array functions', () => {
  it('builds, partitions, searches and measures arrays', () => {
    expect(run('States.Array()')).toEqual([]);
    expect(run("States.Array($v, 'a', null)")).toEqual([5, 'a', null]);
    expect(run('States.ArrayPartition(States.ArrayRange(0, 4, 1), 2)')).toEqual([[0, 1], [2, 3], [4]]);
    expect(run('States.ArrayContains($.list, $.obj.Arg2)')).toBe(false);
    expect(run('States.ArrayContains($.list, States.StringToJson(\'{"a":1}\'))')).toBe(true);
    expect(run('States.ArrayLength($.list)')).toBe(6);
    expect(run('States.ArrayGetItem($.list, 5)')).toBe('x');
    expect(run('States.ArrayUnique($.list)')).toEqual([1, 2, { a: 1 }, 'x']);
  });

  it('ranges inclusively with positive and negative steps', () => {
    expect(run('States.ArrayRange(0, 10, 3)')).toEqual([0, 3, 6, 9]);
    expect(run('States.ArrayRange(1, 9, 2)')).toEqual([1, 3, 5, 7, 9]);
    expect(run('States.ArrayRange(5, 1, -2)')).toEqual([5, 3, 1]);
    expect(run('States.ArrayRange(5, 1, 1)')).toEqual([]);
  });

  it.each([
    'States.ArrayPartition($.list, 0)',
    'States.ArrayPartition($.text, 1)',
    'States.ArrayRange(0, 1000, 1)',
    'States.ArrayRange(0, 10, 0)',
    'States.ArrayGetItem($.list, 6)',
    'States.ArrayGetItem($.list, 1.5)',
    'States.ArrayLength($.obj)',
  ])('fails %s with States.IntrinsicFailure', (expression) => {
    expect(failure(expression)).toBe('States.IntrinsicFailure');
  });
});

describe('string, encoding and hash functions', () => {
  it('splits on any delimiter character, dropping empty pieces', () => {
    expect(run("States.StringSplit('This.is+a,test=string', '.+,=')")).toEqual(['This', 'is', 'a', 'test', 'string']);
    expect(run("States.StringSplit(',,,,', ',')")).toEqual([]);
    expect(run("States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), 2)")).toBe('v2');
  });

  it('encodes, decodes and hashes', () => {
    expect(run('States.Base64Encode($.text)')).toBe('RGF0YSB0byBlbmNvZGU=');
    expect(run("States.Base64Decode('RGF0YSB0byBlbmNvZGU=')")).toBe('Data to encode');
    expect(run("States.Hash('input data', 'SHA-1')")).toBe('aaff4a450a104cd177d28d18d74485e8cae074b7');
    expect(run("States.Hash('input data', 'MD5')")).toBe('812f45842bc6d66ee14572ce20db8e86');
  });

  it.each([
    'States.Base64Encode($.big)',
    "States.Base64Decode('not base64!')",
    "States.Hash('x', 'SHA-3')",
    "States.Hash($.big, 'MD5')",
    "States.StringSplit($.list, ',')",
  ])('fails %s with States.IntrinsicFailure', (expression) => {
    expect(failure(expression)).toBe('States.IntrinsicFailure');
  });
});

describe('math and generated values', () => {
  it('rounds each MathAdd operand half up, as AWS does', () => {
    expect(run('States.MathAdd(1.49, 1.5)')).toBe(3);
    expect(run('States.MathAdd(-0.5, 0.5)')).toBe(1);
    expect(run('States.MathAdd(-1.5, -1.51)')).toBe(-3);
    expect(Object.is(run('States.MathAdd(-0.5, 0)'), 0)).toBe(true);
    expect(run('States.MathAdd($v, -1)')).toBe(4);
    expect(failure('States.MathAdd(2147483648, 0)')).toBe('States.IntrinsicFailure');
    expect(failure("States.MathAdd('1', 0)")).toBe('States.IntrinsicFailure');
  });

  it('draws MathRandom from the injected source, or reproducibly from a seed', () => {
    expect(run('States.MathRandom(10, 20)')).toBe(15);
    // new java.util.Random(42): nextInt(10) is 0 and nextInt(100) is 30; the injected source is not used.
    expect(run('States.MathRandom(0, 10, 42)')).toBe(0);
    expect(run('States.MathRandom(5, 105, 42)')).toBe(35);
    expect(run('States.MathRandom(0, 1000, 7)')).toBe(run('States.MathRandom(0, 1000, 7)'));
    expect(failure('States.MathRandom(5, 5)')).toBe('States.IntrinsicFailure');
  });

  it('takes UUIDs from the injected source', () => {
    expect(run('States.UUID()')).toBe('00000000-0000-4000-8000-000000000000');
  });
});

describe('errors', () => {
  it('reports a missing path argument as States.Runtime', () => {
    expect(failure('States.Array($.missing)')).toBe('States.Runtime');
  });

  it('reports a syntax error as States.Runtime', () => {
    expect(failure('States.Array(')).toBe('States.Runtime');
  });
});
