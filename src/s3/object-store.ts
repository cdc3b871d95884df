import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BlobFiles } from './blob-files';

/**
 * Where the embedded S3 keeps its state, all under `<dataDir>/s3/`:
 * - `index.db`: buckets, objects, multipart uploads and parts (SQLite, its own file: S3 state is separate
 *   from the workflow store and never migrates with it);
 * - `blobs/` and `tmp/`: object and part contents, one immutable file per write (./blob-files.ts).
 * Keys live only in the index, never in file names: no key can name a path, and `a` and `a/b` coexist.
 * Keys are stored as UTF-8 BLOBs so that SQLite's memcmp order is S3's listing order (UTF-8 binary).
 */

const SCHEMA = [
  `CREATE TABLE buckets (name TEXT PRIMARY KEY, created_at INTEGER NOT NULL) WITHOUT ROWID`,
  `CREATE TABLE objects (
     bucket TEXT NOT NULL, key BLOB NOT NULL, blob TEXT NOT NULL, size INTEGER NOT NULL, etag TEXT NOT NULL,
     last_modified INTEGER NOT NULL, headers TEXT NOT NULL, PRIMARY KEY (bucket, key)) WITHOUT ROWID`,
  `CREATE TABLE uploads (
     upload_id TEXT PRIMARY KEY, bucket TEXT NOT NULL, key BLOB NOT NULL, initiated INTEGER NOT NULL,
     headers TEXT NOT NULL) WITHOUT ROWID`,
  `CREATE INDEX uploads_by_bucket ON uploads (bucket, key)`,
  `CREATE TABLE parts (
     upload_id TEXT NOT NULL, part_number INTEGER NOT NULL, blob TEXT NOT NULL, size INTEGER NOT NULL,
     etag TEXT NOT NULL, last_modified INTEGER NOT NULL, PRIMARY KEY (upload_id, part_number)) WITHOUT ROWID`,
  // A bucket's notification configuration: whether its object events go to EventBridge.
  `CREATE TABLE notifications (bucket TEXT PRIMARY KEY, eventbridge INTEGER NOT NULL) WITHOUT ROWID`,
  // The start-up sweep asks of each blob file whether a row still refers to it.
  `CREATE INDEX objects_by_blob ON objects (blob)`,
  `CREATE INDEX parts_by_blob ON parts (blob)`,
];

/** Stored response headers of an object: Content-Type and friends, and `x-amz-meta-*`. */
export type ObjectHeaders = Record<string, string>;

export interface StoredObject {
  key: string;
  blob: string;
  size: number;
  /** Quoted, as S3 sends it. */
  etag: string;
  lastModified: Date;
  headers: ObjectHeaders;
}

export interface NewObject {
  blob: string;
  size: number;
  etag: string;
  headers: ObjectHeaders;
}

export interface Upload {
  uploadId: string;
  bucket: string;
  key: string;
  initiated: Date;
  headers: ObjectHeaders;
}

export interface Part {
  partNumber: number;
  blob: string;
  size: number;
  etag: string;
  lastModified: Date;
}

export interface ListQuery {
  prefix: string;
  /** Exclusive lower bound (UTF-8 bytes): a StartAfter key, or where the previous page stopped. */
  after: Buffer;
  delimiter: string;
  maxKeys: number;
}

export interface ListPage {
  contents: StoredObject[];
  commonPrefixes: string[];
  truncated: boolean;
  /** Exclusive lower bound for the next page, when truncated. */
  next: Buffer | undefined;
}

interface ObjectRow {
  key: Buffer;
  blob: string;
  size: number;
  etag: string;
  last_modified: number;
  headers: string;
}

/** Greater than every UTF-8 string starting with the bytes before it (0xFF never occurs in UTF-8). */
const PAST = Buffer.from([0xff]);

export class ObjectStore {
  private readonly db: Database.Database;
  readonly blobs: BlobFiles;
  private closed = false;

  private constructor(readonly root: string) {
    this.blobs = new BlobFiles(root);
    this.db = new Database(join(root, 'index.db'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version < SCHEMA.length) {
      this.db.transaction(() => {
        for (const statement of SCHEMA.slice(version)) this.db.exec(statement);
        this.db.pragma(`user_version = ${SCHEMA.length}`);
      })();
    }
  }

  /** Opens (creating as needed) the store rooted at `root`, normally `<dataDir>/s3`. */
  static open(root: string): ObjectStore {
    mkdirSync(root, { recursive: true });
    return new ObjectStore(root);
  }

  close(): void {
    this.closed = true;
    this.db.close();
  }

  /** Removes the blob files no row refers to (./blob-files.ts). */
  sweepOrphans(): Promise<{ files: number; bytes: number }> {
    const referenced = this.db.prepare(
      'SELECT 1 FROM objects WHERE blob = ? UNION ALL SELECT 1 FROM parts WHERE blob = ? LIMIT 1',
    );
    return this.blobs.sweepOrphans(
      (id) => referenced.get(id, id) !== undefined,
      () => this.closed,
    );
  }

  // Buckets

  createBucket(name: string, now: Date): boolean {
    return (
      this.db.prepare('INSERT OR IGNORE INTO buckets (name, created_at) VALUES (?, ?)').run(name, now.getTime())
        .changes === 1
    );
  }

  bucketExists(name: string): boolean {
    return this.db.prepare('SELECT 1 FROM buckets WHERE name = ?').get(name) !== undefined;
  }

  listBuckets(): Array<{ name: string; created: Date }> {
    const rows = this.db.prepare('SELECT name, created_at FROM buckets ORDER BY name').all() as Array<{
      name: string;
      created_at: number;
    }>;
    return rows.map((row) => ({ name: row.name, created: new Date(row.created_at) }));
  }

  /** Deletes an empty bucket and its abandoned multipart uploads. */
  deleteBucket(name: string): 'deleted' | 'missing' | 'not-empty' {
    const blobs: string[] = [];
    const outcome = this.db.transaction((): 'deleted' | 'missing' | 'not-empty' => {
      if (!this.bucketExists(name)) return 'missing';
      if (this.db.prepare('SELECT 1 FROM objects WHERE bucket = ? LIMIT 1').get(name) !== undefined) return 'not-empty';
      const uploads = this.db.prepare('SELECT upload_id FROM uploads WHERE bucket = ?').pluck().all(name) as string[];
      for (const uploadId of uploads) blobs.push(...this.dropUpload(uploadId));
      this.db.prepare('DELETE FROM buckets WHERE name = ?').run(name);
      this.db.prepare('DELETE FROM notifications WHERE bucket = ?').run(name);
      return 'deleted';
    })();
    this.blobs.discard(blobs);
    return outcome;
  }

  // Objects

  getObject(bucket: string, key: string): StoredObject | undefined {
    const row = this.db
      .prepare('SELECT key, blob, size, etag, last_modified, headers FROM objects WHERE bucket = ? AND key = ?')
      .get(bucket, Buffer.from(key, 'utf8')) as ObjectRow | undefined;
    return row && toObject(row);
  }

  /**
   * Stores (or replaces) an object; the blob it replaces is discarded once the new row is committed. When the
   * commit fails (a full disk) the new blob goes instead and the old object stays whole.
   */
  putObject(bucket: string, key: string, object: NewObject, now: Date): void {
    const replaced = this.committing([object.blob], () => this.upsertObject(bucket, key, object, now));
    if (replaced !== undefined && replaced !== object.blob) this.blobs.discard([replaced]);
  }

  /** Runs `write` in a transaction; if it fails, the blobs written for it are discarded (no row refers to them). */
  private committing<T>(newBlobs: readonly string[], write: () => T): T {
    try {
      return this.db.transaction(write)();
    } catch (error) {
      this.blobs.discard(newBlobs);
      throw error;
    }
  }

  /** Returns the blob of the object replaced, if any. */
  private upsertObject(bucket: string, key: string, object: NewObject, now: Date): string | undefined {
    const keyBytes = Buffer.from(key, 'utf8');
    const old = this.db
      .prepare('SELECT blob FROM objects WHERE bucket = ? AND key = ?')
      .pluck()
      .get(bucket, keyBytes) as string | undefined;
    this.db
      .prepare(
        `INSERT INTO objects (bucket, key, blob, size, etag, last_modified, headers) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (bucket, key) DO UPDATE SET blob = excluded.blob, size = excluded.size, etag = excluded.etag,
           last_modified = excluded.last_modified, headers = excluded.headers`,
      )
      .run(bucket, keyBytes, object.blob, object.size, object.etag, now.getTime(), JSON.stringify(object.headers));
    return old;
  }

  /** Deletes an object: its row first (the commit either happens or throws), then its file. Returns whether there was one. */
  deleteObject(bucket: string, key: string): boolean {
    const keyBytes = Buffer.from(key, 'utf8');
    const blobs = this.db.transaction(
      () =>
        this.db
          .prepare('DELETE FROM objects WHERE bucket = ? AND key = ? RETURNING blob')
          .pluck()
          .all(bucket, keyBytes) as string[],
    )();
    this.blobs.discard(blobs);
    return blobs.length > 0;
  }

  // Notifications

  eventBridgeEnabled(bucket: string): boolean {
    return (
      this.db.prepare('SELECT 1 FROM notifications WHERE bucket = ? AND eventbridge = 1').get(bucket) !== undefined
    );
  }

  setEventBridge(bucket: string, enabled: boolean): void {
    if (enabled)
      this.db.prepare('INSERT OR REPLACE INTO notifications (bucket, eventbridge) VALUES (?, 1)').run(bucket);
    else this.db.prepare('DELETE FROM notifications WHERE bucket = ?').run(bucket);
  }

  /** One page of keys in UTF-8 binary order; with a delimiter, keys under a common prefix fold into it. */
  listObjects(bucket: string, query: ListQuery): ListPage {
    const prefix = Buffer.from(query.prefix, 'utf8');
    const upper = Buffer.concat([prefix, PAST]);
    const select = this.db.prepare(
      `SELECT key, blob, size, etag, last_modified, headers FROM objects
       WHERE bucket = ? AND key >= ? AND key > ? AND key < ? ORDER BY key`,
    );
    const contents: StoredObject[] = [];
    const commonPrefixes: string[] = [];
    let after = query.after;
    for (;;) {
      let folded: string | undefined;
      for (const row of select.iterate(bucket, prefix, after, upper) as Iterable<ObjectRow>) {
        if (contents.length + commonPrefixes.length >= query.maxKeys)
          return { contents, commonPrefixes, truncated: true, next: after };
        const key = row.key.toString('utf8');
        const at = query.delimiter === '' ? -1 : key.indexOf(query.delimiter, query.prefix.length);
        if (at >= 0) {
          folded = key.slice(0, at + query.delimiter.length);
          break;
        }
        contents.push(toObject(row));
        after = row.key;
      }
      if (folded === undefined) return { contents, commonPrefixes, truncated: false, next: undefined };
      // Jump past every key under the common prefix instead of reading them.
      commonPrefixes.push(folded);
      after = Buffer.concat([Buffer.from(folded, 'utf8'), PAST]);
    }
  }

  // Multipart uploads

  createUpload(bucket: string, key: string, headers: ObjectHeaders, now: Date): string {
    const uploadId = randomBytes(24).toString('base64url');
    this.db
      .prepare('INSERT INTO uploads (upload_id, bucket, key, initiated, headers) VALUES (?, ?, ?, ?, ?)')
      .run(uploadId, bucket, Buffer.from(key, 'utf8'), now.getTime(), JSON.stringify(headers));
    return uploadId;
  }

  getUpload(uploadId: string): Upload | undefined {
    const row = this.db
      .prepare('SELECT upload_id, bucket, key, initiated, headers FROM uploads WHERE upload_id = ?')
      .get(uploadId) as
      { upload_id: string; bucket: string; key: Buffer; initiated: number; headers: string } | undefined;
    if (!row) return undefined;
    return {
      uploadId: row.upload_id,
      bucket: row.bucket,
      key: row.key.toString('utf8'),
      initiated: new Date(row.initiated),
      headers: JSON.parse(row.headers) as ObjectHeaders,
    };
  }

  /** Records a part (replacing one with the same number). False when the upload is gone meanwhile. */
  putPart(uploadId: string, part: Omit<Part, 'lastModified'>, now: Date): boolean {
    const outcome = this.committing([part.blob], () => {
      if (this.db.prepare('SELECT 1 FROM uploads WHERE upload_id = ?').get(uploadId) === undefined)
        return { stored: false, old: undefined };
      const old = this.db
        .prepare('SELECT blob FROM parts WHERE upload_id = ? AND part_number = ?')
        .pluck()
        .get(uploadId, part.partNumber) as string | undefined;
      this.db
        .prepare(
          `INSERT INTO parts (upload_id, part_number, blob, size, etag, last_modified) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (upload_id, part_number) DO UPDATE SET blob = excluded.blob, size = excluded.size,
             etag = excluded.etag, last_modified = excluded.last_modified`,
        )
        .run(uploadId, part.partNumber, part.blob, part.size, part.etag, now.getTime());
      return { stored: true, old };
    });
    if (outcome.old !== undefined) this.blobs.discard([outcome.old]);
    return outcome.stored;
  }

  parts(uploadId: string): Part[] {
    const rows = this.db
      .prepare(
        'SELECT part_number, blob, size, etag, last_modified FROM parts WHERE upload_id = ? ORDER BY part_number',
      )
      .all(uploadId) as Array<{ part_number: number; blob: string; size: number; etag: string; last_modified: number }>;
    return rows.map((row) => ({
      partNumber: row.part_number,
      blob: row.blob,
      size: row.size,
      etag: row.etag,
      lastModified: new Date(row.last_modified),
    }));
  }

  /** Completes an upload atomically: the object appears and the upload with its parts goes. */
  completeUpload(upload: Upload, object: NewObject, now: Date): boolean {
    const blobs: string[] = [];
    const done = this.committing([object.blob], () => {
      if (this.db.prepare('SELECT 1 FROM uploads WHERE upload_id = ?').get(upload.uploadId) === undefined) return false;
      blobs.push(...this.dropUpload(upload.uploadId));
      const replaced = this.upsertObject(upload.bucket, upload.key, object, now);
      if (replaced !== undefined) blobs.push(replaced);
      return true;
    });
    this.blobs.discard(blobs);
    return done;
  }

  /** Aborts an upload; false when there was none. */
  abortUpload(uploadId: string): boolean {
    let blobs: string[] = [];
    const found = this.db.transaction(() => {
      if (this.db.prepare('SELECT 1 FROM uploads WHERE upload_id = ?').get(uploadId) === undefined) return false;
      blobs = this.dropUpload(uploadId);
      return true;
    })();
    this.blobs.discard(blobs);
    return found;
  }

  private dropUpload(uploadId: string): string[] {
    const blobs = this.db
      .prepare('DELETE FROM parts WHERE upload_id = ? RETURNING blob')
      .pluck()
      .all(uploadId) as string[];
    this.db.prepare('DELETE FROM uploads WHERE upload_id = ?').run(uploadId);
    return blobs;
  }
}

function toObject(row: ObjectRow): StoredObject {
  return {
    key: row.key.toString('utf8'),
    blob: row.blob,
    size: row.size,
    etag: row.etag,
    lastModified: new Date(row.last_modified),
    headers: JSON.parse(row.headers) as ObjectHeaders,
  };
}
