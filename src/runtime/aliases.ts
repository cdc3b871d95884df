/**
 * State machine aliases: a name that routes StartExecution to one version, or splits it between two by weight
 * (Create/Describe/Update/Delete/ListStateMachineAlias(es)).
 */
import type {
  CreateStateMachineAliasOutput,
  DescribeStateMachineAliasOutput,
  ListStateMachineAliasesOutput,
  RoutingConfigurationListItem,
  UpdateStateMachineAliasOutput,
} from '@aws-sdk/client-sfn';
import type { Clock } from '../engine';
import type { AliasRecord, AliasRoute } from '../store/aliases';
import type { StateMachineRecord } from '../store/state-machines';
import type { Store } from '../store/store';
import { parseStateMachineTarget, stateMachineAliasArn, stateMachineVersionArn, type ServiceLocation } from './arns';
import {
  serviceError,
  type ServiceError,
  invalidArn,
  resourceNotFound,
  stateMachineDoesNotExist,
  validationError,
} from './errors';
import { decodePageToken, encodePageToken } from './page-tokens';
import { checkNameCharacters, optionalString, pageSize, requiredString } from './requests';

type Fields = Record<string, unknown>;

/** AWS's quota of aliases per state machine. */
const MAX_ALIASES = 100;

export class StateMachineAliases {
  constructor(
    private readonly store: Store,
    private readonly location: ServiceLocation,
    private readonly clock: Clock,
  ) {}

  createStateMachineAlias(fields: Fields): CreateStateMachineAliasOutput {
    const name = checkAliasName(requiredString(fields, 'name', 80));
    const description = optionalString(fields, 'description', 256);
    const routingFields = fields['routingConfiguration'];
    const machineArns = routingMachineArns(routingFields);
    const machine = this.machineOfRouting(machineArns);
    const routing = this.routing(machine, routingFields);
    const existing = this.store.aliases.get(machine.id, name);
    const arn = stateMachineAliasArn(this.location, machine.name, name);
    if (existing) {
      // Idempotent on name, description and routing.
      if (existing.description === description && sameRouting(existing.routing, routing)) {
        return { stateMachineAliasArn: arn, creationDate: new Date(existing.created) };
      }
      throw serviceError(
        'ConflictException',
        `Failed to create alias because an alias with the same name and a different routing configuration already exists.`,
      );
    }
    if (this.store.aliases.list(machine.id, undefined, MAX_ALIASES).items.length >= MAX_ALIASES) {
      throw serviceError(
        'ServiceQuotaExceededException',
        `The state machine has reached the maximum number of aliases (${MAX_ALIASES}).`,
      );
    }
    const created = this.store.aliases.create({
      stateMachineId: machine.id,
      name,
      description,
      routing,
      now: this.clock.now(),
    });
    return { stateMachineAliasArn: arn, creationDate: new Date(created.created) };
  }

  describeStateMachineAlias(fields: Fields): DescribeStateMachineAliasOutput {
    const arn = requiredString(fields, 'stateMachineAliasArn', 256);
    const { machine, alias } = this.aliasByArn(arn);
    const output: DescribeStateMachineAliasOutput = {
      stateMachineAliasArn: arn,
      name: alias.name,
      routingConfiguration: this.wireRouting(machine, alias.routing),
      creationDate: new Date(alias.created),
      updateDate: new Date(alias.updated),
    };
    if (alias.description !== undefined) output.description = alias.description;
    return output;
  }

  updateStateMachineAlias(fields: Fields): UpdateStateMachineAliasOutput {
    const arn = requiredString(fields, 'stateMachineAliasArn', 256);
    const description = optionalString(fields, 'description', 256);
    const routingFields = fields['routingConfiguration'];
    if (description === undefined && (routingFields === undefined || routingFields === null)) {
      throw serviceError('ValidationException', 'Either the description or the RoutingConfiguration must be specified');
    }
    const { machine, alias } = this.aliasByArn(arn);
    let routing: AliasRoute[] | undefined;
    if (routingFields !== undefined && routingFields !== null) {
      const owner = this.machineOfRouting(routingMachineArns(routingFields));
      if (owner.id !== machine.id) throw this.foreignVersion(arn);
      routing = this.routing(machine, routingFields);
    }
    const now = this.clock.now();
    this.store.aliases.update(alias, {
      ...(description === undefined ? {} : { description }),
      ...(routing === undefined ? {} : { routing }),
      now,
    });
    return { updateDate: new Date(now) };
  }

  /** Deleting an alias that does not exist succeeds, as deleting a version does. */
  deleteStateMachineAlias(fields: Fields): Record<string, never> {
    const arn = requiredString(fields, 'stateMachineAliasArn', 256);
    const target = this.aliasTarget(arn);
    const machine = target && this.store.stateMachines.get(target.name);
    const alias = machine && target.alias !== undefined ? this.store.aliases.get(machine.id, target.alias) : undefined;
    if (alias) this.store.aliases.delete(alias.id);
    return {};
  }

  listStateMachineAliases(fields: Fields): ListStateMachineAliasesOutput {
    const arn = requiredString(fields, 'stateMachineArn', 256);
    const limit = pageSize(fields);
    const after = decodePageToken(optionalString(fields, 'nextToken'), 'aliases', 1024);
    const target = parseStateMachineTarget(this.location, arn);
    if (target?.alias !== undefined) throw invalidArn(`Invalid Arn resource: not a state machine ARN: ${arn}`);
    const machine = target && this.store.stateMachines.get(target.name);
    if (!machine) throw stateMachineDoesNotExist(arn);
    if (target.version !== undefined && !this.store.publishedVersions.get(machine.id, target.version)) {
      throw resourceNotFound(arn);
    }
    const page = this.store.aliases.list(machine.id, after, limit);
    const items = page.items.filter(
      (alias) => target.version === undefined || alias.routing.some((r) => r.version === target.version),
    );
    const output: ListStateMachineAliasesOutput = {
      stateMachineAliases: items.map((alias) => ({
        stateMachineAliasArn: stateMachineAliasArn(this.location, machine.name, alias.name),
        creationDate: new Date(alias.created),
      })),
    };
    if (page.nextKey !== undefined) output.nextToken = encodePageToken('aliases', page.nextKey);
    return output;
  }

  /** The alias an alias ARN names; ResourceNotFound when there is none. */
  aliasByArn(arn: string): { machine: StateMachineRecord; alias: AliasRecord } {
    const target = this.aliasTarget(arn);
    const machine = target && this.store.stateMachines.get(target.name);
    const alias = machine && target.alias !== undefined ? this.store.aliases.get(machine.id, target.alias) : undefined;
    if (!machine || !alias) throw resourceNotFound(arn);
    return { machine, alias };
  }

  /** Picks the version an execution started through the alias runs: by weight, with `random()` in [0, 1). */
  pick(alias: AliasRecord, random: () => number): number {
    const roll = random() * 100;
    let sum = 0;
    for (const route of alias.routing) {
      sum += route.weight;
      if (roll < sum) return route.version;
    }
    return alias.routing.at(-1)!.version;
  }

  wireRouting(machine: StateMachineRecord, routing: readonly AliasRoute[]): RoutingConfigurationListItem[] {
    return routing.map((r) => ({
      stateMachineVersionArn: stateMachineVersionArn(this.location, machine.name, r.version),
      weight: r.weight,
    }));
  }

  private aliasTarget(arn: string): { name: string; alias?: string } | undefined {
    const target = parseStateMachineTarget(this.location, arn);
    if (target && target.alias === undefined) {
      throw invalidArn(`Invalid Arn resource: not a state machine alias ARN: ${arn}`);
    }
    return target;
  }

  /** The one machine every routed version belongs to. */
  private machineOfRouting(versionArns: string[]): StateMachineRecord {
    let machine: StateMachineRecord | undefined;
    for (const arn of versionArns) {
      const target = parseStateMachineTarget(this.location, arn);
      if (target && target.version === undefined) {
        throw invalidArn(`Invalid Arn resource: not a state machine version ARN: ${arn}`);
      }
      const owner = target && this.store.stateMachines.get(target.name);
      if (!owner) throw resourceNotFound(arn);
      if (machine && machine.id !== owner.id) {
        throw serviceError(
          'ValidationException',
          'Routing configuration must contain versions of the same state machine',
        );
      }
      machine = owner;
    }
    return machine!;
  }

  private routing(machine: StateMachineRecord, value: unknown): AliasRoute[] {
    const items = value as RoutingConfigurationListItem[];
    const routes: AliasRoute[] = items.map((item, index) => {
      const target = parseStateMachineTarget(this.location, String(item.stateMachineVersionArn));
      const version = target?.version ?? 0;
      if (!this.store.publishedVersions.get(machine.id, version)) {
        throw resourceNotFound(String(item.stateMachineVersionArn));
      }
      const weight = item.weight;
      if (typeof weight !== 'number' || !Number.isInteger(weight) || weight < 0 || weight > 100) {
        throw validationError(
          `routingConfiguration.${index + 1}.member.weight`,
          weight,
          'Member must have value between 0 and 100',
        );
      }
      return { version, weight };
    });
    if (routes.length === 2 && routes[0]!.version === routes[1]!.version) {
      throw serviceError('ValidationException', 'Routing configuration must contain distinct versions');
    }
    if (routes.reduce((sum, r) => sum + r.weight, 0) !== 100) {
      throw serviceError('ValidationException', 'Sum of routing configuration weights must be equal to 100');
    }
    return routes;
  }

  private foreignVersion(aliasArn: string): ServiceError {
    return serviceError(
      'ValidationException',
      `Routing configuration of alias ${aliasArn} must contain versions of its own state machine`,
    );
  }
}

/** The version ARNs of a routingConfiguration, after checking its shape (one or two entries). */
function routingMachineArns(value: unknown): string[] {
  if (value === undefined || value === null) {
    throw validationError('routingConfiguration', value, 'Member must not be null');
  }
  if (!Array.isArray(value)) {
    throw serviceError('ValidationException', 'Invalid type for parameter routingConfiguration: expected a list');
  }
  if (value.length < 1 || value.length > 2) {
    throw validationError(
      'routingConfiguration',
      value,
      `Member must have length ${value.length < 1 ? 'greater than or equal to 1' : 'less than or equal to 2'}`,
    );
  }
  return value.map((item: unknown, index) => {
    const arn = (item as Fields | null)?.['stateMachineVersionArn'];
    if (typeof arn !== 'string') {
      throw validationError(
        `routingConfiguration.${index + 1}.member.stateMachineVersionArn`,
        arn,
        'Member must not be null',
      );
    }
    return arn;
  });
}

function sameRouting(a: readonly AliasRoute[], b: readonly AliasRoute[]): boolean {
  return a.length === b.length && a.every((r, i) => r.version === b[i]?.version && r.weight === b[i]?.weight);
}

/** Alias names follow the state machine name rules, and are not all digits (that would read as a version). */
function checkAliasName(name: string): string {
  if (/^\d+$/.test(name)) throw serviceError('ValidationException', `Alias name must not be a number: '${name}'`);
  return checkNameCharacters(name);
}
