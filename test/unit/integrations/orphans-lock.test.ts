/** One server holds a data directory at a time; a crashed owner's lock is taken over. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { processIdentity } from '../../../src/integrations/orphans';
import { lockDataDir, LOCK_FILE } from '../../../src/integrations/orphans-lock';
import { tempDirPerTest } from '../../support/temp-dir';

describe('the data directory lock', () => {
  const tempDir = tempDirPerTest('lock');

  it('refuses a second owner while the first lives, and is taken over once it is stale', () => {
    const dir = tempDir();
    const first = lockDataDir(dir);
    expect(first.recovered).toBe(false);
    // Another live process owns it (pid 1 with its real start time).
    const init = processIdentity(1);
    first.release();
    if (init !== undefined) {
      writeFileSync(join(dir, LOCK_FILE), JSON.stringify(init));
      expect(() => lockDataDir(dir)).toThrow(/in use by another fanout server \(pid 1\)/);
    }
    // A crashed owner: same pid number, different start time.
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid: 1, start: '1', boot: 'gone' }));
    const second = lockDataDir(dir);
    expect(second.recovered).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid });
    second.release();
  });
});
