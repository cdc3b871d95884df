/**
 * Lambda versions and aliases over the profile's functions. `$LATEST` is the profile's declaration and its code
 * directory as they are now; PublishVersion freezes both (the configuration in the version store, the code as a copy
 * under `<dataDir>/lambda/NAME/N`), so editing the code later changes `$LATEST` only. An alias names `$LATEST` or a
 * version, optionally sending a share of invocations to a second version (RoutingConfig). Errors are Lambda's.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FunctionDefinition } from '../profile';
import { WireError } from '../../protocol/wire-error';
import { codeDigest, snapshotCode, type CodeDigest } from './code-snapshot';
import { checkAliasName, notFound, revisionMismatch, validation } from './version-errors';
import type {
  FunctionAliasRecord,
  FunctionVersionStore,
  PublishedFunctionVersion,
  VersionConfiguration,
} from './versions';

export const LATEST = '$LATEST';
const FUNCTION_VERSION = /^(\$LATEST|\d{1,1024})$/;

/** What an invocation runs: the version it resolved to and that version's definition (code included). */
export interface ResolvedFunction {
  /** `$LATEST` or the version number: `ExecutedVersion`. */
  readonly version: string;
  readonly definition: FunctionDefinition;
}

/** A version as GetFunctionConfiguration describes it: `$LATEST` or a published one. */
export interface FunctionVersionView {
  readonly version: string;
  readonly definition: FunctionDefinition;
  readonly codeSha256: string;
  readonly codeSize: number;
  readonly description: string;
  readonly revisionId: string;
  /** Epoch milliseconds. */
  readonly lastModified: number;
}

export interface AliasInput {
  readonly functionVersion?: string;
  readonly description?: string;
  /** AdditionalVersionWeights; an empty object removes the routing. */
  readonly routing?: Readonly<Record<string, number>>;
  readonly revisionId?: string;
}

export class FunctionVersions {
  private seeded = false;

  constructor(
    private readonly definitions: ReadonlyMap<string, FunctionDefinition>,
    private readonly store: () => FunctionVersionStore,
    /** `<dataDir>/lambda`: one folder per function, one per version inside it. */
    private readonly codeRoot: () => string,
    readonly functionArn: (name: string) => string,
    private readonly log?: (line: string) => void,
    private readonly random: () => number = Math.random,
  ) {}

  /** The version an invocation of `name` with `qualifier` runs (an alias's routing drawn here). */
  resolve(name: string, qualifier: string | undefined): ResolvedFunction {
    const definition = this.definitionOf(name, qualifier);
    if (qualifier === undefined || qualifier === LATEST) return { version: LATEST, definition };
    if (/^\d+$/.test(qualifier)) return this.resolveVersion(name, qualifier, definition);
    const alias = this.aliasRecord(name, qualifier);
    if (alias === undefined) throw notFound(`Function not found: ${this.functionArn(name)}:${qualifier}`);
    let version = alias.functionVersion;
    for (const [additional, weight] of Object.entries(alias.routing ?? {})) {
      if (this.random() < weight) version = additional;
    }
    if (version === LATEST) return { version: LATEST, definition };
    return this.resolveVersion(name, version, definition);
  }

  /** `$LATEST` or a version's configuration, for GetFunction and GetFunctionConfiguration (an alias names its version). */
  describe(name: string, qualifier: string | undefined): FunctionVersionView {
    const definition = this.definitionOf(name, qualifier);
    let version = qualifier ?? LATEST;
    if (version !== LATEST && !/^\d+$/.test(version)) {
      const alias = this.aliasRecord(name, version);
      if (alias === undefined) throw notFound(`Function not found: ${this.functionArn(name)}:${version}`);
      version = alias.functionVersion;
    }
    if (version === LATEST) return this.latest(definition);
    const published = this.store().version(name, Number(version));
    if (published === undefined) throw notFound(`Function not found: ${this.functionArn(name)}:${version}`);
    return this.view(published, definition);
  }

  /** `$LATEST` first, then the published versions in order. */
  list(name: string): FunctionVersionView[] {
    const definition = this.definitionOf(name, undefined);
    return [
      this.latest(definition),
      ...this.store()
        .versions(name)
        .map((v) => this.view(v, definition)),
    ];
  }

  publish(
    name: string,
    request: { codeSha256?: string; description?: string; revisionId?: string },
  ): FunctionVersionView {
    const definition = this.definitionOf(name, undefined);
    const latest = this.latest(definition);
    if (request.codeSha256 !== undefined && request.codeSha256 !== latest.codeSha256) {
      throw new WireError(
        'InvalidParameterValueException',
        `CodeSHA256 (${request.codeSha256}) is different from current CodeSHA256 in $LATEST (${latest.codeSha256}). Please try again with the current CodeSHA256.`,
      );
    }
    if (request.revisionId !== undefined && request.revisionId !== latest.revisionId)
      throw revisionMismatch('GetFunction');
    const configuration = configurationOf(definition);
    const versions = this.store().versions(name);
    const last = versions[versions.length - 1];
    if (
      last !== undefined &&
      last.codeSha256 === latest.codeSha256 &&
      sameConfiguration(last.configuration, configuration)
    ) {
      return this.view(last, definition);
    }
    const version = this.store().nextVersion(name);
    const folder = this.versionFolder(name, version);
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(join(this.codeRoot(), name), { recursive: true });
    snapshotCode(definition.code, folder);
    const published: PublishedFunctionVersion = {
      functionName: name,
      version,
      configuration,
      // The copy is hashed, not the source: an edit between hashing and copying must not go unseen.
      codeSha256: codeDigest(folder).sha256,
      codeSize: latest.codeSize,
      description: request.description ?? '',
      revisionId: randomUUID(),
      created: Date.now(),
    };
    this.store().addVersion(published);
    this.log?.(`lambda ${name}: published version ${version}`);
    return this.view(published, definition);
  }

  /** DeleteFunction with a version qualifier: the version and its code copy. */
  deleteVersion(name: string, qualifier: string): void {
    this.definitionOf(name, qualifier);
    if (qualifier === LATEST) {
      throw new WireError(
        'InvalidParameterValueException',
        '$LATEST version cannot be deleted without deleting the function.',
      );
    }
    if (!/^\d+$/.test(qualifier)) {
      throw new WireError(
        'InvalidParameterValueException',
        `Deletion of aliases is not supported by DeleteFunction: use DeleteAlias for ${this.functionArn(name)}:${qualifier}.`,
      );
    }
    const version = Number(qualifier);
    if (this.store().version(name, version) === undefined) return;
    const referencing = this.store()
      .aliases(name)
      .filter((a) => a.functionVersion === qualifier || a.routing?.[qualifier] !== undefined)
      .map((a) => a.name);
    if (referencing.length > 0) {
      throw new WireError(
        'ResourceConflictException',
        `Unable to delete version because the following aliases reference it: [${referencing.join(', ')}]`,
        { status: 409 },
      );
    }
    this.store().deleteVersion(name, version);
    rmSync(this.versionFolder(name, version), { recursive: true, force: true });
  }

  aliases(name: string, functionVersion?: string): FunctionAliasRecord[] {
    this.definitionOf(name, undefined);
    this.seed();
    return this.store()
      .aliases(name)
      .filter(
        (a) =>
          functionVersion === undefined ||
          a.functionVersion === functionVersion ||
          a.routing?.[functionVersion] !== undefined,
      );
  }

  getAlias(name: string, alias: string): FunctionAliasRecord {
    this.definitionOf(name, undefined);
    checkAliasName(alias);
    const found = this.aliasRecord(name, alias);
    if (found === undefined) throw notFound(`Alias not found: ${this.functionArn(name)}:${alias}`);
    return found;
  }

  createAlias(name: string, alias: string, input: AliasInput): FunctionAliasRecord {
    this.definitionOf(name, undefined);
    checkAliasName(alias);
    if (input.functionVersion === undefined) throw validation('functionVersion', 'null', 'Member must not be null');
    if (this.aliasRecord(name, alias) !== undefined) {
      throw new WireError('ResourceConflictException', `Alias already exists: ${this.functionArn(name)}:${alias}`, {
        status: 409,
      });
    }
    const record = this.checked(name, {
      functionName: name,
      name: alias,
      functionVersion: input.functionVersion,
      description: input.description ?? '',
      ...(input.routing === undefined || Object.keys(input.routing).length === 0 ? {} : { routing: input.routing }),
      revisionId: randomUUID(),
    });
    this.store().putAlias(record);
    return record;
  }

  updateAlias(name: string, alias: string, input: AliasInput): FunctionAliasRecord {
    const current = this.getAlias(name, alias);
    if (input.revisionId !== undefined && input.revisionId !== current.revisionId) throw revisionMismatch('GetAlias');
    const routing = input.routing ?? current.routing;
    const record = this.checked(name, {
      functionName: name,
      name: alias,
      functionVersion: input.functionVersion ?? current.functionVersion,
      description: input.description ?? current.description,
      ...(routing === undefined || Object.keys(routing).length === 0 ? {} : { routing }),
      revisionId: randomUUID(),
    });
    this.store().putAlias(record);
    return record;
  }

  deleteAlias(name: string, alias: string): void {
    this.definitionOf(name, undefined);
    checkAliasName(alias);
    this.seed();
    this.store().deleteAlias(name, alias);
  }

  /** The code folder a version runs from. */
  versionFolder(name: string, version: number): string {
    return join(this.codeRoot(), name, String(version));
  }

  private definitionOf(name: string, qualifier: string | undefined): FunctionDefinition {
    const definition = this.definitions.get(name);
    if (definition === undefined) {
      throw notFound(`Function not found: ${this.functionArn(name)}${qualifier === undefined ? '' : `:${qualifier}`}`);
    }
    return definition;
  }

  private resolveVersion(name: string, version: string, definition: FunctionDefinition): ResolvedFunction {
    const published = this.store().version(name, Number(version));
    const code = this.versionFolder(name, Number(version));
    if (published === undefined || !existsSync(code)) {
      throw notFound(`Function not found: ${this.functionArn(name)}:${version}`);
    }
    return { version, definition: { ...definition, ...published.configuration, code } };
  }

  private aliasRecord(name: string, alias: string): FunctionAliasRecord | undefined {
    this.seed();
    return this.store().alias(name, alias);
  }

  /** The aliases the profile declares (`functions.NAME.aliases`) come into being the first time aliases are read. */
  private seed(): void {
    if (this.seeded) return;
    this.seeded = true;
    for (const [name, definition] of this.definitions) {
      for (const [alias, functionVersion] of Object.entries(definition.aliases)) {
        if (this.store().alias(name, alias) !== undefined) continue;
        if (functionVersion !== LATEST && this.store().version(name, Number(functionVersion)) === undefined) {
          this.log?.(
            `lambda ${name}: the profile's alias ${alias} names version ${functionVersion}, which is not published; alias not created`,
          );
          continue;
        }
        this.store().putAlias({
          functionName: name,
          name: alias,
          functionVersion,
          description: '',
          revisionId: randomUUID(),
        });
      }
    }
  }

  /** An alias's versions exist, and its routing is one other published version with a weight from 0 to 1. */
  private checked(name: string, record: FunctionAliasRecord): FunctionAliasRecord {
    if (!FUNCTION_VERSION.test(record.functionVersion)) {
      throw validation(
        'functionVersion',
        record.functionVersion,
        'Member must satisfy regular expression pattern: (\\$LATEST|[0-9]+)',
      );
    }
    this.describe(name, record.functionVersion);
    const routing = Object.entries(record.routing ?? {});
    if (routing.length > 1) {
      throw new WireError(
        'InvalidParameterValueException',
        'Number of items in AdditionalVersionWeights cannot be greater than 1',
      );
    }
    for (const [version, weight] of routing) {
      if (typeof weight !== 'number' || !(weight >= 0 && weight <= 1)) {
        throw validation(
          'routingConfig.additionalVersionWeights',
          String(weight),
          'Member must have value between 0.0 and 1.0',
        );
      }
      if (!/^\d+$/.test(version)) {
        throw new WireError(
          'InvalidParameterValueException',
          `Invalid function version ${version}. Function version ${version} is not a published version.`,
        );
      }
      if (record.functionVersion === LATEST) {
        throw new WireError(
          'InvalidParameterValueException',
          '$LATEST is not supported for an alias pointing to more than 1 version',
        );
      }
      if (version === record.functionVersion) {
        throw new WireError(
          'InvalidParameterValueException',
          `Invalid function version ${version}. The additional version cannot be the alias's primary version.`,
        );
      }
      this.describe(name, version);
    }
    return record;
  }

  private latest(definition: FunctionDefinition): FunctionVersionView {
    const digest: CodeDigest = codeDigest(definition.code);
    return {
      version: LATEST,
      definition,
      codeSha256: digest.sha256,
      codeSize: digest.size,
      description: '',
      // Changes whenever the code or the declaration does, as Lambda's does on every update.
      revisionId: uuidOf(`${digest.sha256}\u0000${JSON.stringify(configurationOf(definition))}`),
      lastModified: digest.lastModified,
    };
  }

  private view(published: PublishedFunctionVersion, definition: FunctionDefinition): FunctionVersionView {
    return {
      version: String(published.version),
      definition: {
        ...definition,
        ...published.configuration,
        code: this.versionFolder(published.functionName, published.version),
      },
      codeSha256: published.codeSha256,
      codeSize: published.codeSize,
      description: published.description,
      revisionId: published.revisionId,
      lastModified: published.created,
    };
  }
}

function configurationOf(definition: FunctionDefinition): VersionConfiguration {
  return {
    runtime: definition.runtime,
    handler: definition.handler,
    environment: definition.environment,
    timeout: definition.timeout,
    memorySize: definition.memorySize,
  };
}

function sameConfiguration(a: VersionConfiguration, b: VersionConfiguration): boolean {
  const sorted = (c: VersionConfiguration): string =>
    JSON.stringify({ ...c, environment: Object.fromEntries(Object.entries(c.environment).sort()) });
  return sorted(a) === sorted(b);
}

function uuidOf(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
