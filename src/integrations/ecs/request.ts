/**
 * RunTask's Parameters → what to run: the task definition from the profile, the containers with their overrides
 * applied, the capacity provider. Errors are ECS's own (ECS.InvalidParameterException) and name the field.
 */
import type { Json, JsonObject } from '../../engine';
import { clusterName, taskDefinitionFamily } from '../arns';
import { ecsApiError } from '../errors';
import { Params } from '../params';
import type { Profile, TaskDefinition } from '../profile';

export type CapacityProvider = 'FARGATE' | 'FARGATE_SPOT';

export interface PlannedContainer {
  readonly name: string;
  readonly argv: readonly string[];
  /** The definition's environment with the overrides applied. */
  readonly environment: Readonly<Record<string, string>>;
  readonly essential: boolean;
}

export interface RunTaskPlan {
  readonly definition: TaskDefinition;
  readonly cluster: string;
  readonly launchType: string;
  /** Set when a CapacityProviderStrategy placed the task; FARGATE_SPOT tasks are the ones chaos interrupts. */
  readonly capacityProvider: CapacityProvider | undefined;
  readonly cpu: number;
  readonly memory: number;
  readonly group: string;
  readonly startedBy: string | undefined;
  readonly containers: readonly PlannedContainer[];
  /** Echoed in the Task object as ECS echoes them. */
  readonly overrides: JsonObject;
}

const invalid = (message: string) => ecsApiError('InvalidParameterException', message);
const PROVIDERS: readonly string[] = ['FARGATE', 'FARGATE_SPOT'];

export function planRunTask(parameters: Json, profile: Profile, random: () => number): RunTaskPlan {
  const p = Params.of(parameters, invalid, 'RunTask');
  const requested = p.requiredString('TaskDefinition');
  const family = taskDefinitionFamily(requested);
  const definition = profile.taskDefinitions.get(family);
  if (definition === undefined) throw unknownTaskDefinition(requested, profile);
  const count = p.integer('Count');
  if (count !== undefined && count !== 1) {
    throw invalid('Count must be 1: the local runtime starts one task per RunTask (a Map fans out instead).');
  }
  const launchType = p.string('LaunchType');
  const strategy = p.objects('CapacityProviderStrategy');
  if (launchType !== undefined && strategy.length > 0) {
    throw invalid(
      'Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.',
    );
  }
  const capacityProvider = strategy.length > 0 ? chooseProvider(strategy, random) : undefined;

  const overrides = p.object('Overrides');
  const byName = new Map(definition.containers.map((c) => [c.name, c]));
  const containerOverrides = new Map<string, Params>();
  for (const o of overrides?.objects('ContainerOverrides') ?? []) {
    const name = o.requiredString('Name');
    if (!byName.has(name)) {
      throw invalid(`Override for container named ${name} is not a container in the TaskDefinition.`);
    }
    containerOverrides.set(name, o);
  }
  const containers = definition.containers.map((c): PlannedContainer => {
    const o = containerOverrides.get(c.name);
    const command = o?.strings('Command') ?? c.command;
    const environment = { ...c.environment };
    for (const { Name, Value } of o?.environment('Environment') ?? []) environment[Name] = Value;
    const argv = [...c.entryPoint, ...command];
    if (argv.length === 0) throw invalid(`Container ${c.name} has no command to run.`);
    return { name: c.name, argv, environment, essential: c.essential };
  });
  return {
    definition,
    cluster: clusterName(p.string('Cluster')),
    launchType: launchType ?? 'FARGATE',
    capacityProvider,
    cpu: units(overrides?.string('Cpu'), 'Overrides.Cpu') ?? definition.cpu,
    memory: units(overrides?.string('Memory'), 'Overrides.Memory') ?? definition.memory,
    group: p.string('Group') ?? `family:${family}`,
    startedBy: p.string('StartedBy'),
    containers,
    overrides: {
      ContainerOverrides: (overrides?.objects('ContainerOverrides') ?? []).map((o) => o.value),
      InferenceAcceleratorOverrides: [],
      ...(overrides?.string('Cpu') !== undefined ? { Cpu: overrides.string('Cpu') ?? '' } : {}),
      ...(overrides?.string('Memory') !== undefined ? { Memory: overrides.string('Memory') ?? '' } : {}),
    },
  };
}

/**
 * Per RunTask call ECS places a task on the provider whose Base is not yet met, else by Weight. One task per
 * call here, so: a provider with Base ≥ 1 if any, else a weighted draw.
 */
function chooseProvider(strategy: Params[], random: () => number): CapacityProvider {
  const entries = strategy.map((s) => {
    const name = s.requiredString('CapacityProvider');
    if (!PROVIDERS.includes(name)) {
      throw invalid(
        `The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster: ${name}. Locally: FARGATE or FARGATE_SPOT.`,
      );
    }
    return { name: name as CapacityProvider, weight: s.integer('Weight') ?? 0, base: s.integer('Base') ?? 0 };
  });
  const based = entries.find((e) => e.base > 0);
  if (based !== undefined) return based.name;
  const weighted = entries.filter((e) => e.weight > 0);
  if (weighted.length === 0) return entries[0]?.name ?? 'FARGATE';
  // One candidate needs no draw (and leaves an injected random sequence to chaos alone).
  if (weighted.length === 1) return weighted[0]?.name ?? 'FARGATE';
  const total = weighted.reduce((sum, e) => sum + e.weight, 0);
  let draw = random() * total;
  for (const e of weighted) {
    draw -= e.weight;
    if (draw < 0) return e.name;
  }
  return weighted[weighted.length - 1]?.name ?? 'FARGATE';
}

function units(value: string | undefined, field: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0)
    throw invalid(`${field} must be a positive whole number as a string, got '${value}'.`);
  return n;
}

function unknownTaskDefinition(requested: string, profile: Profile): Error {
  const known = [...profile.taskDefinitions.keys()];
  const hint = requested.includes('${')
    ? ' The value still holds a ${…} placeholder: fill it from the profile with applySubstitutions.'
    : ` Known task definitions in ${profile.path ?? 'the profile (none loaded)'}: ${known.length > 0 ? known.join(', ') : 'none'}.`;
  return invalid(`Unable to describe task definition '${requested}'.${hint}`);
}
