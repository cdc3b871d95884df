/** The FunctionVersionStore in the server's SQLite database: tables `lambda_functions`, `lambda_versions`, `lambda_aliases`. */
import type { Database } from 'better-sqlite3';
import type {
  FunctionAliasRecord,
  FunctionVersionStore,
  PublishedFunctionVersion,
  VersionConfiguration,
} from './versions';

interface VersionRow {
  function_name: string;
  version: number;
  configuration: string;
  code_sha256: string;
  code_size: number;
  description: string;
  revision_id: string;
  created: number;
}

interface AliasRow {
  function_name: string;
  name: string;
  function_version: string;
  description: string;
  routing: string | null;
  revision_id: string;
}

export class FunctionVersionTables implements FunctionVersionStore {
  constructor(private readonly db: Database) {}

  versions(functionName: string): PublishedFunctionVersion[] {
    return this.db
      .prepare<[string], VersionRow>('SELECT * FROM lambda_versions WHERE function_name = ? ORDER BY version')
      .all(functionName)
      .map(toVersion);
  }

  version(functionName: string, version: number): PublishedFunctionVersion | undefined {
    const row = this.db
      .prepare<[string, number], VersionRow>('SELECT * FROM lambda_versions WHERE function_name = ? AND version = ?')
      .get(functionName, version);
    return row === undefined ? undefined : toVersion(row);
  }

  nextVersion(functionName: string): number {
    const row = this.db
      .prepare<[string], { version_counter: number }>(
        `INSERT INTO lambda_functions (name, version_counter) VALUES (?, 1)
         ON CONFLICT (name) DO UPDATE SET version_counter = version_counter + 1 RETURNING version_counter`,
      )
      .get(functionName);
    return row!.version_counter;
  }

  addVersion(v: PublishedFunctionVersion): void {
    this.db
      .prepare(
        `INSERT INTO lambda_versions (function_name, version, configuration, code_sha256, code_size, description, revision_id, created)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        v.functionName,
        v.version,
        JSON.stringify(v.configuration),
        v.codeSha256,
        v.codeSize,
        v.description,
        v.revisionId,
        v.created,
      );
  }

  deleteVersion(functionName: string, version: number): void {
    this.db.prepare('DELETE FROM lambda_versions WHERE function_name = ? AND version = ?').run(functionName, version);
  }

  aliases(functionName: string): FunctionAliasRecord[] {
    return this.db
      .prepare<[string], AliasRow>('SELECT * FROM lambda_aliases WHERE function_name = ? ORDER BY name')
      .all(functionName)
      .map(toAlias);
  }

  alias(functionName: string, name: string): FunctionAliasRecord | undefined {
    const row = this.db
      .prepare<[string, string], AliasRow>('SELECT * FROM lambda_aliases WHERE function_name = ? AND name = ?')
      .get(functionName, name);
    return row === undefined ? undefined : toAlias(row);
  }

  putAlias(a: FunctionAliasRecord): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO lambda_aliases (function_name, name, function_version, description, routing, revision_id)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(
        a.functionName,
        a.name,
        a.functionVersion,
        a.description,
        a.routing === undefined ? null : JSON.stringify(a.routing),
        a.revisionId,
      );
  }

  deleteAlias(functionName: string, name: string): void {
    this.db.prepare('DELETE FROM lambda_aliases WHERE function_name = ? AND name = ?').run(functionName, name);
  }
}

function toVersion(row: VersionRow): PublishedFunctionVersion {
  return {
    functionName: row.function_name,
    version: row.version,
    configuration: JSON.parse(row.configuration) as VersionConfiguration,
    codeSha256: row.code_sha256,
    codeSize: row.code_size,
    description: row.description,
    revisionId: row.revision_id,
    created: row.created,
  };
}

function toAlias(row: AliasRow): FunctionAliasRecord {
  return {
    functionName: row.function_name,
    name: row.name,
    functionVersion: row.function_version,
    description: row.description,
    ...(row.routing === null ? {} : { routing: JSON.parse(row.routing) as Record<string, number> }),
    revisionId: row.revision_id,
  };
}
