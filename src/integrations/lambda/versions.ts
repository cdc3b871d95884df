/**
 * Where a function's published versions and aliases are kept: the port LocalLambda reads and writes them through.
 * The server keeps them in SQLite (version-tables.ts) so they survive a restart; `inMemoryVersionStore` serves
 * unit tests and callers without a data directory.
 */

/** What a version froze of the function's configuration (its code is a copy in `codeDirectory`). */
export interface VersionConfiguration {
  readonly runtime: string;
  readonly handler: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly timeout: number;
  readonly memorySize: number;
}

export interface PublishedFunctionVersion {
  readonly functionName: string;
  /** 1, 2, …: the qualifier that names it. */
  readonly version: number;
  readonly configuration: VersionConfiguration;
  /** Base64 SHA-256 of the code, as `CodeSha256` reports it. */
  readonly codeSha256: string;
  /** Bytes of code. */
  readonly codeSize: number;
  readonly description: string;
  readonly revisionId: string;
  /** Epoch milliseconds. */
  readonly created: number;
}

export interface FunctionAliasRecord {
  readonly functionName: string;
  readonly name: string;
  /** `$LATEST` or a version number. */
  readonly functionVersion: string;
  readonly description: string;
  /** RoutingConfig.AdditionalVersionWeights: version number → share of invocations (0–1). */
  readonly routing?: Readonly<Record<string, number>>;
  readonly revisionId: string;
}

export interface FunctionVersionStore {
  versions(functionName: string): PublishedFunctionVersion[];
  version(functionName: string, version: number): PublishedFunctionVersion | undefined;
  /** Hands out the next version number of the function (never one handed out before). */
  nextVersion(functionName: string): number;
  addVersion(version: PublishedFunctionVersion): void;
  deleteVersion(functionName: string, version: number): void;
  aliases(functionName: string): FunctionAliasRecord[];
  alias(functionName: string, name: string): FunctionAliasRecord | undefined;
  /** Creates or replaces the alias. */
  putAlias(alias: FunctionAliasRecord): void;
  deleteAlias(functionName: string, name: string): void;
}

export function inMemoryVersionStore(): FunctionVersionStore {
  const counters = new Map<string, number>();
  const versions = new Map<string, PublishedFunctionVersion>();
  const aliases = new Map<string, FunctionAliasRecord>();
  const key = (functionName: string, id: string | number): string => `${functionName}\u0000${id}`;
  const of = <T extends { functionName: string }>(map: Map<string, T>, functionName: string): T[] =>
    [...map.values()].filter((r) => r.functionName === functionName);
  return {
    versions: (functionName) => of(versions, functionName).sort((a, b) => a.version - b.version),
    version: (functionName, version) => versions.get(key(functionName, version)),
    nextVersion(functionName) {
      const next = (counters.get(functionName) ?? 0) + 1;
      counters.set(functionName, next);
      return next;
    },
    addVersion: (version) => void versions.set(key(version.functionName, version.version), version),
    deleteVersion: (functionName, version) => void versions.delete(key(functionName, version)),
    aliases: (functionName) => of(aliases, functionName).sort((a, b) => (a.name < b.name ? -1 : 1)),
    alias: (functionName, name) => aliases.get(key(functionName, name)),
    putAlias: (alias) => void aliases.set(key(alias.functionName, alias.name), alias),
    deleteAlias: (functionName, name) => void aliases.delete(key(functionName, name)),
  };
}
