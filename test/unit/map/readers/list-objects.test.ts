import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { ItemReaderRequest } from '../../../../src/engine/map-port';
import { readItems } from '../../../../src/map/readers';
import { MemoryStore } from '../support/memory-store';
import { collect, failure, values } from '../support/collect';

const MODIFIED = new Date('2022-11-16T00:29:32.000Z');

function listRequest(prefix: string, readerConfig: Record<string, string> = {}, maxItems?: number): ItemReaderRequest {
  return {
    resource: 'arn:aws:states:::s3:listObjectsV2',
    parameters: { Bucket: 'src', Prefix: prefix },
    readerConfig,
    ...(maxItems === undefined ? {} : { maxItems }),
  };
}

describe('listObjectsV2 reader', () => {
  test('one item per object under the prefix, with the metadata AWS hands over, across pages', async () => {
    const store = new MemoryStore({ pageSize: 2 });
    for (const key of ['a/1.txt', 'a/2.txt', 'a/3.txt', 'b/4.txt']) store.set('src', key, 'x'.repeat(5), MODIFIED);
    const items = await collect(readItems(listRequest('a/'), store));
    expect(items.map((i) => i.value)).toEqual(
      ['a/1.txt', 'a/2.txt', 'a/3.txt'].map((Key) => ({
        Etag: `"${createHash('md5').update('xxxxx').digest('hex')}"`,
        Key,
        LastModified: 1668558572,
        Size: 5,
        StorageClass: 'STANDARD',
      })),
    );
    expect(items.every((i) => i.source === 'S3://src')).toBe(true);
  });

  test('MaxItems stops listing', async () => {
    const store = new MemoryStore({ pageSize: 1 });
    for (let i = 0; i < 5; i++) store.set('src', `k${i}`, 'x');
    const list = jest.spyOn(store, 'list');
    expect(await values(listRequest('', {}, 2), store)).toHaveLength(2);
    expect(list).toHaveBeenCalledTimes(2);
  });

  test('LOAD_AND_FLATTEN reads every listed object with the InputType, skipping folder markers', async () => {
    const store = new MemoryStore();
    store.set('src', 'in/', '');
    store.set('src', 'in/1.jsonl', '{"n":1}\n{"n":2}\n');
    store.set('src', 'in/2.jsonl.gz', gzipSync('{"n":3}\n'));
    const items = await collect(
      readItems(listRequest('in/', { Transformation: 'LOAD_AND_FLATTEN', InputType: 'JSONL' }), store),
    );
    expect(items).toEqual([
      { value: { n: 1 }, source: 'S3://src/in/1.jsonl' },
      { value: { n: 2 }, source: 'S3://src/in/1.jsonl' },
      { value: { n: 3 }, source: 'S3://src/in/2.jsonl.gz' },
    ]);
  });

  test('LOAD_AND_FLATTEN with MaxItems opens no further file', async () => {
    const store = new MemoryStore();
    store.set('src', 'in/1.csv', 'a\n1\n2\n');
    store.set('src', 'in/2.csv', 'a\n3\n');
    expect(
      await values(listRequest('in/', { Transformation: 'LOAD_AND_FLATTEN', InputType: 'CSV' }, 2), store),
    ).toEqual([{ a: '1' }, { a: '2' }]);
    expect(store.reads).toEqual(['src/in/1.csv']);
  });

  test('a missing bucket fails', async () => {
    expect((await failure(listRequest(''), new MemoryStore())).cause).toBe(
      "The bucket 'src' does not exist (reading the prefix s3://src/)",
    );
  });
});
