import { splitWildcardPattern, stringMatches } from '../../../../src/engine/choice/string-matches';

describe('splitWildcardPattern', () => {
  it('splits at unescaped asterisks and unescapes the pieces', () => {
    expect(splitWildcardPattern('log-*.txt')).toEqual(['log-', '.txt']);
    expect(splitWildcardPattern('a\\*b*c')).toEqual(['a*b', 'c']);
    expect(splitWildcardPattern('a\\\\*b')).toEqual(['a\\', 'b']);
    expect(splitWildcardPattern('**')).toEqual(['', '', '']);
    expect(splitWildcardPattern('end\\')).toEqual(['end\\']);
  });
});

describe('stringMatches', () => {
  it.each([
    ['foo23.log', 'foo*.log', true],
    ['zebra.log', '*.log', true],
    ['foobar.zebra', 'foo*.*', true],
    ['foo.log.txt', '*.log', false],
    ['log-.txt', 'log-*.txt', true],
    ['anything', '*', true],
    ['', '*', true],
    ['', '', true],
    ['a', '', false],
    ['exact', 'exact', true],
    ['exactly', 'exact', false],
    ['abcabc', 'a*c*c', true],
    ['abc', 'a*b*b*c', false],
    ['aXbXc', '*X*X*', true],
    ['aa', 'a*a', true],
    ['a', 'a*a', false],
  ])('%j against %j is %s', (value, pattern, expected) => {
    expect(stringMatches(value, pattern)).toBe(expected);
  });

  it('treats an escaped asterisk as a literal', () => {
    expect(stringMatches('a*b', 'a\\*b')).toBe(true);
    expect(stringMatches('axb', 'a\\*b')).toBe(false);
    expect(stringMatches('file*-42', 'file\\*-*')).toBe(true);
  });

  it('treats an escaped backslash as a literal, leaving a following asterisk a wildcard', () => {
    expect(stringMatches('C:\\temp', 'C:\\\\*')).toBe(true);
    expect(stringMatches('C:temp', 'C:\\\\*')).toBe(false);
  });

  it('gives regular-expression characters no meaning', () => {
    expect(stringMatches('a.c', 'a.c')).toBe(true);
    expect(stringMatches('abc', 'a.c')).toBe(false);
    expect(stringMatches('a?c', 'a?c')).toBe(true);
    expect(stringMatches('abc', 'a?c')).toBe(false);
    expect(stringMatches('[x]', '[x]*')).toBe(true);
  });
});
