import { gzipSync } from 'node:zlib';
import { oneObjectStore, type MemoryStore } from '../support/memory-store';
import { failure, getObject, values } from '../support/collect';

const csvStore = (body: string | Buffer, key = 'data.csv', chunkSize?: number): MemoryStore =>
  oneObjectStore(key, body, chunkSize);

const csv = (extra: Record<string, string | string[]> = {}) => ({ InputType: 'CSV', ...extra });

describe('CSV reader', () => {
  test('FIRST_ROW header: every value a string, file order', async () => {
    const store = csvStore('id,name,flag\n1,alpha,true\n2,beta,Null\n');
    expect(await values(getObject('b', 'data.csv', csv()), store)).toEqual([
      { id: '1', name: 'alpha', flag: 'true' },
      { id: '2', name: 'beta', flag: 'Null' },
    ]);
  });

  test('header quirks: 0,True,{} become keys; an empty header cell is the key ""; whitespace is kept', async () => {
    const store = csvStore('0,True,{},\n a ,   ,x,y\n');
    expect(await values(getObject('b', 'data.csv', csv()), store)).toEqual([
      { '0': ' a ', True: '   ', '{}': 'x', '': 'y' },
    ]);
  });

  test('short rows are padded with "", extra fields dropped', async () => {
    const store = csvStore('a,b,c\n1\n1,2,3,4,5\n');
    expect(await values(getObject('b', 'data.csv', csv()), store)).toEqual([
      { a: '1', b: '', c: '' },
      { a: '1', b: '2', c: '3' },
    ]);
  });

  test('GIVEN headers: the first row is data', async () => {
    const store = csvStore('1,2\n3,4');
    const config = csv({ CSVHeaderLocation: 'GIVEN', CSVHeaders: ['x', 'y'] });
    expect(await values(getObject('b', 'data.csv', config), store)).toEqual([
      { x: '1', y: '2' },
      { x: '3', y: '4' },
    ]);
  });

  test('GIVEN duplicate headers fail as on AWS', async () => {
    const store = csvStore('1,2\n');
    const config = csv({ CSVHeaderLocation: 'GIVEN', CSVHeaders: ['x', 'x'] });
    expect(await failure(getObject('b', 'data.csv', config), store)).toEqual({
      error: 'States.ItemReaderFailed',
      cause: 'CSV headers cannot contain duplicates.',
    });
  });

  test.each([
    ['COMMA', 'a,b\n1,2\n'],
    ['PIPE', 'a|b\n1|2\n'],
    ['SEMICOLON', 'a;b\n1;2\n'],
    ['SPACE', 'a b\n1 2\n'],
    ['TAB', 'a\tb\n1\t2\n'],
  ])('CSVDelimiter %s', async (delimiter, body) => {
    const store = csvStore(body);
    expect(await values(getObject('b', 'data.csv', csv({ CSVDelimiter: delimiter })), store)).toEqual([
      { a: '1', b: '2' },
    ]);
  });

  test("AWS's own example: quoted commas, newlines and doubled quotes, inside quotes and out", async () => {
    const store = csvStore(
      'abc,123,"This string contains commas, a double quotation marks (""), and a newline (\n)",{""MyKey"":""MyValue""},"[1,2,3]"\n',
    );
    const config = csv({
      CSVHeaderLocation: 'GIVEN',
      CSVHeaders: ['MyLetters', 'MyNumbers', 'MyString', 'MyObject', 'MyArray'],
    });
    expect(await values(getObject('b', 'data.csv', config), store)).toEqual([
      {
        MyLetters: 'abc',
        MyNumbers: '123',
        MyString: 'This string contains commas, a double quotation marks ("), and a newline (\n)',
        MyObject: '{"MyKey":"MyValue"}',
        MyArray: '[1,2,3]',
      },
    ]);
  });

  test('"" at the start of a field is an empty string; a delimiter inside quotes is text', async () => {
    const store = csvStore('a,b,c\n"","x,y","say ""hi"""\n');
    expect(await values(getObject('b', 'data.csv', csv()), store)).toEqual([{ a: '', b: 'x,y', c: 'say "hi"' }]);
  });

  test('backslashes escape backslash, quote and the delimiter; before anything else they are dropped', async () => {
    const store = csvStore('path,size\nC:\\\\Program Files\\\\MyApp.exe,6534512\na\\,b,\\x\\y\n');
    expect(await values(getObject('b', 'data.csv', csv()), store)).toEqual([
      { path: 'C:\\Program Files\\MyApp.exe', size: '6534512' },
      { path: 'a,b', size: 'xy' },
    ]);
  });

  test('backslash-escaped quotes work in pairs', async () => {
    const store = csvStore('q,n\nsay \\"hi, there\\",1\n');
    expect(await values(getObject('b', 'data.csv', csv()), store)).toEqual([{ q: 'say "hi, there"', n: '1' }]);
  });

  test('an unpaired escaped quote leaves the rest quoted: unbalanced quotes', async () => {
    const store = csvStore('q,n\nsay \\"hi,1\nnext,2\n');
    expect(await failure(getObject('b', 'data.csv', csv()), store)).toEqual({
      error: 'States.ItemReaderFailed',
      cause: 'Unbalanced quotes: a quoted field is never closed (s3://b/data.csv, the quote opens on line 2)',
    });
  });

  test('CRLF line ends, blank lines skipped, no newline at the end, UTF-8 BOM dropped', async () => {
    const store = csvStore('\uFEFFa,b\r\n1,2\r\n\r\n\n3,"4\r\n5"');
    expect(await values(getObject('b', 'data.csv', csv()), store)).toEqual([
      { a: '1', b: '2' },
      { a: '3', b: '4\r\n5' },
    ]);
  });

  test('chunk boundaries anywhere: one byte at a time, multi-byte characters included', async () => {
    const body = 'name,city\n"Zoë, ""the"" 1st",Kraków\nplain,\\\\日本\r\n';
    const whole = await values(getObject('b', 'data.csv', csv()), csvStore(body));
    const bytewise = await values(getObject('b', 'data.csv', csv()), csvStore(body, 'data.csv', 1));
    expect(bytewise).toEqual(whole);
    expect(whole).toEqual([
      { name: 'Zoë, "the" 1st', city: 'Kraków' },
      { name: 'plain', city: '\\日本' },
    ]);
  });

  test('unbalanced quotes name the file and the line the quote opens on', async () => {
    const store = csvStore('a,b\n1,2\n3,"never closed\n4,5\n');
    expect(await failure(getObject('b', 'data.csv', csv()), store)).toEqual({
      error: 'States.ItemReaderFailed',
      cause: 'Unbalanced quotes: a quoted field is never closed (s3://b/data.csv, the quote opens on line 3)',
    });
  });

  test('an empty file fails', async () => {
    const store = csvStore('');
    expect(await failure(getObject('b', 'data.csv', csv()), store)).toEqual({
      error: 'States.ItemReaderFailed',
      cause: 'The object is empty (s3://b/data.csv)',
    });
  });

  test('a missing object fails naming it', async () => {
    const store = csvStore('a\n1\n');
    expect((await failure(getObject('b', 'other.csv', csv()), store)).cause).toBe(
      'The object s3://b/other.csv does not exist',
    );
    expect((await failure(getObject('nope', 'x.csv', csv()), store)).cause).toBe(
      "The bucket 'nope' does not exist (reading the object s3://nope/x.csv)",
    );
  });

  test('an unclosed quote does not swallow a large file: records are bounded at 8 MB', async () => {
    const body = Buffer.from('a\n"' + 'x'.repeat(9 * 1024 * 1024));
    const { cause } = await failure(getObject('b', 'big.csv', csv()), csvStore(body, 'big.csv'));
    expect(cause).toBe('A record is larger than 8 MB (is the quote opened on line 2 closed?) (s3://b/big.csv, line 2)');
  });

  test('gzip by extension and by magic bytes; corrupt gzip names the offset', async () => {
    const body = gzipSync('a,b\n1,2\n');
    expect(await values(getObject('b', 'data.csv.gz', csv()), csvStore(body, 'data.csv.gz'))).toEqual([
      { a: '1', b: '2' },
    ]);
    expect(await values(getObject('b', 'data.csv', csv()), csvStore(body, 'data.csv'))).toEqual([{ a: '1', b: '2' }]);
    const corrupt = Buffer.concat([body.subarray(0, 12), Buffer.from('garbage-garbage-garbage')]);
    const { error, cause } = await failure(getObject('b', 'data.csv.gz', csv()), csvStore(corrupt, 'data.csv.gz'));
    expect(error).toBe('States.ItemReaderFailed');
    expect(cause).toMatch(/^Corrupt gzip data: .+ \(s3:\/\/b\/data\.csv\.gz, near compressed byte \d+\)$/);
  });

  test('MaxItems stops after that many rows', async () => {
    const store = csvStore('n\n' + Array.from({ length: 100 }, (_, i) => `${i}\n`).join(''));
    expect(await values(getObject('b', 'data.csv', csv(), 3), store)).toEqual([{ n: '0' }, { n: '1' }, { n: '2' }]);
  });

  test('the source of each item is S3://bucket/key', async () => {
    const store = csvStore('n\n1\n');
    const { readItems } = await import('../../../../src/map/readers');
    for await (const item of readItems(getObject('b', 'data.csv', csv()), store)) {
      expect(item).toEqual({ value: { n: '1' }, source: 'S3://b/data.csv' });
    }
  });
});
