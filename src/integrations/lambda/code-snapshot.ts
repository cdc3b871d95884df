/**
 * A function's code directory as Lambda sees a deployment package: its digest (CodeSha256, CodeSize, last change)
 * and a frozen copy for a published version. Compiled Python caches are neither hashed nor copied: they change
 * when the code runs, not when it is edited.
 */
import { createHash } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';

export interface CodeDigest {
  /** Base64 SHA-256 over every file's relative path and bytes, in path order. */
  readonly sha256: string;
  /** Bytes of all files. */
  readonly size: number;
  /** Epoch milliseconds of the newest file. */
  readonly lastModified: number;
}

const skipped = (path: string): boolean => basename(path) === '__pycache__' || path.endsWith('.pyc');

export function codeDigest(dir: string): CodeDigest {
  const hash = createHash('sha256');
  let size = 0;
  let lastModified = 0;
  const visit = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const path = join(at, entry.name);
      if (skipped(path)) continue;
      const stat = statSync(path);
      if (stat.isDirectory()) visit(path);
      else if (stat.isFile()) {
        const bytes = readFileSync(path);
        hash.update(`${relative(dir, path)}\u0000${bytes.length}\u0000`).update(bytes);
        size += bytes.length;
        lastModified = Math.max(lastModified, stat.mtimeMs);
      }
    }
  };
  visit(dir);
  return { sha256: hash.digest('base64'), size, lastModified: Math.floor(lastModified) };
}

/** Copies `from` to `to` (which must not exist) through a temporary sibling, so a crash leaves no half copy. */
export function snapshotCode(from: string, to: string): void {
  const partial = `${to}.partial`;
  rmSync(partial, { recursive: true, force: true });
  cpSync(from, partial, { recursive: true, dereference: true, filter: (path) => !skipped(path) });
  renameSync(partial, to);
}
