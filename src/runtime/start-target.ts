import type { ExecutionOrigin } from '../store/published-versions';
import type { StateMachineRecord } from '../store/state-machines';
import type { Store } from '../store/store';
import type { StateMachineAliases } from './aliases';
import { parseStateMachineTarget, stateMachineAliasArn, stateMachineVersionArn, type ServiceLocation } from './arns';
import { stateMachineDoesNotExist } from './errors';
import type { StateMachineVersions } from './versions';

/** What StartExecution runs: the machine, the revision (definition + role) and how it was reached. */
export interface StartTarget {
  machine: StateMachineRecord;
  /** The `state_machine_versions` row to run. */
  revisionId: number;
  definition: string;
  roleArn: string;
  origin: ExecutionOrigin;
}

/**
 * Resolves StartExecution's `stateMachineArn`: a bare ARN runs the latest revision, a version ARN that version,
 * an alias ARN one of the alias's versions picked by weight.
 */
export function resolveStartTarget(
  deps: { store: Store; location: ServiceLocation; versions: StateMachineVersions; aliases: StateMachineAliases },
  arn: string,
  random: () => number,
): StartTarget {
  const target = parseStateMachineTarget(deps.location, arn);
  const machine = target && deps.store.stateMachines.get(target.name);
  if (!target || !machine) throw stateMachineDoesNotExist(arn);
  if (target.version === undefined && target.alias === undefined) {
    return {
      machine,
      revisionId: machine.versionId,
      definition: machine.definition,
      roleArn: machine.roleArn,
      origin: {},
    };
  }
  const origin: ExecutionOrigin = {};
  let number: number;
  if (target.alias !== undefined) {
    const { alias } = deps.aliases.aliasByArn(arn);
    number = deps.aliases.pick(alias, random);
    origin.aliasName = alias.name;
  } else {
    number = target.version!;
  }
  origin.versionNumber = number;
  const version = deps.versions.version(machine, number, arn);
  const revision = deps.store.stateMachines.getVersion(version.definitionId);
  if (!revision) throw stateMachineDoesNotExist(arn);
  return {
    machine,
    revisionId: revision.id,
    definition: revision.definition,
    roleArn: revision.roleArn,
    origin,
  };
}

/** `stateMachineVersionArn` / `stateMachineAliasArn` of an execution, as DescribeExecution and listings show them. */
export function originArns(
  location: ServiceLocation,
  machineName: string,
  origin: ExecutionOrigin,
): { stateMachineVersionArn?: string; stateMachineAliasArn?: string } {
  const arns: { stateMachineVersionArn?: string; stateMachineAliasArn?: string } = {};
  if (origin.versionNumber !== undefined) {
    arns.stateMachineVersionArn = stateMachineVersionArn(location, machineName, origin.versionNumber);
  }
  if (origin.aliasName !== undefined) {
    arns.stateMachineAliasArn = stateMachineAliasArn(location, machineName, origin.aliasName);
  }
  return arns;
}
