/**
 * What a workflow asks of the local runtime that the profile cannot give, found before anything runs: Task
 * resources no local integration serves, integration patterns it does not offer, and ECS task definitions, Batch
 * job definitions and Lambda functions the profile does not declare. Values chosen at run time (`.$` paths,
 * JSONata) cannot be checked here and are left to the run.
 */
import { parseResource } from '../engine';
import { jobDefinitionName, taskDefinitionFamily } from './arns';
import { LocalCompute } from './compute';
import { LEGACY_LAMBDA_RESOURCE } from './lambda/handlers';
import { parseFunctionName } from './lambda/function-name';
import { LocalLambda } from './lambda/local-lambda';
import type { Profile } from './profile';
import { integrationHandlers, integrationKey } from './runner';

export interface UnmappedState {
  /** JSON pointer of the field at fault, as validation diagnostics give locations (`/States/Resize/Resource`). */
  location: string;
  stateName: string;
  /** What is missing, and what the profile has instead. */
  message: string;
}

type Json = Record<string, unknown>;

/** Every Task state of the definition (inside Parallel branches and Map processors too) the profile cannot run. */
export function unmappedStates(definition: unknown, profile: Profile): UnmappedState[] {
  const compute = new LocalCompute(profile);
  const lambda = new LocalLambda(
    profile.functions,
    () => ({ endpointUrl: '', region: '', accountId: '', dataDir: profile.root }),
    () => compute.logs({ endpointUrl: '', region: '', accountId: '', dataDir: profile.root }),
  );
  const handlers = integrationHandlers(compute, lambda);
  const out: UnmappedState[] = [];
  const visit = (states: unknown, at: string): void => {
    if (!isObject(states)) return;
    for (const [name, state] of Object.entries(states)) {
      if (!isObject(state)) continue;
      const here = `${at}/States/${pointer(name)}`;
      if (state['Type'] === 'Parallel' && Array.isArray(state['Branches'])) {
        state['Branches'].forEach((branch, i) => isObject(branch) && visit(branch['States'], `${here}/Branches[${i}]`));
      }
      if (state['Type'] === 'Map') {
        for (const field of ['ItemProcessor', 'Iterator']) {
          const body = state[field];
          if (isObject(body)) visit(body['States'], `${here}/${field}`);
        }
      }
      if (state['Type'] === 'Task' && typeof state['Resource'] === 'string') {
        const problem = taskProblem(state, state['Resource'], handlers, profile);
        if (problem !== undefined)
          out.push({ location: `${here}/${problem.field}`, stateName: name, message: problem.message });
      }
    }
  };
  visit(isObject(definition) ? definition['States'] : undefined, '');
  return out;
}

function taskProblem(
  state: Json,
  resource: string,
  handlers: ReturnType<typeof integrationHandlers>,
  profile: Profile,
): { field: string; message: string } | undefined {
  const parsed = parseResource(resource);
  if (parsed.resourceType === 'activity') return undefined;
  const key = integrationKey(resource);
  const handler = key === undefined ? undefined : handlers.get(key);
  if (handler === undefined) {
    return {
      field: 'Resource',
      message: `no local integration runs '${resource}' (local: ${[...handlers.keys()].sort().join(', ')})`,
    };
  }
  if (!handler.patterns.includes(parsed.pattern)) {
    return {
      field: 'Resource',
      message: `${handler.resource} runs locally as ${handler.patterns.join(', ')}, not ${parsed.pattern}`,
    };
  }
  const args = isObject(state['Parameters']) ? 'Parameters' : 'Arguments';
  const given = isObject(state[args]) ? state[args] : {};
  const literal = (field: string): string | undefined => {
    const value = given[field];
    return typeof value === 'string' && !value.startsWith('{%') ? value : undefined;
  };
  const missing = (kind: string, name: string, known: Iterable<string>): string => {
    const names = [...known];
    return `the profile ${profile.path ?? '(none given)'} has no ${kind}.${name} (declared: ${names.length > 0 ? names.join(', ') : 'none'})`;
  };
  if (handler.resource === 'ecs:runTask') {
    const requested = literal('TaskDefinition');
    if (requested !== undefined && !profile.taskDefinitions.has(taskDefinitionFamily(requested))) {
      const family = taskDefinitionFamily(requested);
      return {
        field: `${args}/TaskDefinition`,
        message: missing('taskDefinitions', family, profile.taskDefinitions.keys()),
      };
    }
  }
  if (handler.resource === 'batch:submitJob') {
    const requested = literal('JobDefinition');
    if (requested !== undefined && !profile.jobDefinitions.has(jobDefinitionName(requested))) {
      const name = jobDefinitionName(requested);
      return {
        field: `${args}/JobDefinition`,
        message: missing('jobDefinitions', name, profile.jobDefinitions.keys()),
      };
    }
  }
  const functionName =
    handler.resource === LEGACY_LAMBDA_RESOURCE
      ? resource
      : handler.resource === 'lambda:invoke' || handler.resource === 'aws-sdk:lambda:invoke'
        ? literal('FunctionName')
        : undefined;
  if (functionName !== undefined) {
    const field = handler.resource === LEGACY_LAMBDA_RESOURCE ? 'Resource' : `${args}/FunctionName`;
    const { name, qualifier: derived } = parseFunctionName(functionName);
    const declared = profile.functions.get(name);
    if (declared === undefined) return { field, message: missing('functions', name, profile.functions.keys()) };
    const qualifier = literal('Qualifier') ?? derived;
    // Versions are published at run time; aliases are known only when the profile declares the function's aliases.
    const aliases = Object.keys(declared.aliases);
    if (qualifier !== undefined && qualifier !== '$LATEST' && !/^\d+$/.test(qualifier) && aliases.length > 0) {
      if (!aliases.includes(qualifier)) {
        return {
          field: derived === undefined && literal('Qualifier') !== undefined ? `${args}/Qualifier` : field,
          message: missing(`functions.${name}.aliases`, qualifier, aliases),
        };
      }
    }
  }
  return undefined;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A state name as a JSON pointer segment. */
function pointer(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}
