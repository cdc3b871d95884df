/**
 * SubmitJob's Parameters → what to run: the job definition from the profile with ContainerOverrides,
 * Parameters (`Ref::name` in the command), array size, retry strategy and attempt timeout. Errors are Batch's
 * own (Batch.ClientException) and name the field.
 */
import type { Json, JsonObject } from '../../engine';
import { jobDefinitionName, jobQueueName } from '../arns';
import { batchApiError } from '../errors';
import { Params } from '../params';
import type { JobDefinition, Profile } from '../profile';
import type { ExitRule } from './retry-strategy';
import { parseEvaluateOnExit } from './retry-strategy';

export interface SubmitJobPlan {
  readonly jobName: string;
  readonly queue: string;
  readonly definition: JobDefinition;
  /** The command after overrides and `Ref::` substitution (without the entry point). */
  readonly command: readonly string[];
  readonly argv: readonly string[];
  readonly environment: Readonly<Record<string, string>>;
  readonly parameters: Readonly<Record<string, string>>;
  readonly vcpus: number;
  readonly memory: number;
  /** Undefined for a single job; 2–10,000 for an array job. */
  readonly arraySize: number | undefined;
  readonly attempts: number;
  readonly evaluateOnExit: readonly ExitRule[];
  readonly attemptDurationSeconds: number | undefined;
  /** The request's fields echoed by DescribeJobs. */
  readonly echo: { RetryStrategy?: JsonObject; Timeout?: JsonObject; Tags?: JsonObject; ResourceRequirements: Json[] };
}

const clientError = (message: string) => batchApiError('ClientException', message);
const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

export function planSubmitJob(parameters: Json, profile: Profile): SubmitJobPlan {
  const p = Params.of(parameters, clientError, 'SubmitJob');
  const jobName = p.requiredString('JobName');
  if (!NAME.test(jobName)) {
    throw clientError(
      'Error executing request, Exception : JobName must be up to 128 letters (uppercase and lowercase), numbers, hyphens, and underscores, starting with a letter or number.',
    );
  }
  const queue = jobQueueName(p.requiredString('JobQueue'));
  const requested = p.requiredString('JobDefinition');
  const definition = profile.jobDefinitions.get(jobDefinitionName(requested));
  if (definition === undefined) {
    const known = [...profile.jobDefinitions.keys()];
    throw clientError(
      `Job definition ${requested} does not exist. Known job definitions in ${profile.path ?? 'the profile (none loaded)'}: ${known.length > 0 ? known.join(', ') : 'none'}.`,
    );
  }
  if (p.objects('DependsOn').length > 0) {
    throw clientError('DependsOn is not supported by the local runtime: chain the jobs with states instead.');
  }

  const overrides = p.object('ContainerOverrides');
  const environment = { ...definition.environment };
  for (const { Name, Value } of overrides?.environment('Environment') ?? []) {
    if (Name.startsWith('AWS_BATCH')) {
      throw clientError(`Environment variable names starting with AWS_BATCH are reserved: ${Name}.`);
    }
    environment[Name] = Value;
  }
  let vcpus = definition.vcpus;
  let memory = definition.memory;
  const requirements = overrides?.objects('ResourceRequirements') ?? [];
  for (const r of requirements) {
    const type = r.requiredString('Type');
    const value = Number(r.requiredString('Value'));
    if (!(value > 0)) throw clientError(`ContainerOverrides.ResourceRequirements ${type} must be a positive number.`);
    if (type === 'VCPU') vcpus = value;
    else if (type === 'MEMORY') memory = Math.ceil(value);
    // GPU and others: nothing to reserve on this machine.
  }
  vcpus = overrides?.integer('Vcpus') ?? vcpus;
  memory = overrides?.integer('Memory') ?? memory;

  const values = { ...definition.parameters, ...p.stringMap('Parameters') };
  const command = (overrides?.strings('Command') ?? definition.command).map((arg) => substituteRefs(arg, values));
  const argv = [...definition.entryPoint, ...command];
  if (argv.length === 0) throw clientError(`Job definition ${definition.name} has no command to run.`);

  const array = p.object('ArrayProperties');
  const arraySize = array?.integer('Size');
  if (arraySize !== undefined && (arraySize < 2 || arraySize > 10000)) {
    throw clientError('ArrayProperties.Size must be between 2 and 10000.');
  }
  const retry = p.object('RetryStrategy');
  const attempts = retry?.integer('Attempts') ?? 1;
  if (attempts < 1 || attempts > 10) throw clientError('RetryStrategy.Attempts must be between 1 and 10.');
  const timeout = p.object('Timeout');
  // AWS requires at least 60 s; shorter is accepted here so tests of the timeout stay quick.
  const attemptDurationSeconds = timeout?.integer('AttemptDurationSeconds');
  if (attemptDurationSeconds !== undefined && attemptDurationSeconds < 1) {
    throw clientError('Timeout.AttemptDurationSeconds must be a positive number of seconds.');
  }
  const tags = p.object('Tags');
  return {
    jobName,
    queue,
    definition,
    command,
    argv,
    environment,
    parameters: values,
    vcpus,
    memory,
    arraySize,
    attempts,
    evaluateOnExit: retry === undefined ? [] : parseEvaluateOnExit(retry),
    attemptDurationSeconds,
    echo: {
      ...(retry !== undefined ? { RetryStrategy: retry.value } : {}),
      ...(timeout !== undefined ? { Timeout: timeout.value } : {}),
      ...(tags !== undefined ? { Tags: tags.value } : {}),
      ResourceRequirements: requirements.map((r) => r.value),
    },
  };
}

/**
 * Batch replaces `Ref::name` placeholders in the command with the job's parameters; a placeholder without a
 * value stays as written (as Batch leaves it).
 */
export function substituteRefs(arg: string, values: Readonly<Record<string, string>>): string {
  return arg.replace(/Ref::([A-Za-z0-9_-]+)/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(values, name) ? (values[name] ?? whole) : whole,
  );
}
