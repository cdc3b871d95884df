/**
 * One server per data directory: `<dataDir>/server.lock` holds the identity (pid, start time, boot id) of the
 * server that owns it. A second server on the same directory is refused while the owner lives; a lock left by
 * a crashed server (its owner is gone, or its pid now belongs to another process) is taken over. Owning the
 * directory is what makes stopping orphans and resuming executions safe: they belong to no live server.
 */
import { mkdirSync, openSync, readFileSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive, processIdentity, type ProcessIdentity } from './orphans';

export const LOCK_FILE = 'server.lock';

export class DataDirBusyError extends Error {
  override readonly name = 'DataDirBusyError';
  readonly code = 'EDATADIRBUSY';
}

export interface DataDirLock {
  /** True when a lock left by a crashed server was taken over (the previous run did not shut down cleanly). */
  readonly recovered: boolean;
  release(): void;
}

/** Takes `<dataDir>/server.lock` for this process, or throws DataDirBusyError naming the live owner. */
export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, LOCK_FILE);
  const self = processIdentity(process.pid) ?? { pid: process.pid, start: '', boot: '' };
  let recovered = false;
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readOwner(file);
      if (owner !== undefined && owner.pid !== process.pid && ownerAlive(owner)) {
        throw new DataDirBusyError(
          `the data directory ${dataDir} is in use by another fanout server (pid ${owner.pid}); stop it first`,
        );
      }
      recovered = true;
      try {
        unlinkSync(file);
      } catch {
        // Someone else removed it first; try again.
      }
      continue;
    }
    try {
      writeSync(fd, JSON.stringify(self));
    } finally {
      closeSync(fd);
    }
    let released = false;
    return {
      recovered,
      release() {
        if (released) return;
        released = true;
        const owner = readOwner(file);
        if (owner?.pid === self.pid && owner.start === self.start) {
          try {
            unlinkSync(file);
          } catch {
            // Already gone.
          }
        }
      },
    };
  }
  throw new DataDirBusyError(`could not take the lock ${file}`);
}

function readOwner(file: string): ProcessIdentity | undefined {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as Partial<ProcessIdentity>;
    if (typeof value.pid !== 'number' || typeof value.start !== 'string' || typeof value.boot !== 'string') {
      return undefined;
    }
    return { pid: value.pid, start: value.start, boot: value.boot };
  } catch {
    // Empty or cut short: written by a server that died while taking it.
    return undefined;
  }
}

/** Without /proc the start time is unknown: a live pid is then taken to be the owner (the safe side). */
function ownerAlive(owner: ProcessIdentity): boolean {
  if (owner.start === '') {
    try {
      process.kill(owner.pid, 0);
      return true;
    } catch {
      return false;
    }
  }
  return isAlive(owner);
}
