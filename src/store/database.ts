import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export type Db = Database.Database;

/**
 * Opens (creating if needed) the SQLite database at `filename` and brings its schema up to date with `migrations`
 * (`composeMigrations`).
 * WAL with synchronous=NORMAL: a commit survives a crash of this process (kill -9), not necessarily a power
 * cut, and costs no fsync, which is what keeps history appends cheap.
 */
export function openDatabase(filename: string, migrations: readonly string[]): Db {
  if (filename !== ':memory:') mkdirSync(dirname(filename), { recursive: true });
  const db = new Database(filename);
  switchToIncrementalVacuum(db, filename);
  db.pragma('journal_mode = WAL');
  // Checkpoints truncate the WAL back to this size, so one big purge does not leave a WAL of gigabytes.
  db.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  migrate(db, migrations);
  return db;
}

/** Databases up to this size switch to incremental auto-vacuum at open; larger ones when `fanout gc` runs. */
const VACUUM_AT_OPEN_BYTES = 64 * 1024 * 1024;

/**
 * Incremental auto-vacuum lets retention return free pages to the file system while the server runs. It must be
 * chosen before the first table exists; an older database switches with one full VACUUM (a rewrite of the file),
 * done here when the file is small and by `fanout gc` otherwise.
 */
function switchToIncrementalVacuum(db: Db, filename: string): void {
  if (filename === ':memory:' || db.pragma('auto_vacuum', { simple: true }) === 2) return;
  const pages = db.pragma('page_count', { simple: true }) as number;
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.pragma('auto_vacuum = INCREMENTAL');
  if (pages > 0 && pages * pageSize <= VACUUM_AT_OPEN_BYTES) db.exec('VACUUM');
}

function migrate(db: Db, migrations: readonly string[]): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(`The database schema version ${current} is newer than this build supports (${migrations.length}).`);
  }
  db.transaction(() => {
    for (let v = current; v < migrations.length; v++) {
      db.exec(migrations[v]!);
    }
    db.pragma(`user_version = ${migrations.length}`);
  })();
}
