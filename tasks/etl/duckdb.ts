/**
 * One DuckDB database for one job, with bounded resources: a memory limit (DuckDB spills to `tempDirectory` past
 * it) and a thread count, from ETL_MEMORY_LIMIT / ETL_THREADS or the container's share. @duckdb/node-api is
 * CommonJS, so a plain import works under our CommonJS output.
 */
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { availableParallelism } from 'node:os';
import type { Env } from '../common/src';

export interface DuckDbOptions {
  /** A database file, or in-memory when omitted (spilling still goes to `tempDirectory`). */
  path?: string;
  tempDirectory: string;
  /** @default ETL_THREADS, else every core */
  threads?: number;
  /** DuckDB size text such as `2GB`. @default ETL_MEMORY_LIMIT, else DuckDB's 80% of RAM */
  memoryLimit?: string;
}

export type Row = Record<string, unknown>;

export class Db {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async open(options: DuckDbOptions): Promise<Db> {
    const config: Record<string, string> = {
      temp_directory: options.tempDirectory,
      threads: String(options.threads ?? availableParallelism()),
      // Nothing this task runs needs the network; refuse extension downloads rather than hang offline.
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    };
    if (options.memoryLimit !== undefined) config['memory_limit'] = options.memoryLimit;
    const instance = await DuckDBInstance.create(options.path ?? ':memory:', config);
    return new Db(instance, await instance.connect());
  }

  async run(sql: string): Promise<void> {
    await this.connection.run(sql);
  }

  /** Rows as JSON-safe objects (BIGINT and DECIMAL become strings; callers convert). */
  async all(sql: string): Promise<Row[]> {
    return (await this.connection.runAndReadAll(sql)).getRowObjectsJson();
  }

  async one(sql: string): Promise<Row> {
    const rows = await this.all(sql);
    if (rows.length !== 1) throw new Error(`expected one row, got ${rows.length}: ${sql.slice(0, 200)}`);
    return rows[0]!;
  }

  /** Stops the running statement (SIGTERM): it fails with an "interrupted" error. */
  interrupt(): void {
    this.connection.interrupt();
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** Resource options from the environment (ETL_THREADS, ETL_MEMORY_LIMIT). */
export function duckDbEnv(env: Env): Pick<DuckDbOptions, 'threads' | 'memoryLimit'> {
  const threads = Number(env['ETL_THREADS']);
  const memory = env['ETL_MEMORY_LIMIT'];
  return {
    ...(Number.isInteger(threads) && threads > 0 ? { threads } : {}),
    ...(memory !== undefined && /^\d+(\.\d+)?\s*[KMGT]i?B$/i.test(memory) ? { memoryLimit: memory } : {}),
  };
}

export function toCount(value: unknown): number {
  const n = typeof value === 'string' ? Number(value) : typeof value === 'number' ? value : NaN;
  if (!Number.isSafeInteger(n)) throw new Error(`not a count: ${String(value)}`);
  return n;
}
