/** The transform on local files: casts and quarantine reasons, dedup, watermark, the invariant, schema drift. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Db } from '../../../../tasks/etl/duckdb';
import { InvariantError } from '../../../../tasks/etl/errors';
import { assertRowInvariant } from '../../../../tasks/etl/metrics';
import { compileSources, type Source } from '../../../../tasks/etl/sources';
import { transform } from '../../../../tasks/etl/transform';

const SCHEMA = { id: 'BIGINT', email: 'VARCHAR', phone: 'VARCHAR', amount: 'DECIMAL(10,2)', updated_at: 'TIMESTAMP' };

function source(format: 'csv' | 'jsonl' | 'parquet', extra: Record<string, unknown> = {}): Source {
  const raw = {
    sources: [
      {
        name: 'contacts',
        owner: 'tests',
        format,
        location: 's3://raw/contacts/dt={runDate}/*',
        schema: SCHEMA,
        primaryKey: ['id'],
        watermark: 'updated_at',
        ...extra,
      },
    ],
  };
  return compileSources(raw, 'test').sources[0]!;
}

describe('etl transform', () => {
  let dir: string;
  let db: Db;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'etl-transform-'));
    db = await Db.open({ tempDirectory: join(dir, 'spill'), threads: 1 });
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const file = (name: string, text: string): { path: string; name: string } => {
    writeFileSync(join(dir, name), text);
    return { path: join(dir, name), name: `s3://raw/${name}` };
  };
  const run = (s: Source, files: { path: string; name: string }[], previousWatermark: string | null = null) =>
    transform(db, { source: s, runDate: '2026-11-20', files, previousWatermark, outDir: dir });
  const quarantine = async () =>
    db.all(`SELECT file, "row", "column", value, reason FROM read_parquet('${dir}/quarantine.parquet') ORDER BY "row"`);
  const lake = async () => db.all(`SELECT * FROM read_parquet('${dir}/lake/*.parquet') ORDER BY id`);

  it('quarantines failed casts, malformed rows and empty keys with the column, value and row', async () => {
    const csv = file(
      'a.csv',
      'id,email,phone,amount,updated_at\n' +
        '1,a@x,1,12.50,2026-11-19 10:00:00\n' +
        '2,b@x,2,12;50,2026-11-19 10:00:00\n' + // row 2: amount
        '3,c@x\n' + // row 3: too few fields
        ',d@x,4,1.00,2026-11-19 10:00:00\n' + // row 4: empty key
        'x5,e@x,5,abc,yesterday\n', // row 5: three problems
    );
    const out = await run(source('csv'), [csv]);
    expect(out.counts).toEqual({
      rowsRead: 5,
      rowsLoaded: 1,
      rowsQuarantined: 4,
      duplicatesDropped: 0,
      lateRowsDropped: 0,
    });
    const q = await quarantine();
    expect(q.map((r) => [r['row'], r['column'], r['value']])).toEqual([
      ['2', 'amount', '12;50'],
      ['3', null, '3,c@x'],
      ['4', 'id', null],
      ['5', 'id', 'x5'],
    ]);
    expect(q[0]!['file']).toBe('s3://raw/a.csv');
    expect(q[0]!['reason']).toBe("amount = '12;50': not a valid DECIMAL(10,2)");
    expect(q[1]!['reason']).toMatch(/^malformed CSV row: MISSING COLUMNS/);
    expect(q[2]!['reason']).toBe('id = NULL: primary key column is empty');
    expect(q[3]!['reason']).toBe(
      "id = 'x5': not a valid BIGINT; amount = 'abc': not a valid DECIMAL(10,2); " +
        "updated_at = 'yesterday': not a valid TIMESTAMP",
    );
  });

  it('keeps the latest row per key and drops rows at or below the previous watermark', async () => {
    const jsonl = file(
      'a.jsonl',
      [
        { id: 1, email: 'old', updated_at: '2026-11-19T08:00:00' },
        { id: 1, email: 'new', updated_at: '2026-11-19T09:00:00' },
        { id: 1, email: 'older', updated_at: '2026-11-19T07:00:00' },
        { id: 2, email: 'late', updated_at: '2026-11-18T00:00:00' }, // = the watermark: late
        { id: 3, email: 'late too', updated_at: '2026-11-17T12:00:00' },
        { id: 3, email: 'fresh', updated_at: '2026-11-19T12:00:00' },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n') + '\n{"id": 4,\n',
    );
    const out = await run(source('jsonl'), [jsonl], '2026-11-18 00:00:00');
    expect(out.counts).toEqual({
      rowsRead: 7,
      rowsLoaded: 2,
      rowsQuarantined: 1,
      duplicatesDropped: 2,
      lateRowsDropped: 2,
    });
    expect((await lake()).map((r) => [r['id'], r['email']])).toEqual([
      ['1', 'new'],
      ['3', 'fresh'],
    ]);
    expect(out.watermark).toBe('2026-11-19 12:00:00');
    expect((await quarantine())[0]).toMatchObject({ row: '7', reason: 'malformed JSON line' });
  });

  it('breaks a watermark tie by the later file and row', async () => {
    const a = file('a.csv', 'id,email,phone,amount,updated_at\n1,first,,,2026-11-19 10:00:00\n');
    const b = file(
      'b.csv',
      'id,email,phone,amount,updated_at\n1,second,,,2026-11-19 10:00:00\n1,third,,,2026-11-19 10:00:00\n',
    );
    const out = await run(source('csv'), [a, b]);
    expect(out.counts.duplicatesDropped).toBe(2);
    expect((await lake()).map((r) => r['email'])).toEqual(['third']);
  });

  it('loads a drifted CSV: columns reordered, an extra column, a renamed column mapped by the sources file', async () => {
    const s = source('csv', { renames: { phone_number: 'phone' } });
    const old = file('a.csv', 'id,email,phone,amount,updated_at\n1,a@x,111,1.00,2026-11-19 10:00:00\n');
    const drifted = file(
      'b.csv',
      'UPDATED_AT,utm_source,phone_number,id,email,amount\n2026-11-19 11:00:00,google,222,2,b@x,2.00\n',
    );
    const out = await run(s, [old, drifted]);
    expect(out.counts.rowsLoaded).toBe(2);
    expect((await lake()).map((r) => [r['id'], r['phone'], r['amount']])).toEqual([
      ['1', '111', '1.00'],
      ['2', '222', '2.00'],
    ]);
  });

  it('fails a file that lacks a schema column, naming the source, the file and the column', async () => {
    const f = file('a.csv', 'id,email,amount,updated_at\n1,a@x,1.00,2026-11-19 10:00:00\n');
    await expect(run(source('csv'), [f])).rejects.toThrow(
      /source contacts: s3:\/\/raw\/a\.csv lacks column\(s\) phone \(it has: id, email, amount, updated_at\)/,
    );
  });

  it('reads Parquet, casting typed and text columns alike', async () => {
    const path = join(dir, 'a.parquet');
    await db.run(
      `COPY (SELECT * FROM (VALUES (1::BIGINT, 'a@x', '1', '3.10', TIMESTAMP '2026-11-19 10:00:00'),
                                   (2::BIGINT, 'b@x', '2', 'n/a', TIMESTAMP '2026-11-19 10:00:00'))
             t(id, email, phone, amount, updated_at)) TO '${path}' (FORMAT parquet)`,
    );
    const out = await run(source('parquet'), [{ path, name: 's3://raw/a.parquet' }]);
    expect(out.counts).toMatchObject({ rowsRead: 2, rowsLoaded: 1, rowsQuarantined: 1 });
    expect((await quarantine())[0]).toMatchObject({ row: '2', column: 'amount', value: 'n/a' });
  });

  it('fails an unreadable Parquet file with BadInput naming it', async () => {
    const f = file('bad.parquet', 'PAR1 this is not parquet');
    await expect(run(source('parquet'), [f])).rejects.toMatchObject({
      name: 'Etl.BadInput',
      exitCode: 3,
      message: expect.stringMatching(/^source contacts: cannot read s3:\/\/raw\/bad\.parquet: /),
    });
  });

  it('asserts the invariant', () => {
    const counts = { rowsRead: 10, rowsLoaded: 5, rowsQuarantined: 2, duplicatesDropped: 2, lateRowsDropped: 1 };
    expect(() => assertRowInvariant('s', counts)).not.toThrow();
    expect(() => assertRowInvariant('s', { ...counts, rowsLoaded: 4 })).toThrow(InvariantError);
  });
});
