import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { readItems } from '../../../../src/map/readers';
import { MemoryStore } from '../support/memory-store';
import { collect, failure, getObject, values } from '../support/collect';

/** An S3 Inventory as S3 writes it: gzip CSV data files without a header, a manifest listing them. */
function inventory(
  store: MemoryStore,
  files: Record<string, string | Buffer>,
  schema = 'Bucket, Key, Size, LastModifiedDate',
): void {
  const entries = Object.entries(files).map(([key, body]) => {
    const bytes = typeof body === 'string' ? gzipSync(body) : body;
    store.set('inv', key, bytes);
    return { key, size: bytes.length, MD5checksum: createHash('md5').update(bytes).digest('hex') };
  });
  store.set(
    'inv',
    'src/config/2024-01-01T00-00Z/manifest.json',
    JSON.stringify({
      sourceBucket: 'src',
      destinationBucket: 'arn:aws:s3:::inv',
      version: '2016-11-30',
      creationTimestamp: '1704067200000',
      fileFormat: 'CSV',
      fileSchema: schema,
      files: entries,
    }),
  );
}

const MANIFEST = 'src/config/2024-01-01T00-00Z/manifest.json';
const manifestRequest = (maxItems?: number) =>
  getObject('inv', MANIFEST, { InputType: 'MANIFEST', ManifestType: 'S3_INVENTORY' }, maxItems);

describe('S3 Inventory manifest reader', () => {
  test('rows of every data file, keyed by fileSchema, values strings, Key URL-decoded', async () => {
    const store = new MemoryStore();
    inventory(store, {
      'src/config/data/1.csv.gz':
        '"src","csvDataset/titles.csv","3399671","2022-11-16T00:29:32.000Z"\n"src","my+file%2Bv2%C3%A9.txt","0","2022-11-16T00:27:19.000Z"\n',
      'src/config/data/2.csv.gz': '"src","folder/a%2Cb.txt","12","2022-11-17T00:00:00.000Z"\n',
    });
    const items = await collect(readItems(manifestRequest(), store));
    expect(items.map((i) => i.value)).toEqual([
      { Bucket: 'src', Key: 'csvDataset/titles.csv', Size: '3399671', LastModifiedDate: '2022-11-16T00:29:32.000Z' },
      { Bucket: 'src', Key: 'my file+v2é.txt', Size: '0', LastModifiedDate: '2022-11-16T00:27:19.000Z' },
      { Bucket: 'src', Key: 'folder/a,b.txt', Size: '12', LastModifiedDate: '2022-11-17T00:00:00.000Z' },
    ]);
    expect(items[0]!.source).toBe(`S3://inv/${MANIFEST}`);
  });

  test('MaxItems reads no further data file', async () => {
    const store = new MemoryStore();
    inventory(store, {
      'd/1.csv.gz': '"src","a","1","x"\n"src","b","1","x"\n',
      'd/2.csv.gz': '"src","c","1","x"\n',
    });
    expect(await values(manifestRequest(2), store)).toHaveLength(2);
    expect(store.reads).toEqual([`inv/${MANIFEST}`, 'inv/d/1.csv.gz']);
  });

  test('a missing manifest', async () => {
    expect(await failure(manifestRequest(), new MemoryStore().createBucket('inv'))).toEqual({
      error: 'States.ItemReaderFailed',
      cause: `The manifest s3://inv/${MANIFEST} does not exist`,
    });
  });

  test('a data file the manifest lists that S3 lacks', async () => {
    const store = new MemoryStore();
    inventory(store, { 'd/1.csv.gz': '"src","a","1","x"\n' });
    store.buckets.get('inv')!.delete('d/1.csv.gz');
    expect((await failure(manifestRequest(), store)).cause).toBe(
      'The inventory data file s3://inv/d/1.csv.gz does not exist',
    );
  });

  test('a corrupt gzip data file', async () => {
    const store = new MemoryStore();
    const good = gzipSync('"src","a","1","x"\n'.repeat(50));
    inventory(store, { 'd/1.csv.gz': Buffer.concat([good.subarray(0, 20), Buffer.alloc(40, 7)]) });
    expect((await failure(manifestRequest(), store)).cause).toMatch(
      /^Corrupt gzip data: .* \(s3:\/\/inv\/d\/1\.csv\.gz, near compressed byte \d+\)$/,
    );
  });

  test('a truncated gzip data file', async () => {
    const store = new MemoryStore();
    const good = gzipSync('"src","a","1","x"\n'.repeat(50));
    inventory(store, { 'd/1.csv.gz': good.subarray(0, good.length - 10) });
    expect((await failure(manifestRequest(), store)).cause).toMatch(
      /^Corrupt gzip data: unexpected end of file \(s3:\/\/inv\/d\/1\.csv\.gz/,
    );
  });

  test('a row that is not valid: wrong field count, unbalanced quotes, bad key encoding', async () => {
    const cases: [string, string][] = [
      [
        '"src","a","1","x"\n"src","b"\n',
        "Invalid inventory row: it has 2 fields, the manifest's fileSchema has 4 (s3://inv/d/1.csv.gz, line 2)",
      ],
      [
        '"src","a","1","x"\n"src","b,"1","x"\n',
        'Unbalanced quotes: a quoted field is never closed (s3://inv/d/1.csv.gz, the quote opens on line 2)',
      ],
      [
        '"src","bad%E0%A4%A","1","x"\n',
        "Invalid inventory row: the key 'bad%E0%A4%A' is not valid URL encoding (s3://inv/d/1.csv.gz, line 1)",
      ],
    ];
    for (const [body, cause] of cases) {
      const store = new MemoryStore();
      inventory(store, { 'd/1.csv.gz': body });
      expect(await failure(manifestRequest(), store)).toEqual({ error: 'States.ItemReaderFailed', cause });
    }
  });

  test('an empty data file, and a checksum that does not match', async () => {
    const store = new MemoryStore();
    inventory(store, { 'd/1.csv.gz': Buffer.alloc(0) });
    expect((await failure(manifestRequest(), store)).cause).toBe(
      'The inventory data file is empty (s3://inv/d/1.csv.gz)',
    );
    const other = new MemoryStore();
    inventory(other, { 'd/1.csv.gz': '"src","a","1","x"\n' });
    other.set('inv', 'd/1.csv.gz', gzipSync('"src","b","1","x"\n'));
    expect((await failure(manifestRequest(), other)).cause).toMatch(
      /^The inventory data file's MD5 is [0-9a-f]{32}; the manifest says [0-9a-f]{32} \(s3:\/\/inv\/d\/1\.csv\.gz\)$/,
    );
  });

  test('a manifest that is not JSON, or not a CSV inventory', async () => {
    const store = new MemoryStore();
    store.set('inv', MANIFEST, '{"files": [');
    expect((await failure(manifestRequest(), store)).cause).toMatch(
      /^The manifest is not valid JSON: .* \(s3:\/\/inv\/src/,
    );
    store.set(
      'inv',
      MANIFEST,
      JSON.stringify({ fileFormat: 'Parquet', fileSchema: 'message s3.inventory {}', files: [] }),
    );
    expect((await failure(manifestRequest(), store)).cause).toBe(
      `Only CSV inventories can be read; the manifest's fileFormat is "Parquet" (s3://inv/${MANIFEST})`,
    );
  });
});
