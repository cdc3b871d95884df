import { oneObjectStore as store } from '../support/memory-store';
import { failure, getObject, values } from '../support/collect';
import { writeParquet } from '../support/parquet-writer';

describe('Parquet reader', () => {
  const columns = [
    { name: 'id', type: 'INT64' as const, values: [1n, 2n, 9007199254740993n] },
    { name: 'name', type: 'UTF8' as const, values: ['a', 'bé', ''] },
    { name: 'score', type: 'DOUBLE' as const, values: [1.5, -2, 0] },
    { name: 'ok', type: 'BOOLEAN' as const, values: [true, false, true] },
  ];

  test.each(['UNCOMPRESSED', 'GZIP'] as const)(
    'rows as items (%s pages); INT64 beyond 2^53 as a string',
    async (codec) => {
      const body = writeParquet(columns, codec);
      expect(await values(getObject('b', 't.parquet', { InputType: 'PARQUET' }), store('t.parquet', body))).toEqual([
        { id: 1, name: 'a', score: 1.5, ok: true },
        { id: 2, name: 'bé', score: -2, ok: false },
        { id: '9007199254740993', name: '', score: 0, ok: true },
      ]);
    },
  );

  test('MaxItems', async () => {
    const body = writeParquet(columns);
    expect(
      await values(getObject('b', 't.parquet', { InputType: 'PARQUET' }, 1), store('t.parquet', body)),
    ).toHaveLength(1);
  });

  test('a file that is not Parquet fails naming it', async () => {
    const { error, cause } = await failure(
      getObject('b', 'x.parquet', { InputType: 'PARQUET' }),
      store('x.parquet', 'hello, I am a CSV'),
    );
    expect(error).toBe('States.ItemReaderFailed');
    expect(cause).toBe('Cannot read the Parquet file: not a Parquet file: no PAR1 magic at its end (s3://b/x.parquet)');
  });
});
