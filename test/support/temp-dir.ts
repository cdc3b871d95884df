/** Temporary directories that live as long as one test, so no test sees another's files. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Registers `beforeEach`/`afterEach` hooks in the enclosing block that create `fanout-<prefix>-*` under the OS
 * temporary folder and remove it afterwards; the returned function gives the current test's directory.
 */
export function tempDirPerTest(prefix: string): () => string {
  let dir: string | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), `fanout-${prefix}-`));
  });
  afterEach(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  return () => {
    if (dir === undefined) throw new Error(`the ${prefix} temporary directory exists only while a test runs`);
    return dir;
  };
}
