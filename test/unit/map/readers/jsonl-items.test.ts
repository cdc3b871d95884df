import { oneObjectStore as store } from '../support/memory-store';
import { failure, getObject, values } from '../support/collect';

/** `{"a":1}\n{"a":2}\n` compressed with the zstd CLI. */
const ZSTD_JSONL = Buffer.from('KLUv/SQQgQAAeyJhIjoxfQp7ImEiOjJ9Cu7trPI=', 'base64');

describe('JSONL reader', () => {
  test('one item per line; blank lines skipped; CRLF accepted', async () => {
    expect(
      await values(getObject('b', 'l.jsonl', { InputType: 'JSONL' }), store('l.jsonl', '{"a":1}\r\n\n[2]\n"three"')),
    ).toEqual([{ a: 1 }, [2], 'three']);
  });

  test('a malformed line fails with its number', async () => {
    const { error, cause } = await failure(
      getObject('b', 'l.jsonl', { InputType: 'JSONL' }),
      store('l.jsonl', '{"a":1}\n{"a":\n{"a":3}\n'),
    );
    expect(error).toBe('States.ItemReaderFailed');
    expect(cause).toMatch(/^Malformed JSON Lines: .* \(s3:\/\/b\/l\.jsonl, line 2\)$/);
  });

  test('zstd by extension (.zst) and by magic bytes', async () => {
    expect(
      await values(getObject('b', 'l.jsonl.zst', { InputType: 'JSONL' }), store('l.jsonl.zst', ZSTD_JSONL)),
    ).toEqual([{ a: 1 }, { a: 2 }]);
    expect(await values(getObject('b', 'l.jsonl', { InputType: 'JSONL' }), store('l.jsonl', ZSTD_JSONL))).toEqual([
      { a: 1 },
      { a: 2 },
    ]);
  });

  test('corrupt zstd names the object', async () => {
    const corrupt = Buffer.concat([ZSTD_JSONL.subarray(0, 8), Buffer.from('xxxxxxxxxxxxxxxxxxxx')]);
    const { cause } = await failure(
      getObject('b', 'l.jsonl.zstd', { InputType: 'JSONL' }),
      store('l.jsonl.zstd', corrupt),
    );
    expect(cause).toMatch(/^Corrupt zstd data: .*\(s3:\/\/b\/l\.jsonl\.zstd, near compressed byte \d+\)$/);
  });
});
