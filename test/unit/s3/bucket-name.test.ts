import { bucketNameProblem } from '../../../src/s3/bucket-name';

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
