import { gzipSync } from 'node:zlib';
import { readItems } from '../../../../src/map/readers';
import { oneObjectStore as store } from '../support/memory-store';
import { collect, failure, getObject, values } from '../support/collect';

describe('JSON reader', () => {
  const doc = JSON.stringify({
    meta: { skip: [1, 2, { deep: '[not items]' }], s: 'a "quoted] string' },
    inventory: { products: { featured: [{ id: 1 }, { id: 2, tags: ['x', '}'] }], other: [9] } },
    after: [true],
  });

  test('a top-level array: one item per element', async () => {
    expect(
      await values(
        getObject('b', 'a.json', { InputType: 'JSON' }),
        store('a.json', '[1, "two", {"three": [3]}, null]'),
      ),
    ).toEqual([1, 'two', { three: [3] }, null]);
  });

  test('ItemsPointer selects a nested array; everything else is skipped, at any chunk size', async () => {
    const config = { InputType: 'JSON', ItemsPointer: '/inventory/products/featured' };
    for (const chunkSize of [1, 7, 65536]) {
      expect(await values(getObject('b', 'd.json', config), store('d.json', doc, chunkSize))).toEqual([
        { id: 1 },
        { id: 2, tags: ['x', '}'] },
      ]);
    }
  });

  test('ItemsPointer into an array by index, with ~1 and ~0 escapes', async () => {
    const body = JSON.stringify({ 'a/b': [[0], [1, 2]], 'c~d': { x: [5] } });
    expect(
      await values(getObject('b', 'p.json', { InputType: 'JSON', ItemsPointer: '/a~1b/1' }), store('p.json', body)),
    ).toEqual([1, 2]);
    expect(
      await values(getObject('b', 'p.json', { InputType: 'JSON', ItemsPointer: '/c~0d/x' }), store('p.json', body)),
    ).toEqual([5]);
  });

  test('an object yields its members: the value as the item, the name as Map.Item.Key', async () => {
    const items = await collect(
      readItems(getObject('b', 'o.json', { InputType: 'JSON' }), store('o.json', '{"x": {"n": 1}, "y": [2]}')),
    );
    expect(items).toEqual([
      { value: { n: 1 }, key: 'x', source: 'S3://b/o.json' },
      { value: [2], key: 'y', source: 'S3://b/o.json' },
    ]);
  });

  test('a node that is not an array or object fails as on AWS', async () => {
    expect(await failure(getObject('b', 'n.json', { InputType: 'JSON' }), store('n.json', '"just a string"'))).toEqual({
      error: 'States.ItemReaderFailed',
      cause: 'Attempting to map over non-iterable node.',
    });
    const config = { InputType: 'JSON', ItemsPointer: '/a' };
    expect((await failure(getObject('b', 'n.json', config), store('n.json', '{"a": 5}'))).cause).toBe(
      'Attempting to map over non-iterable node.',
    );
  });

  test('an ItemsPointer that selects nothing names the pointer', async () => {
    const config = { InputType: 'JSON', ItemsPointer: '/missing' };
    expect((await failure(getObject('b', 'n.json', config), store('n.json', '{"a": []}'))).cause).toBe(
      "The ItemsPointer '/missing' does not select a node in the file (s3://b/n.json)",
    );
  });

  test('malformed JSON names the character offset', async () => {
    const { cause } = await failure(
      getObject('b', 'bad.json', { InputType: 'JSON' }),
      store('bad.json', '[1, 2, {"a": tru}]'),
    );
    expect(cause).toMatch(/^Malformed JSON: .* \(s3:\/\/b\/bad\.json, character 7\)$/);
    expect((await failure(getObject('b', 'bad.json', { InputType: 'JSON' }), store('bad.json', '[1, 2'))).cause).toBe(
      "Malformed JSON: expected ',' or ']', found the end of the file (s3://b/bad.json, character 5)",
    );
    expect((await failure(getObject('b', 'bad.json', { InputType: 'JSON' }), store('bad.json', '[1] [2]'))).cause).toBe(
      "Malformed JSON: unexpected '[' after the document (s3://b/bad.json, character 4)",
    );
  });

  test('an empty file fails', async () => {
    expect((await failure(getObject('b', 'e.json', { InputType: 'JSON' }), store('e.json', ''))).cause).toBe(
      'The object is empty (s3://b/e.json)',
    );
  });

  test('MaxItems stops early and the rest of the file is never parsed', async () => {
    const body = '[1, 2, 3, this is not json';
    expect(await values(getObject('b', 'm.json', { InputType: 'JSON' }, 2), store('m.json', body))).toEqual([1, 2]);
  });

  test('gzip-compressed JSON', async () => {
    expect(
      await values(getObject('b', 'a.json.gz', { InputType: 'JSON' }), store('a.json.gz', gzipSync('[{"k":1}]'))),
    ).toEqual([{ k: 1 }]);
  });
});
