import { StatesRuntimeError } from '../../../../src/engine/errors';
import { queryPath } from '../../../../src/engine/jsonpath';
import { scopeOf } from './scope';

const store = {
  book: [
    { title: 'A', price: 8, tags: ['x'] },
    { title: 'B', price: 12, isbn: '123' },
    { title: 'C', price: 20, isbn: '456', tags: [] },
  ],
  'odd key': { 'a.b': 1, "it's": 2, 'Test\\""Name"': 'escaped' },
  nested: { deep: { price: 1 } },
};
const scope = scopeOf(store, { list: [10, 20, 30], obj: { f: 'v' } });
const value = (path: string): unknown => {
  const result = queryPath(path, scope);
  return result.found ? result.value : 'NOT FOUND';
};

describe('queryPath', () => {
  it('reads dot and bracket notation, with quoted names holding special characters', () => {
    expect(value('$.book[0].title')).toBe('A');
    expect(value("$['odd key']['a.b']")).toBe(1);
    expect(value(`$['odd key']["it's"]`)).toBe(2);
    // A backslash in a quoted name is kept as written (AWS matched this key).
    expect(value(`$['odd key']['Test\\""Name"']`)).toBe('escaped');
  });

  it('returns the whole input, context or variable for bare roots', () => {
    expect(value('$')).toBe(store);
    expect(value('$$.Execution.Name')).toBe('exec-1');
    expect(value('$list')).toEqual([10, 20, 30]);
    expect(value('$list[1]')).toBe(20);
    expect(value('$obj.f')).toBe('v');
  });

  it('reports not found for missing properties, out-of-range indexes and unbound variables', () => {
    expect(value('$.missing')).toBe('NOT FOUND');
    expect(value('$.book[3]')).toBe('NOT FOUND');
    expect(value('$.book.title')).toBe('NOT FOUND');
    expect(value('$nope')).toBe('NOT FOUND');
  });

  it('counts negative indexes from the end', () => {
    expect(value('$.book[-1].title')).toBe('C');
  });

  it('yields arrays for wildcards, slices and unions', () => {
    expect(value('$.book[*].title')).toEqual(['A', 'B', 'C']);
    expect(value('$.book.*.price')).toEqual([8, 12, 20]);
    expect(value('$.book[1:].title')).toEqual(['B', 'C']);
    expect(value('$.book[:2].title')).toEqual(['A', 'B']);
    expect(value('$.book[-2:].title')).toEqual(['B', 'C']);
    expect(value('$.book[::2].title')).toEqual(['A', 'C']);
    expect(value('$.book[0,2].title')).toEqual(['A', 'C']);
  });

  it('yields an empty array when an indefinite path matches nothing, as AWS does', () => {
    expect(value('$.items[*]')).toEqual([]);
    expect(value('$.item.items[1:5].itemValue')).toEqual([]);
    expect(value('$[*]')).toEqual([store.book, store['odd key'], store.nested]);
  });

  it('merges a final property union into one object', () => {
    expect(value("$.book[1]['title','isbn','none']")).toEqual({ title: 'B', isbn: '123' });
  });

  it('filters with comparisons, && and ||, existence and negation', () => {
    expect(value('$.book[?(@.price > 10)].title')).toEqual(['B', 'C']);
    expect(value('$.book[?(@.price >= 12 && @.price < 20)].title')).toEqual(['B']);
    expect(value("$.book[?(@.title == 'A' || @.title == 'C')].price")).toEqual([8, 20]);
    expect(value('$.book[?(@.isbn)].title')).toEqual(['B', 'C']);
    expect(value('$.book[?(!@.isbn)].title')).toEqual(['A']);
    expect(value('$.book[?(@.price != 8)].title')).toEqual(['B', 'C']);
  });

  it('filters with regex, in/nin, size, empty and root references', () => {
    expect(value('$.book[?(@.title =~ /[ab]/i)].price')).toEqual([8, 12]);
    expect(value("$.book[?(@.title in ['A','B'])].price")).toEqual([8, 12]);
    expect(value("$.book[?(@.title nin ['A','B'])].price")).toEqual([20]);
    expect(value('$.book[?(@.tags size 1)].title')).toEqual(['A']);
    expect(value('$.book[?(@.tags empty true)].title')).toEqual(['C']);
    expect(value('$.book[?(@.price > $.nested.deep.price)].title')).toEqual(['A', 'B', 'C']);
  });

  it('descends recursively in document order', () => {
    expect(value('$..price')).toEqual([8, 12, 20, 1]);
    expect(value('$..book[0].title')).toEqual(['A']);
    expect(value('$..[?(@.price < 10)].price')).toEqual([8, 1]);
  });

  it('supports Jayway path functions', () => {
    expect(value('$.book.length()')).toBe(3);
    expect(value('$.book[*].price.length()')).toBe(3);
    expect(value('$.book[*].price.max()')).toBe(20);
    expect(value('$.book[*].price.sum()')).toBe(40);
    expect(value('$.nested.keys()')).toEqual(['deep']);
  });

  it('returns references into the input, not copies', () => {
    expect(value('$.book[0]')).toBe(store.book[0]);
  });

  it('throws States.Runtime for a syntax error', () => {
    expect(() => queryPath('$.a[', scope)).toThrow(StatesRuntimeError);
  });
});
