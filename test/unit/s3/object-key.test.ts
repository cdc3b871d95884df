import { isWireError } from '../../../src/protocol/wire-error';
import { assertObjectKey } from '../../../src/s3/object-key';

function problemWith(key: string): string | undefined {
  try {
    assertObjectKey(key);
    return undefined;
  } catch (error) {
    return isWireError(error) ? error.code : String(error);
  }
}

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
