/**
 * `workflows/rules.json`: EventBridge rules beside the workflows, read by `fanout serve` and by infra/. A rule is
 * PutRule's fields plus targets that name a workflow file or a queue by name instead of an ARN; `buckets` lists
 * the buckets whose object events go to EventBridge. `${Name}` placeholders are the profile's substitutions
 * (locally) or the stack's (on AWS), filled in before the file is parsed. Every problem is listed with its path.
 */
import { resolve } from 'node:path';
import { isWireError } from '../protocol/wire-error';
import { eventsError } from './errors';
import type { InputTransformer, RetryPolicy } from './model';
import { compilePattern } from './pattern';

export const DEFAULT_RULES_FILE = 'workflows/rules.json';

export interface RuleTargetSpec {
  readonly id: string;
  /** The workflow file, absolute; or */
  readonly workflow?: string;
  /** a queue name. */
  readonly queue?: string;
  readonly input?: string;
  readonly inputPath?: string;
  readonly inputTransformer?: InputTransformer;
  readonly retryPolicy?: RetryPolicy;
  /** A queue name. */
  readonly deadLetterQueue?: string;
}

export interface RuleSpec {
  readonly name: string;
  readonly description: string;
  readonly eventPattern: string;
  readonly enabled: boolean;
  readonly targets: readonly RuleTargetSpec[];
}

export interface RulesFile {
  readonly buckets: readonly string[];
  readonly rules: readonly RuleSpec[];
}

export class RulesFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const NAME = /^[.\-_A-Za-z0-9]{1,64}$/;

/** Parses the file's text (substitutions already applied); workflow paths are relative to `root`. */
export function parseRulesFile(text: string, path: string, root: string): RulesFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new RulesFileError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  const top = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const problems: string[] = [];
  const buckets = top['buckets'] ?? [];
  if (!Array.isArray(buckets) || !buckets.every((b) => typeof b === 'string' && b !== '')) {
    problems.push('buckets: a list of bucket names');
  }
  const list = top['rules'];
  if (!Array.isArray(list)) throw new RulesFileError(`${path}: "rules" must be an array`);
  const names = new Set<string>();
  const rules: RuleSpec[] = [];
  list.forEach((item: unknown, i) => {
    const at = `rules[${i}]`;
    const e = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const name = e['name'];
    if (typeof name !== 'string' || !NAME.test(name)) {
      problems.push(`${at}.name: 1-64 of letters, digits, '.', '-', '_'`);
      return;
    }
    if (names.has(name)) problems.push(`${at}.name: '${name}' is used twice`);
    names.add(name);
    const state = e['state'] ?? 'ENABLED';
    if (state !== 'ENABLED' && state !== 'DISABLED') problems.push(`${at}.state: ENABLED or DISABLED`);
    const pattern = e['eventPattern'];
    const patternText = typeof pattern === 'string' ? pattern : JSON.stringify(pattern);
    try {
      if (pattern === undefined) throw new RulesFileError('an event pattern is required');
      compilePattern(patternText);
    } catch (error) {
      if (!(error instanceof RulesFileError) && !isWireError(error)) throw error;
      problems.push(`${at}.eventPattern: ${error.message}`);
    }
    const targets = e['targets'];
    if (!Array.isArray(targets) || targets.length === 0 || targets.length > 5) {
      problems.push(`${at}.targets: 1 to 5 targets`);
      return;
    }
    const specs = targets.map((t: unknown, j) => target(t, `${at}.targets[${j}]`, root, problems));
    rules.push({
      name,
      description: typeof e['description'] === 'string' ? e['description'] : '',
      eventPattern: patternText,
      enabled: state === 'ENABLED',
      targets: specs,
    });
  });
  if (problems.length > 0) {
    throw new RulesFileError(`${path} is not a valid rules file:\n  - ${problems.join('\n  - ')}`);
  }
  return { buckets: buckets as string[], rules };
}

function target(raw: unknown, at: string, root: string, problems: string[]): RuleTargetSpec {
  const t = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const id = t['id'];
  if (typeof id !== 'string' || !NAME.test(id)) problems.push(`${at}.id: 1-64 of letters, digits, '.', '-', '_'`);
  const workflow = t['workflow'];
  const queue = t['queue'];
  if ((typeof workflow === 'string') === (typeof queue === 'string')) {
    problems.push(`${at}: exactly one of workflow (a workflow file) or queue (a queue name)`);
  }
  if (typeof workflow === 'string' && !workflow.endsWith('.asl.json')) {
    problems.push(`${at}.workflow: a workflow file (workflows/NAME.asl.json)`);
  }
  const input = t['input'];
  const inputPath = t['inputPath'];
  const transformer = t['inputTransformer'] as Record<string, unknown> | undefined;
  if ([input, inputPath, transformer].filter((v) => v !== undefined).length > 1) {
    problems.push(`${at}: at most one of input, inputPath, inputTransformer`);
  }
  if (inputPath !== undefined && (typeof inputPath !== 'string' || !inputPath.startsWith('$'))) {
    problems.push(`${at}.inputPath: a JSON path`);
  }
  if (transformer !== undefined && typeof transformer['inputTemplate'] !== 'string') {
    problems.push(`${at}.inputTransformer.inputTemplate: a template string`);
  }
  const retry = t['retryPolicy'] as Record<string, unknown> | undefined;
  const attempts = retry?.['maximumRetryAttempts'];
  const age = retry?.['maximumEventAgeInSeconds'];
  if (
    attempts !== undefined &&
    !(Number.isInteger(attempts) && (attempts as number) >= 0 && (attempts as number) <= 185)
  ) {
    problems.push(`${at}.retryPolicy.maximumRetryAttempts: 0 to 185`);
  }
  if (age !== undefined && !(Number.isInteger(age) && (age as number) >= 60 && (age as number) <= 86_400)) {
    problems.push(`${at}.retryPolicy.maximumEventAgeInSeconds: 60 to 86400`);
  }
  const dlq = t['deadLetterQueue'];
  if (dlq !== undefined && typeof dlq !== 'string') problems.push(`${at}.deadLetterQueue: a queue name`);
  return {
    id: String(id),
    ...(typeof workflow === 'string' ? { workflow: resolve(root, workflow) } : {}),
    ...(typeof queue === 'string' ? { queue } : {}),
    ...(input === undefined ? {} : { input: typeof input === 'string' ? input : JSON.stringify(input) }),
    ...(typeof inputPath === 'string' ? { inputPath } : {}),
    ...(transformer === undefined
      ? {}
      : {
          inputTransformer: {
            InputTemplate: String(transformer['inputTemplate']),
            ...(transformer['inputPathsMap'] === undefined
              ? {}
              : { InputPathsMap: transformer['inputPathsMap'] as Record<string, string> }),
          },
        }),
    ...(retry === undefined
      ? {}
      : {
          retryPolicy: {
            ...(attempts === undefined ? {} : { MaximumRetryAttempts: attempts as number }),
            ...(age === undefined ? {} : { MaximumEventAgeInSeconds: age as number }),
          },
        }),
    ...(typeof dlq === 'string' ? { deadLetterQueue: dlq } : {}),
  };
}

/** What installing the file's rules needs from the server. */
export interface RuleInstaller {
  /** Deploys the workflow file; returns its state machine ARN. */
  deployWorkflow(file: string): string;
  /** Creates the queue if missing; returns its ARN. */
  ensureQueue(name: string): string;
  /** Creates the bucket if missing and switches its EventBridge notifications on. */
  watchBucket(name: string): void;
}

/** Puts the file's rules and targets on the default bus (replacing rules of the same names). */
export function installRules(
  file: RulesFile,
  events: {
    putRule(i: Record<string, unknown>): unknown;
    putTargets(i: Record<string, unknown>): { FailedEntries: { ErrorMessage: string }[] };
    listTargetsByRule(i: Record<string, unknown>): { Targets: { Id: string }[] };
    removeTargets(i: Record<string, unknown>): unknown;
  },
  installer: RuleInstaller,
): void {
  for (const bucket of file.buckets) installer.watchBucket(bucket);
  for (const rule of file.rules) {
    events.putRule({
      Name: rule.name,
      EventPattern: rule.eventPattern,
      State: rule.enabled ? 'ENABLED' : 'DISABLED',
      Description: rule.description,
    });
    const stale = events.listTargetsByRule({ Rule: rule.name }).Targets.map((t) => t.Id);
    if (stale.length > 0) events.removeTargets({ Rule: rule.name, Ids: stale });
    const { FailedEntries } = events.putTargets({
      Rule: rule.name,
      Targets: rule.targets.map((t) => ({
        Id: t.id,
        Arn: t.workflow !== undefined ? installer.deployWorkflow(t.workflow) : installer.ensureQueue(t.queue ?? ''),
        ...(t.input === undefined ? {} : { Input: t.input }),
        ...(t.inputPath === undefined ? {} : { InputPath: t.inputPath }),
        ...(t.inputTransformer === undefined ? {} : { InputTransformer: t.inputTransformer }),
        ...(t.retryPolicy === undefined ? {} : { RetryPolicy: t.retryPolicy }),
        ...(t.deadLetterQueue === undefined
          ? {}
          : { DeadLetterConfig: { Arn: installer.ensureQueue(t.deadLetterQueue) } }),
      })),
    });
    if (FailedEntries.length > 0) {
      throw eventsError(
        'ValidationException',
        `rule ${rule.name}: ${FailedEntries.map((f) => f.ErrorMessage).join('; ')}`,
      );
    }
  }
}
