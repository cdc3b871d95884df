/**
 * The checks `fanout doctor` runs. Each returns a verdict with what to do about it; none throws (a check that
 * cannot run reports why). Native modules are loaded lazily, inside their check, so one broken module fails
 * its own line only.
 */
import { existsSync, readdirSync, readFileSync, statfsSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

export type Verdict = 'ok' | 'warn' | 'fail';

export interface CheckResult {
  name: string;
  verdict: Verdict;
  /** What was found. */
  detail: string;
  /** What to do, when the verdict is not ok. */
  fix?: string;
}

export interface DoctorOptions {
  dataDir: string;
  port: number;
  /** @default process.versions.node */
  nodeVersion?: string;
}

const GiB = 1024 * 1024 * 1024;
const MIN_NODE_MAJOR = 20;
const MIN_FREE_BYTES = GiB;

export async function runChecks(options: DoctorOptions): Promise<CheckResult[]> {
  return [
    nodeVersion(options.nodeVersion ?? process.versions.node),
    await betterSqlite(),
    await sharpModule(),
    await duckdb(),
    traineddata(),
    freeDisk(options.dataDir),
    ...(await dataDirectory(options.dataDir)),
    await portFree(options.port),
  ];
}

export function nodeVersion(version: string): CheckResult {
  const major = Number(version.split('.')[0]);
  return major >= MIN_NODE_MAJOR
    ? { name: 'Node.js', verdict: 'ok', detail: `v${version}` }
    : {
        name: 'Node.js',
        verdict: 'fail',
        detail: `v${version} is older than ${MIN_NODE_MAJOR}`,
        fix: `install Node.js ${MIN_NODE_MAJOR} or newer (e.g. nvm install ${MIN_NODE_MAJOR})`,
      };
}

function reinstall(module: string): string {
  return `reinstall it for this Node.js and platform: npm rebuild ${module} (or rm -rf node_modules && npm install)`;
}

async function betterSqlite(): Promise<CheckResult> {
  const name = 'better-sqlite3 (native)';
  try {
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(':memory:');
    const version = (db.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v;
    db.close();
    return { name, verdict: 'ok', detail: `SQLite ${version}` };
  } catch (error) {
    return { name, verdict: 'fail', detail: messageOf(error), fix: reinstall('better-sqlite3') };
  }
}

async function sharpModule(): Promise<CheckResult> {
  const name = 'sharp (native, OCR preprocessing)';
  try {
    const sharp = (await import('sharp')).default;
    await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    return { name, verdict: 'ok', detail: `libvips ${sharp.versions.vips}` };
  } catch (error) {
    return { name, verdict: 'fail', detail: messageOf(error), fix: reinstall('sharp') };
  }
}

async function duckdb(): Promise<CheckResult> {
  const name = 'DuckDB (native, ETL)';
  try {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const reader = await connection.runAndReadAll('SELECT version() AS v');
    const version = String(reader.getRowObjects()[0]?.['v'] ?? '?');
    connection.closeSync();
    instance.closeSync();
    return { name, verdict: 'ok', detail: `DuckDB ${version}` };
  } catch (error) {
    return { name, verdict: 'fail', detail: messageOf(error), fix: reinstall('@duckdb/node-api') };
  }
}

function traineddata(): CheckResult {
  const name = 'tesseract traineddata (eng)';
  try {
    const dir = dirname(require.resolve('@tesseract.js-data/eng/package.json'));
    const files = ['4.0.0', '4.0.0_best_int']
      .map((v) => join(dir, v, 'eng.traineddata.gz'))
      .filter((f) => existsSync(f) && statSync(f).size > 0);
    if (files.length > 0) return { name, verdict: 'ok', detail: files[0]! };
    return {
      name,
      verdict: 'fail',
      detail: `no eng.traineddata.gz under ${dir}`,
      fix: 'npm install @tesseract.js-data/eng (the OCR task reads the model from there, offline)',
    };
  } catch (error) {
    return {
      name,
      verdict: 'fail',
      detail: messageOf(error),
      fix: 'npm install @tesseract.js-data/eng (the OCR task reads the model from there, offline)',
    };
  }
}

export function freeDisk(dataDir: string, minimum = MIN_FREE_BYTES): CheckResult {
  const name = 'free disk';
  let dir = dataDir;
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  try {
    const stats = statfsSync(dir);
    const free = stats.bavail * stats.bsize;
    const detail = `${(free / GiB).toFixed(1)} GiB free on the file system of ${dir}`;
    if (free >= minimum) return { name, verdict: 'ok', detail };
    return {
      name,
      verdict: 'warn',
      detail,
      fix: `free space (under ${(minimum / GiB).toFixed(0)} GiB left: task logs, results and SQLite grow with every run), or use --data-dir on a larger disk`,
    };
  } catch (error) {
    return { name, verdict: 'warn', detail: `cannot measure: ${messageOf(error)}` };
  }
}

/** SQLite integrity and schema version, a lock left by a live server, stray temporary files, orphan records. */
export async function dataDirectory(dataDir: string): Promise<CheckResult[]> {
  const name = 'data directory';
  if (!existsSync(dataDir)) {
    return [{ name, verdict: 'ok', detail: `${dataDir} does not exist yet (fanout serve creates it)` }];
  }
  const results: CheckResult[] = [];
  const dbFile = join(dataDir, 'fanout.db');
  if (existsSync(dbFile)) results.push(await database(dbFile));
  else results.push({ name: 'database', verdict: 'ok', detail: `no ${dbFile} yet` });

  results.push(await serverLock(dataDir));
  const stray = strayTempFiles(dataDir);
  results.push(
    stray.length === 0
      ? { name: 'temporary files', verdict: 'ok', detail: 'none left behind' }
      : {
          name: 'temporary files',
          verdict: 'warn',
          detail: `${stray.length} left by an interrupted write: ${stray.slice(0, 3).join(', ')}${stray.length > 3 ? ', …' : ''}`,
          fix: 'harmless; delete them while no server runs',
        },
  );
  return results;
}

/** Who holds the data directory, and whether the last server stopped cleanly. */
async function serverLock(dataDir: string): Promise<CheckResult> {
  const name = 'server lock';
  const { LOCK_FILE } = await import('../../../integrations');
  const { isAlive, recordedLiveProcesses } = await import('../../../integrations');
  const file = join(dataDir, LOCK_FILE);
  if (!existsSync(file)) return { name, verdict: 'ok', detail: 'no server holds the data directory' };
  let owner: { pid?: unknown; start?: unknown; boot?: unknown } = {};
  try {
    owner = JSON.parse(readFileSync(file, 'utf8')) as typeof owner;
  } catch {
    // Cut short: treated as stale below.
  }
  const identity =
    typeof owner.pid === 'number' && typeof owner.start === 'string' && typeof owner.boot === 'string'
      ? { pid: owner.pid, start: owner.start, boot: owner.boot }
      : undefined;
  if (identity !== undefined && isAlive(identity)) {
    return { name, verdict: 'ok', detail: `held by a running fanout server (pid ${identity.pid})` };
  }
  const orphans = recordedLiveProcesses(dataDir).filter(isAlive).length;
  return {
    name,
    verdict: 'warn',
    detail: `left by a server that did not shut down cleanly${orphans > 0 ? `; ${orphans} of its task processes still run` : ''}`,
    fix: 'start fanout serve on this data directory: it stops leftover task processes and resumes the executions',
  };
}

async function database(file: string): Promise<CheckResult> {
  const name = 'database';
  try {
    const Database = (await import('better-sqlite3')).default;
    const { SCHEMA_MIGRATIONS: MIGRATIONS } = await import('../../../api/schema');
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const rows = db.pragma('integrity_check') as { integrity_check: string }[];
      const problems = rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
      const version = db.pragma('user_version', { simple: true }) as number;
      const journal = db.pragma('journal_mode', { simple: true }) as string;
      if (problems.length > 0) {
        return {
          name,
          verdict: 'fail',
          detail: `integrity_check: ${problems.slice(0, 3).join('; ')}`,
          fix: `restore ${file} from a copy, or move the data directory aside and start afresh`,
        };
      }
      if (version > MIGRATIONS.length) {
        return {
          name,
          verdict: 'fail',
          detail: `schema version ${version} is newer than this build (${MIGRATIONS.length})`,
          fix: 'upgrade fanout to the version that wrote this data directory',
        };
      }
      const behind =
        version < MIGRATIONS.length ? `; ${MIGRATIONS.length - version} migration(s) run at next start` : '';
      return { name, verdict: 'ok', detail: `integrity ok, schema version ${version}, journal ${journal}${behind}` };
    } finally {
      db.close();
    }
  } catch (error) {
    return {
      name,
      verdict: 'fail',
      detail: messageOf(error),
      fix: `check the permissions of ${file}; if it is damaged, move the data directory aside`,
    };
  }
}

/** `*.tmp` files and bodies of uploads that never completed (`s3/tmp/`). */
function strayTempFiles(dataDir: string): string[] {
  const found: string[] = [];
  const scan = (dir: string, depth: number): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name === 'tmp' && depth === 1) {
          for (const f of readdirSync(path)) found.push(join(path, f));
        } else if (depth < 2 && entry.name !== 'blobs') {
          scan(path, depth + 1);
        }
      } else if (entry.name.endsWith('.tmp')) {
        found.push(path);
      }
    }
  };
  scan(dataDir, 0);
  return found;
}

export function portFree(port: number): Promise<CheckResult> {
  const name = `port ${port}`;
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      resolve({
        name,
        verdict: 'fail',
        detail: error.code === 'EADDRINUSE' ? `127.0.0.1:${port} is in use` : messageOf(error),
        fix: `stop what listens there (a running fanout serve?) or start with fanout serve --port N`,
      });
    });
    server.listen(port, '127.0.0.1', () => {
      server.close(() => resolve({ name, verdict: 'ok', detail: `127.0.0.1:${port} is free` }));
    });
  });
}

function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0] ?? text;
}
