/** workflows/etl-sources.json is valid, and a broken sources file lists every problem with its path. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileSources, parseSourcesFile } from '../../../../tasks/etl/sources';
import { resolveLocation } from '../../../../tasks/etl/location';

describe('etl sources', () => {
  it('has the 50 sources, each with a schema, key, watermark and owner, across the three formats', () => {
    const path = join(__dirname, '../../../../workflows/etl-sources.json');
    const config = parseSourcesFile(readFileSync(path, 'utf8'), path);
    expect(config.sources).toHaveLength(50);
    expect(new Set(config.sources.map((s) => s.format))).toEqual(new Set(['csv', 'jsonl', 'parquet']));
    for (const s of config.sources) {
      expect(s.owner).not.toBe('');
      expect(s.columns.map((c) => c.name)).toEqual(expect.arrayContaining([...s.primaryKey, s.watermark]));
    }
  });

  it('lists every problem with its field path', () => {
    const raw = {
      sources: [
        { name: 'Bad-Name', format: 'xml', location: 's3://b/k', schema: { id: 'NUMBER' }, primaryKey: ['nope'] },
      ],
    };
    expect(() => compileSources(raw, 'f.json')).toThrow(
      [
        'f.json is invalid:',
        "  sources[0].name: 'Bad-Name' must match /^[a-z_][a-z0-9_]{0,62}$/",
        '  sources[0].format: must be one of csv, jsonl, parquet',
        '  sources[0].owner: is required: who to call when the feed breaks',
        '  sources[0].location: must contain {runDate}',
        '  sources[0].schema.id: unsupported type "NUMBER"',
        '  sources[0].primaryKey: "nope" is not a schema column',
        '  sources[0].watermark: must name a schema column',
      ].join('\n'),
    );
  });

  it('resolves a location pattern to a listing prefix and a one-segment glob', () => {
    const loc = resolveLocation('s3://{rawBucket}/orders/dt={runDate}/*.csv', {
      rawBucket: 'raw',
      runDate: '2026-11-20',
    });
    expect(loc).toMatchObject({
      bucket: 'raw',
      prefix: 'orders/dt=2026-11-20/',
      uri: 's3://raw/orders/dt=2026-11-20/*.csv',
    });
    expect(loc.matches('orders/dt=2026-11-20/part-1.csv')).toBe(true);
    expect(loc.matches('orders/dt=2026-11-20/sub/part-1.csv')).toBe(false);
    expect(loc.matches('orders/dt=2026-11-20/part-1.csv.gz')).toBe(false);
  });
});
