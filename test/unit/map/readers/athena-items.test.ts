import { gzipSync } from 'node:zlib';
import { MemoryStore } from '../support/memory-store';
import { failure, getObject, values } from '../support/collect';

describe('Athena UNLOAD manifest reader', () => {
  test('every data file the manifest lists, read with the InputType', async () => {
    const store = new MemoryStore();
    store.set('ath', 'out/q-manifest.csv', 's3://ath/out/part-1.gz\ns3://ath/out/part-2.gz\n');
    store.set('ath', 'out/part-1.gz', gzipSync('1,a\n2,b\n'));
    store.set('ath', 'out/part-2.gz', gzipSync('3,c\n'));
    const request = getObject('ath', 'out/q-manifest.csv', {
      InputType: 'CSV',
      ManifestType: 'ATHENA_DATA',
      CSVHeaderLocation: 'GIVEN',
      CSVHeaders: ['id', 'name'],
    });
    expect(await values(request, store)).toEqual([
      { id: '1', name: 'a' },
      { id: '2', name: 'b' },
      { id: '3', name: 'c' },
    ]);
  });

  test('a line that is not an S3 URI', async () => {
    const store = new MemoryStore();
    store.set('ath', 'm.csv', 'not-a-uri\n');
    const request = getObject('ath', 'm.csv', { InputType: 'JSONL', ManifestType: 'ATHENA_DATA' });
    expect((await failure(request, store)).cause).toBe("Not an S3 URI: 'not-a-uri' (s3://ath/m.csv, line 1)");
  });
});
