import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { encodeInventoryKey, writeInventory } from '../../../src/map/inventory';
import { readItems } from '../../../src/map/readers';
import { MemoryStore } from './support/memory-store';
import { collect } from './support/collect';

const NOW = new Date('2024-03-04T05:06:07.890Z');

function sourceBucket(keys: string[]): MemoryStore {
  const store = new MemoryStore({ pageSize: 3 });
  keys.forEach((key, i) => store.set('src', key, 'x'.repeat(i), new Date(Date.UTC(2024, 0, 1 + i))));
  return store.createBucket('dest');
}

describe('S3 Inventory writer', () => {
  test('the layout S3 uses: manifest, checksum, symlink, gzip CSV data files', async () => {
    const store = sourceBucket(['a.txt', 'dir/b c.txt', 'dir/ü+%.bin']);
    const report = await writeInventory(store, {
      sourceBucket: 'src',
      destinationBucket: 'dest',
      destinationPrefix: 'inventories/',
      configId: 'daily',
      now: NOW,
    });
    const base = 'inventories/src/daily/';
    expect(report.manifestKey).toBe(`${base}2024-03-04T05-06Z/manifest.json`);
    const manifestText = store.text('dest', report.manifestKey);
    const manifest = JSON.parse(manifestText) as { files: { key: string; MD5checksum: string }[] };
    expect(manifest).toEqual({
      sourceBucket: 'src',
      destinationBucket: 'arn:aws:s3:::dest',
      version: '2016-11-30',
      creationTimestamp: String(NOW.getTime()),
      fileFormat: 'CSV',
      fileSchema: 'Bucket, Key, Size, LastModifiedDate, ETag',
      files: [
        {
          key: expect.stringMatching(/^inventories\/src\/daily\/data\/[0-9a-f-]{36}\.csv\.gz$/),
          size: expect.any(Number),
          MD5checksum: expect.any(String),
        },
      ],
    });
    expect(store.text('dest', `${base}2024-03-04T05-06Z/manifest.checksum`)).toBe(
      createHash('md5').update(manifestText).digest('hex'),
    );
    expect(store.text('dest', `${base}hive/dt=2024-03-04-05-06/symlink.txt`)).toBe(
      `s3://dest/${manifest.files[0]!.key}\n`,
    );
    const data = store.body('dest', manifest.files[0]!.key)!;
    expect(manifest.files[0]!.MD5checksum).toBe(createHash('md5').update(data).digest('hex'));
    const etag = createHash('md5').update('x').digest('hex');
    expect(gunzipSync(data).toString().split('\n')[1]).toBe(
      `"src","dir/b+c.txt","1","2024-01-02T00:00:00.000Z","${etag}"`,
    );
  });

  test('keys are URL-encoded the way S3 does: space as +, / kept', () => {
    expect(encodeInventoryKey('a b/c+d%e,f"g')).toBe('a+b/c%2Bd%25e%2Cf%22g');
  });

  test('round trip: write an inventory, read it back with the MANIFEST reader', async () => {
    const keys = Array.from({ length: 25 }, (_, i) => `docs/${i} file ${'é+,"'.slice(0, i % 5)}.pdf`);
    const store = sourceBucket(keys);
    const report = await writeInventory(store, {
      sourceBucket: 'src',
      destinationBucket: 'dest',
      rowsPerFile: 10,
      now: NOW,
    });
    expect(report.files).toHaveLength(3);
    expect(report.rows).toBe(25);
    const items = await collect(
      readItems(
        {
          resource: 'arn:aws:states:::s3:getObject',
          parameters: { Bucket: 'dest', Key: report.manifestKey },
          readerConfig: { InputType: 'MANIFEST', ManifestType: 'S3_INVENTORY' },
        },
        store,
      ),
    );
    expect(items.map((i) => (i.value as { Key: string }).Key)).toEqual([...keys].sort());
    expect(items[0]!.value).toEqual({
      Bucket: 'src',
      Key: [...keys].sort()[0],
      Size: expect.stringMatching(/^\d+$/),
      LastModifiedDate: expect.stringMatching(/^2024-01-\d\dT00:00:00\.000Z$/),
      ETag: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
  });

  test('an exact multiple of rowsPerFile writes no empty data file; an empty bucket writes none', async () => {
    const store = sourceBucket(['a', 'b', 'c', 'd']);
    expect(
      (await writeInventory(store, { sourceBucket: 'src', destinationBucket: 'dest', rowsPerFile: 2 })).files,
    ).toHaveLength(2);
    const empty = new MemoryStore().createBucket('src').createBucket('dest');
    const report = await writeInventory(empty, { sourceBucket: 'src', destinationBucket: 'dest' });
    expect(report.files).toEqual([]);
    expect(JSON.parse(empty.text('dest', report.manifestKey)).files).toEqual([]);
  });
});
