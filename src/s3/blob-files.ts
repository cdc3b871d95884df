import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { readdir, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The contents of the embedded S3's objects and parts: `blobs/<2 hex>/<id>`, one immutable file per write under a
 * random id, and `tmp/`, bodies being received, renamed into `blobs/` once complete (emptied on open, so a killed
 * upload leaves nothing behind). Which blob is whose is the index's to say (./object-store.ts).
 */
export class BlobFiles {
  private readonly blobDir: string;
  private readonly tmpDir: string;
  private readonly shards = new Set<string>();
  private readonly openedAt = Date.now();

  constructor(root: string) {
    this.blobDir = join(root, 'blobs');
    this.tmpDir = join(root, 'tmp');
    rmSync(this.tmpDir, { recursive: true, force: true });
    mkdirSync(this.tmpDir, { recursive: true });
  }

  /** A fresh file path for a body being received; `commit` makes it a blob. */
  tempFile(): { id: string; path: string } {
    const id = randomBytes(16).toString('hex');
    return { id, path: join(this.tmpDir, id) };
  }

  async commit(id: string): Promise<void> {
    const shard = id.slice(0, 2);
    if (!this.shards.has(shard)) {
      mkdirSync(join(this.blobDir, shard), { recursive: true });
      this.shards.add(shard);
    }
    await rename(join(this.tmpDir, id), this.path(id));
  }

  path(id: string): string {
    return join(this.blobDir, id.slice(0, 2), id);
  }

  /** Removes blob files no row refers to any more. Readers holding them open keep reading. */
  discard(ids: readonly string[]): void {
    for (const id of ids) unlink(this.path(id)).catch(() => undefined);
  }

  /**
   * Removes the blob files `isReferenced` denies, left by a crash between a file's commit and its row's (or between
   * a row's deletion and its file's): only files older than this opening, so a write in flight is never touched;
   * one shard directory at a time, yielding between them, until `isClosed`. Resolves to the files and bytes removed.
   */
  async sweepOrphans(
    isReferenced: (id: string) => boolean,
    isClosed: () => boolean,
  ): Promise<{ files: number; bytes: number }> {
    const freed = { files: 0, bytes: 0 };
    const shards = await readdir(this.blobDir).catch(() => [] as string[]);
    for (const shard of shards) {
      const names = await readdir(join(this.blobDir, shard)).catch(() => [] as string[]);
      for (const name of names) {
        if (isClosed()) return freed;
        const path = join(this.blobDir, shard, name);
        const info = await stat(path).catch(() => undefined);
        if (info === undefined || info.mtimeMs >= this.openedAt || isClosed()) continue;
        if (isReferenced(name)) continue;
        await unlink(path).catch(() => undefined);
        freed.files += 1;
        freed.bytes += info.size;
      }
    }
    return freed;
  }
}
