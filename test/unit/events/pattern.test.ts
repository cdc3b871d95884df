import { compilePattern, matchesPattern, parseJsonText, toJsonText } from '../../../src/events/pattern';
import { isWireError } from '../../../src/protocol/wire-error';
import { NUMBER_TEXT_EXAMPLE, PATTERN_EXAMPLES } from './pattern-examples';
import { thrown } from '../../support/thrown';

describe('event patterns: the examples of AWS documentation', () => {
  for (const example of PATTERN_EXAMPLES) {
    test(example.name, () => {
      const pattern = compilePattern(example.pattern);
      for (const event of example.matches)
        expect([event, matchesPattern(pattern, toJsonText(event))]).toEqual([event, true]);
      for (const event of example.misses)
        expect([event, matchesPattern(pattern, toJsonText(event))]).toEqual([event, false]);
    });
  }

  test('numbers in exact matches compare by their JSON text', () => {
    const pattern = compilePattern(NUMBER_TEXT_EXAMPLE.pattern);
    for (const event of NUMBER_TEXT_EXAMPLE.matches) expect(matchesPattern(pattern, parseJsonText(event))).toBe(true);
    for (const event of NUMBER_TEXT_EXAMPLE.misses) expect(matchesPattern(pattern, parseJsonText(event))).toBe(false);
  });
});

describe('event patterns: arrays of objects', () => {
  test('a nested pattern matches one element at a time', () => {
    const pattern = compilePattern(`{"detail": {"items": {"kind": ["a"], "size": [2]}}}`);
    const items = (...list: { kind: string; size: number }[]) => toJsonText({ detail: { items: list } });
    expect(matchesPattern(pattern, items({ kind: 'a', size: 1 }, { kind: 'b', size: 2 }))).toBe(false);
    expect(matchesPattern(pattern, items({ kind: 'b', size: 1 }, { kind: 'a', size: 2 }))).toBe(true);
  });

  test('a field absent from the event fails every test but exists:false', () => {
    expect(
      matchesPattern(compilePattern(`{"detail": {"x": [{"anything-but": "a"}]}}`), toJsonText({ detail: {} })),
    ).toBe(false);
    expect(matchesPattern(compilePattern(`{"detail": {"x": [{"exists": false}]}}`), toJsonText({}))).toBe(true);
    expect(
      matchesPattern(compilePattern(`{"detail": {"x": ["a", {"exists": false}]}}`), toJsonText({ detail: { x: 'a' } })),
    ).toBe(true);
  });

  test('$or that is not two or more patterns is a plain field name', () => {
    const pattern = compilePattern(`{"$or": ["x"]}`);
    expect(matchesPattern(pattern, toJsonText({ $or: 'x' }))).toBe(true);
    expect(matchesPattern(pattern, toJsonText({}))).toBe(false);
  });
});

describe('event patterns: invalid patterns name the problem and where', () => {
  const invalid: [string, string][] = [
    ['not JSON', 'not valid JSON'],
    ['[]', 'must be a JSON object'],
    ['{}', 'empty'],
    ['{"source": "aws.s3"}', 'source must be an array or an object'],
    ['{"source": []}', 'empty arrays are not allowed, at source'],
    ['{"detail": {"x": [{"prefix": 1}]}}', '"prefix" at detail.x[0] must be a string'],
    ['{"detail": {"x": [{"numeric": [">", "a"]}]}}', 'must be a number'],
    ['{"detail": {"x": [{"numeric": ["!=", 1]}]}}', 'unrecognized numeric range operator'],
    ['{"detail": {"x": [{"numeric": [">", 5, "<", 1]}]}}', 'bottom of the range'],
    ['{"detail": {"x": [{"numeric": [">", 1e10]}]}}', 'outside the numeric range'],
    ['{"detail": {"x": [{"cidr": "10.0.0.0/33"}]}}', 'not an IP address or CIDR block'],
    ['{"detail": {"x": [{"exists": "yes"}]}}', 'must be true or false'],
    ['{"detail": {"x": [{"wildcard": "a**b"}]}}', 'consecutive wildcard'],
    ['{"detail": {"x": [{"wildcard": "a\\\\b"}]}}', 'backslash'],
    ['{"detail": {"x": [{"anything-but": ["a", 1]}]}}', 'only strings or only numbers'],
    ['{"detail": {"x": [{"anything-but": {"numeric": [">", 1]}}]}}', 'anything-but'],
    ['{"detail": {"x": [{"contains": "a"}]}}', 'unrecognized match type contains'],
    ['{"detail": {"x": [{"prefix": "a", "suffix": "b"}]}}', 'exactly one operator'],
  ];
  test.each(invalid)('%s', (text, reason) => {
    const error = thrown(() => compilePattern(text));
    expect(isWireError(error) && error.code).toBe('InvalidEventPatternException');
    expect((error as Error).message).toContain(reason);
  });
});
