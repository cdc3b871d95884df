/**
 * The local profile (`fanout.local.json`): what differs between AWS and this machine. It fills the workflows'
 * `${Name}` placeholders, maps each ECS task definition and Batch job definition to the command that runs it
 * here with its CPU and memory, and sets the capacity tasks are placed on. Raw JSON → validated → compiled,
 * with every error naming the file and the field.
 */
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { ConfigError } from './errors';
import type { Substitutions } from './substitutions';

export { applySubstitutions, type Substitutions } from './substitutions';

export const DEFAULT_PROFILE_FILE = 'fanout.local.json';

/** ECS's default time between SIGTERM and SIGKILL when a task is stopped. */
export const DEFAULT_STOP_TIMEOUT_SECONDS = 30;
/** Fargate allows at most 120 s. */
const MAX_STOP_TIMEOUT_SECONDS = 120;
/** One vCPU per task unless the definition says otherwise: a safe share of a laptop. */
const DEFAULT_TASK_CPU = 1024;
const DEFAULT_TASK_MEMORY = 2048;

export interface ContainerDefinition {
  readonly name: string;
  /**
   * The image's ENTRYPOINT as local argv: kept when the workflow overrides Command, as Docker keeps it.
   * @default []
   */
  readonly entryPoint: readonly string[];
  /** The image's CMD (or the whole argv when there is no entryPoint); relative paths are relative to the root. */
  readonly command: readonly string[];
  readonly environment: Readonly<Record<string, string>>;
  /** When an essential container exits, the task stops. @default true */
  readonly essential: boolean;
}

export interface TaskDefinition {
  readonly family: string;
  /** CPU units (1024 = one vCPU). */
  readonly cpu: number;
  /** MiB. */
  readonly memory: number;
  /** Seconds between SIGTERM and SIGKILL. */
  readonly stopTimeout: number;
  readonly containers: readonly ContainerDefinition[];
}

export interface JobDefinition {
  readonly name: string;
  /** As for a container: kept when ContainerOverrides.Command replaces `command`. */
  readonly entryPoint: readonly string[];
  readonly vcpus: number;
  /** MiB. */
  readonly memory: number;
  readonly command: readonly string[];
  readonly environment: Readonly<Record<string, string>>;
  /** Default values for `Ref::name` in the command; SubmitJob's Parameters override them. */
  readonly parameters: Readonly<Record<string, string>>;
  readonly stopTimeout: number;
}

/** A Lambda function as the profile declares it (`functions.NAME`), run locally by src/integrations/lambda. */
export interface FunctionDefinition {
  readonly name: string;
  /** `nodejs22.x`, `nodejs24.x` or `python3.N`. */
  readonly runtime: string;
  /** `FILE.FUNCTION`, relative to `code`. */
  readonly handler: string;
  /** The code directory, absolute (resolved against the profile's directory). */
  readonly code: string;
  readonly environment: Readonly<Record<string, string>>;
  /** Seconds. @default 3, as Lambda */
  readonly timeout: number;
  /** MiB. @default 128, as Lambda */
  readonly memorySize: number;
  /** At most this many invocations at once (execution environments); undefined: the local default. */
  readonly reservedConcurrency: number | undefined;
  /** Aliases that exist from the start: alias name → `$LATEST` or a version number. @default none */
  readonly aliases: Readonly<Record<string, string>>;
}

export interface Capacity {
  /** CPU units. */
  readonly cpu: number;
  /** MiB. */
  readonly memory: number;
}

export interface Profile {
  /** The file it was read from; undefined for the built-in empty profile. */
  readonly path: string | undefined;
  /** The project root: the profile's directory. Commands run here. */
  readonly root: string;
  readonly substitutions: Substitutions;
  readonly taskDefinitions: ReadonlyMap<string, TaskDefinition>;
  readonly jobDefinitions: ReadonlyMap<string, JobDefinition>;
  readonly functions: ReadonlyMap<string, FunctionDefinition>;
  readonly capacity: Capacity;
}

/** What this machine offers when the profile sets no capacity: every core, three quarters of the memory. */
export function machineCapacity(): Capacity {
  return { cpu: availableParallelism() * 1024, memory: Math.floor((totalmem() / 1024 / 1024) * 0.75) };
}

/**
 * Reads the profile at `path` (relative to `cwd`), or `fanout.local.json` in `cwd` when no path is given; with
 * neither, an empty profile rooted at `cwd`. Throws ConfigError.
 */
export function loadProfile(path: string | undefined, cwd: string = process.cwd()): Profile {
  const file = resolve(cwd, path ?? DEFAULT_PROFILE_FILE);
  if (path === undefined && !existsSync(file)) return compileProfile({}, undefined, cwd);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read the profile ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`the profile ${file} is not valid JSON: ${(e as Error).message}`);
  }
  return compileProfile(raw, file, dirname(file));
}

/** Validates a parsed profile; every problem is listed, each with its field path. */
export function compileProfile(raw: unknown, path: string | undefined, root: string): Profile {
  const v = new Validator();
  const top = v.object(raw, '', ['substitutions', 'taskDefinitions', 'jobDefinitions', 'functions', 'capacity']) ?? {};
  const substitutions: Record<string, string> = {};
  for (const [name, value] of v.entries(top['substitutions'], 'substitutions')) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      substitutions[name] = String(value);
    } else v.fail(`substitutions.${name}`, 'must be a string, number or boolean');
  }
  const capacity = compileCapacity(v, top['capacity']);
  const taskDefinitions = new Map<string, TaskDefinition>();
  for (const [family, value] of v.entries(top['taskDefinitions'], 'taskDefinitions')) {
    const def = compileTaskDefinition(v, family, value);
    if (def === undefined) continue;
    taskDefinitions.set(family, def);
    v.fits(`taskDefinitions.${family}`, def.cpu, def.memory, capacity);
  }
  const jobDefinitions = new Map<string, JobDefinition>();
  for (const [name, value] of v.entries(top['jobDefinitions'], 'jobDefinitions')) {
    const def = compileJobDefinition(v, name, value);
    if (def === undefined) continue;
    jobDefinitions.set(name, def);
    v.fits(`jobDefinitions.${name}`, def.vcpus * 1024, def.memory, capacity);
  }
  const functions = new Map<string, FunctionDefinition>();
  for (const [name, value] of v.entries(top['functions'], 'functions')) {
    const def = compileFunction(v, name, value, root);
    if (def !== undefined) functions.set(name, def);
  }
  if (v.errors.length > 0) {
    const where = path ?? 'the profile';
    throw new ConfigError(`${where} is not a valid profile:\n${v.errors.map((e) => `  - ${e}`).join('\n')}`);
  }
  return { path, root, substitutions, taskDefinitions, jobDefinitions, functions, capacity };
}

/** The runtimes run locally: Node.js on this machine's node, Python on its python3. */
export const FUNCTION_RUNTIMES = /^(nodejs(20|22|24)\.x|python3\.(9|1[0-4]))$/;

function compileFunction(v: Validator, name: string, raw: unknown, root: string): FunctionDefinition | undefined {
  const at = `functions.${name}`;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(name)) {
    v.fail(at, 'a function name has up to 64 letters, numbers, hyphens and underscores');
  }
  const o = v.object(raw, at, [
    'runtime',
    'handler',
    'code',
    'environment',
    'timeout',
    'memorySize',
    'reservedConcurrency',
    'aliases',
  ]);
  if (o === undefined) return undefined;
  const runtime = o['runtime'];
  if (typeof runtime !== 'string' || !FUNCTION_RUNTIMES.test(runtime)) {
    v.fail(`${at}.runtime`, `must be nodejs22.x, nodejs24.x or python3.x, got ${JSON.stringify(runtime)}`);
  }
  const handler = o['handler'];
  if (typeof handler !== 'string' || !/^[^.\s][^\s]*\.[A-Za-z_$][\w$]*$/.test(handler)) {
    v.fail(`${at}.handler`, `must be FILE.FUNCTION (e.g. "index.handler"), got ${JSON.stringify(handler)}`);
  }
  const code = o['code'];
  if (typeof code !== 'string' || code === '') v.fail(`${at}.code`, 'must name the code directory');
  else if (!existsSync(resolve(root, code))) v.fail(`${at}.code`, `${resolve(root, code)} does not exist`);
  const timeout = v.positiveInteger(o['timeout'], `${at}.timeout`) ?? 3;
  if (timeout > 900) v.fail(`${at}.timeout`, 'must be at most 900 seconds');
  const memorySize = v.positiveInteger(o['memorySize'], `${at}.memorySize`) ?? 128;
  if (memorySize < 128 || memorySize > 10240) v.fail(`${at}.memorySize`, 'must be from 128 to 10240 MiB');
  return {
    name,
    runtime: typeof runtime === 'string' ? runtime : '',
    handler: typeof handler === 'string' ? handler : '',
    code: resolve(root, typeof code === 'string' ? code : '.'),
    environment: v.environment(o['environment'], `${at}.environment`),
    timeout,
    memorySize,
    reservedConcurrency: v.positiveInteger(o['reservedConcurrency'], `${at}.reservedConcurrency`),
    aliases: compileAliases(v, o['aliases'], `${at}.aliases`),
  };
}

function compileAliases(v: Validator, raw: unknown, at: string): Record<string, string> {
  const aliases: Record<string, string> = {};
  for (const [alias, version] of v.entries(raw, at)) {
    if (!/^(?!\d+$)[A-Za-z0-9_-]{1,128}$/.test(alias)) {
      v.fail(
        `${at}.${alias}`,
        'an alias name has up to 128 letters, numbers, hyphens and underscores, not digits only',
      );
    } else if (typeof version !== 'string' || !/^(\$LATEST|[1-9]\d*)$/.test(version)) {
      v.fail(`${at}.${alias}`, `must be "$LATEST" or a version number ("1"), got ${JSON.stringify(version)}`);
    } else aliases[alias] = version;
  }
  return aliases;
}

function compileCapacity(v: Validator, raw: unknown): Capacity {
  const machine = machineCapacity();
  if (raw === undefined) return machine;
  const o = v.object(raw, 'capacity', ['cpu', 'memory']) ?? {};
  return {
    cpu: v.positiveInteger(o['cpu'], 'capacity.cpu') ?? machine.cpu,
    memory: v.positiveInteger(o['memory'], 'capacity.memory') ?? machine.memory,
  };
}

function compileTaskDefinition(v: Validator, family: string, raw: unknown): TaskDefinition | undefined {
  const at = `taskDefinitions.${family}`;
  if (!/^[A-Za-z0-9_-]{1,255}$/.test(family)) {
    v.fail(at, 'a family name has up to 255 letters, numbers, hyphens and underscores');
  }
  const o = v.object(raw, at, ['cpu', 'memory', 'stopTimeout', 'containers']);
  if (o === undefined) return undefined;
  const containers: ContainerDefinition[] = [];
  for (const [name, value] of v.entries(o['containers'], `${at}.containers`)) {
    const c = v.object(value, `${at}.containers.${name}`, ['entryPoint', 'command', 'environment', 'essential']);
    if (c === undefined) continue;
    const entryPoint = v.argv(c['entryPoint'], `${at}.containers.${name}.entryPoint`);
    containers.push({
      name,
      entryPoint,
      command: v.command(c['command'], `${at}.containers.${name}.command`, entryPoint.length > 0),
      environment: v.environment(c['environment'], `${at}.containers.${name}.environment`),
      essential: v.boolean(c['essential'], `${at}.containers.${name}.essential`) ?? true,
    });
  }
  if (o['containers'] !== undefined && containers.length === 0) v.fail(`${at}.containers`, 'must name a container');
  if (o['containers'] === undefined) v.fail(`${at}.containers`, 'is required');
  if (containers.length > 0 && !containers.some((c) => c.essential)) {
    v.fail(`${at}.containers`, 'at least one container must be essential');
  }
  return {
    family,
    cpu: v.positiveInteger(o['cpu'], `${at}.cpu`) ?? DEFAULT_TASK_CPU,
    memory: v.positiveInteger(o['memory'], `${at}.memory`) ?? DEFAULT_TASK_MEMORY,
    stopTimeout: v.stopTimeout(o['stopTimeout'], `${at}.stopTimeout`),
    containers,
  };
}

function compileJobDefinition(v: Validator, name: string, raw: unknown): JobDefinition | undefined {
  const at = `jobDefinitions.${name}`;
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(name)) {
    v.fail(at, 'a job definition name has up to 128 letters, numbers, hyphens and underscores');
  }
  const o = v.object(raw, at, ['vcpus', 'memory', 'entryPoint', 'command', 'environment', 'parameters', 'stopTimeout']);
  if (o === undefined) return undefined;
  const entryPoint = v.argv(o['entryPoint'], `${at}.entryPoint`);
  const parameters: Record<string, string> = {};
  for (const [key, value] of v.entries(o['parameters'], `${at}.parameters`)) {
    if (typeof value === 'string') parameters[key] = value;
    else v.fail(`${at}.parameters.${key}`, 'must be a string');
  }
  return {
    name,
    vcpus: v.positiveNumber(o['vcpus'], `${at}.vcpus`) ?? 1,
    memory: v.positiveInteger(o['memory'], `${at}.memory`) ?? DEFAULT_TASK_MEMORY,
    entryPoint,
    command: v.command(o['command'], `${at}.command`, entryPoint.length > 0),
    environment: v.environment(o['environment'], `${at}.environment`),
    parameters,
    stopTimeout: v.stopTimeout(o['stopTimeout'], `${at}.stopTimeout`),
  };
}

/** Collects errors instead of throwing at the first, so one run of `fanout serve` shows them all. */
class Validator {
  readonly errors: string[] = [];

  fail(field: string, message: string): void {
    this.errors.push(field === '' ? message : `${field}: ${message}`);
  }

  object(raw: unknown, field: string, known: readonly string[]): Record<string, unknown> | undefined {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      this.fail(field, 'must be a JSON object');
      return undefined;
    }
    for (const key of Object.keys(raw)) {
      if (!known.includes(key) && key !== '$schema' && key !== 'comment') {
        this.fail(field === '' ? key : `${field}.${key}`, `unknown field (expected one of: ${known.join(', ')})`);
      }
    }
    return raw as Record<string, unknown>;
  }

  entries(raw: unknown, field: string): Array<[string, unknown]> {
    if (raw === undefined) return [];
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      this.fail(field, 'must be a JSON object');
      return [];
    }
    return Object.entries(raw);
  }

  positiveInteger(raw: unknown, field: string): number | undefined {
    if (raw === undefined) return undefined;
    if (typeof raw === 'number' && Number.isInteger(raw) && raw > 0) return raw;
    this.fail(field, `must be a positive integer, got ${JSON.stringify(raw)}`);
    return undefined;
  }

  positiveNumber(raw: unknown, field: string): number | undefined {
    if (raw === undefined) return undefined;
    if (typeof raw === 'number' && Number.isFinite(raw) && raw > 0) return raw;
    this.fail(field, `must be a positive number, got ${JSON.stringify(raw)}`);
    return undefined;
  }

  boolean(raw: unknown, field: string): boolean | undefined {
    if (raw === undefined || typeof raw === 'boolean') return raw;
    this.fail(field, `must be true or false, got ${JSON.stringify(raw)}`);
    return undefined;
  }

  stopTimeout(raw: unknown, field: string): number {
    if (raw === undefined) return DEFAULT_STOP_TIMEOUT_SECONDS;
    if (typeof raw === 'number' && Number.isInteger(raw) && raw >= 1 && raw <= MAX_STOP_TIMEOUT_SECONDS) return raw;
    this.fail(
      field,
      `must be a whole number of seconds from 1 to ${MAX_STOP_TIMEOUT_SECONDS}, got ${JSON.stringify(raw)}`,
    );
    return DEFAULT_STOP_TIMEOUT_SECONDS;
  }

  /** The argv to run, or (after an entryPoint) its arguments, which may be none. */
  command(raw: unknown, field: string, afterEntryPoint: boolean): string[] {
    if (afterEntryPoint) return this.argv(raw, field);
    if (Array.isArray(raw) && raw.length > 0 && raw.every((a) => typeof a === 'string') && raw[0] !== '') {
      return raw;
    }
    this.fail(field, 'must be a non-empty array of strings (argv; no shell), e.g. ["node", "tasks/x/main.js"]');
    return [];
  }

  argv(raw: unknown, field: string): string[] {
    if (raw === undefined) return [];
    if (Array.isArray(raw) && raw.every((a) => typeof a === 'string')) return raw;
    this.fail(field, 'must be an array of strings');
    return [];
  }

  environment(raw: unknown, field: string): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [name, value] of this.entries(raw, field)) {
      if (typeof value === 'string') env[name] = value;
      else this.fail(`${field}.${name}`, `must be a string, got ${JSON.stringify(value)}`);
    }
    return env;
  }

  /** A definition that can never be placed would wait forever; say so now. */
  fits(field: string, cpu: number, memory: number, capacity: Capacity): void {
    if (cpu > capacity.cpu) this.fail(field, `needs ${cpu} CPU units but the capacity has ${capacity.cpu}`);
    if (memory > capacity.memory) this.fail(field, `needs ${memory} MiB but the capacity has ${capacity.memory}`);
  }
}
