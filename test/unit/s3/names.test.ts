import { bucketNameProblem } from '../../../src/s3/bucket-name';
import { S3Error } from '../../../src/s3/errors';
import { assertObjectKey } from '../../../src/s3/object-key';

function problemWith(key: string): string | undefined {
  try {
    assertObjectKey(key);
    return undefined;
  } catch (error) {
    return error instanceof S3Error ? error.code : String(error);
  }
}

describe('bucket names', () => {
  it.each(['abc', 'my-bucket.v2', 'a'.repeat(63), '123bucket'])('accepts %s', (name) => {
    expect(bucketNameProblem(name)).toBeUndefined();
  });
  it.each([
    'ab',
    'a'.repeat(64),
    'UPPER',
    'has_underscore',
    '-leading',
    'trailing-',
    'two..dots',
    '192.168.1.1',
    'xn--punycode',
    'x-s3alias',
    '..',
    'a/b',
    'a\u0000b',
  ])('refuses %j', (name) => {
    expect(bucketNameProblem(name)).toBeDefined();
  });
});

describe('object keys', () => {
  it.each([
    'a',
    '/leading',
    'double//slash',
    'trailing/',
    'sp ace',
    'ünïcödé/☃',
    '...',
    'a..b',
    '.hidden',
    'k'.repeat(1024),
  ])('accepts %j', (key) => {
    expect(problemWith(key)).toBeUndefined();
  });
  it.each([
    ['..', 'InvalidArgument'],
    ['../x', 'InvalidArgument'],
    ['a/../../x', 'InvalidArgument'],
    ['a/./b', 'InvalidArgument'],
    ['x/..', 'InvalidArgument'],
    ['nul\u0000byte', 'InvalidArgument'],
    ['é'.repeat(513), 'KeyTooLongError'],
  ])('refuses %j with %s', (key, code) => {
    expect(problemWith(key)).toBe(code);
  });
});
