import { invalidArgument, s3Error } from './errors';

const MAX_KEY_BYTES = 1024;

/**
 * Keys never name files (objects are stored under random blob ids, see object-store.ts), so no key can reach
 * outside `<dataDir>/s3`. We still refuse what no honest client sends and what would turn into a path
 * traversal in any tool that later mirrors keys to disk: NUL, and `.`/`..` path segments. S3 itself accepts
 * dot segments; this is a deliberate local restriction. Leading and doubled slashes are ordinary key
 * characters, as in S3.
 */
export function assertObjectKey(key: string): void {
  if (key.length === 0) throw invalidArgument('The object key must not be empty.', 'key', key);
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) {
    throw s3Error('KeyTooLongError', 400, 'Your key is too long', {
      Size: String(Buffer.byteLength(key)),
      MaxSizeAllowed: String(MAX_KEY_BYTES),
    });
  }
  if (key.includes('\u0000'))
    throw invalidArgument('Object keys must not contain NUL characters.', 'key', key.split('\u0000').join('\\0'));
  if (key.split('/').some((segment) => segment === '.' || segment === '..')) {
    throw invalidArgument(
      "Object keys with '.' or '..' path segments are refused by fanout's local S3 (they would traverse directories when keys are mirrored to files).",
      'key',
      key,
    );
  }
}
