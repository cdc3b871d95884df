import { invalidArn } from './errors';

/** Where this service pretends to live; ARNs it issues carry these. */
export interface ServiceLocation {
  partition: string;
  region: string;
  accountId: string;
}

export function stateMachineArn(at: ServiceLocation, name: string): string {
  return `arn:${at.partition}:states:${at.region}:${at.accountId}:stateMachine:${name}`;
}

export function executionArn(at: ServiceLocation, stateMachineName: string, name: string): string {
  return `arn:${at.partition}:states:${at.region}:${at.accountId}:execution:${stateMachineName}:${name}`;
}

interface ParsedArn {
  location: ServiceLocation;
  resourceType: string;
  resource: string[];
}

function parseArn(arn: string): ParsedArn {
  const parts = arn.split(':');
  if (parts[0] !== 'arn' || parts.length < 6) throw invalidArn(`Invalid ARN prefix: ${arn}`);
  const [, partition = '', service, region = '', accountId = '', resourceType = '', ...resource] = parts;
  if (service !== 'states') throw invalidArn(`Invalid ARN service: ${arn}`);
  return { location: { partition, region, accountId }, resourceType, resource };
}

function sameLocation(a: ServiceLocation, b: ServiceLocation): boolean {
  return a.partition === b.partition && a.region === b.region && a.accountId === b.accountId;
}

/**
 * The state machine name an ARN names, or undefined when the ARN is well formed but points outside this
 * service's region/account (so it cannot exist here). Throws InvalidArn when it is not a state machine ARN.
 */
export function parseStateMachineArn(at: ServiceLocation, arn: string): string | undefined {
  return parseResourceName(at, arn, 'stateMachine');
}

/** Like parseStateMachineArn, for execution ARNs: `[stateMachineName, executionName]`. */
export function parseExecutionArn(at: ServiceLocation, arn: string): [string, string] | undefined {
  const parsed = parseArn(arn);
  if (parsed.resourceType !== 'execution') {
    throw invalidArn(`Resource type not valid in this context: ${parsed.resourceType}`);
  }
  const [machine, name] = parsed.resource;
  if (!machine || !name || parsed.resource.length !== 2) throw invalidArn(`Invalid Arn resource: ${arn}`);
  return sameLocation(parsed.location, at) ? [machine, name] : undefined;
}

/**
 * Like parseExecutionArn, for Map Run ARNs (`…:mapRun:<stateMachineName>/<label>:<uuid>`): the ARN when it is
 * one of this service's, undefined when it points elsewhere. Throws InvalidArn when it is not a Map Run ARN.
 */
export function parseMapRunArn(at: ServiceLocation, arn: string): string | undefined {
  const parsed = parseArn(arn);
  if (parsed.resourceType !== 'mapRun') {
    throw invalidArn(`Resource type not valid in this context: ${parsed.resourceType}`);
  }
  const [machine, id] = parsed.resource;
  if (!machine?.includes('/') || !id || parsed.resource.length !== 2) throw invalidArn(`Invalid Arn resource: ${arn}`);
  return sameLocation(parsed.location, at) ? arn : undefined;
}

export function stateMachineVersionArn(at: ServiceLocation, name: string, version: number): string {
  return `${stateMachineArn(at, name)}:${version}`;
}

export function stateMachineAliasArn(at: ServiceLocation, name: string, alias: string): string {
  return `${stateMachineArn(at, name)}:${alias}`;
}

export function activityArn(at: ServiceLocation, name: string): string {
  return `arn:${at.partition}:states:${at.region}:${at.accountId}:activity:${name}`;
}

/** A state machine ARN, bare or qualified with a version number or an alias name. */
export interface StateMachineTarget {
  name: string;
  version?: number;
  alias?: string;
}

/**
 * Like parseStateMachineArn, also accepting `…:stateMachine:<name>:<version>` and `…:stateMachine:<name>:<alias>`.
 * A qualifier of digits only is a version number; anything else names an alias.
 */
export function parseStateMachineTarget(at: ServiceLocation, arn: string): StateMachineTarget | undefined {
  const parsed = parseArn(arn);
  if (parsed.resourceType !== 'stateMachine') {
    throw invalidArn(`Resource type not valid in this context: ${parsed.resourceType}`);
  }
  const [name, qualifier] = parsed.resource;
  if (!name || parsed.resource.length > 2 || qualifier === '') throw invalidArn(`Invalid Arn resource: ${arn}`);
  if (!sameLocation(parsed.location, at)) return undefined;
  if (qualifier === undefined) return { name };
  if (/^\d+$/.test(qualifier)) return { name, version: Number(qualifier) };
  return { name, alias: qualifier };
}

/** The activity name an activity ARN names (undefined when it points outside this service). */
export function parseActivityArn(at: ServiceLocation, arn: string): string | undefined {
  return parseResourceName(at, arn, 'activity');
}

/** The one name of a `<resourceType>:<name>` ARN, or undefined when it points outside this service. */
function parseResourceName(
  at: ServiceLocation,
  arn: string,
  resourceType: 'stateMachine' | 'activity',
): string | undefined {
  const parsed = parseArn(arn);
  if (parsed.resourceType !== resourceType) {
    throw invalidArn(`Resource type not valid in this context: ${parsed.resourceType}`);
  }
  const [name] = parsed.resource;
  if (!name || parsed.resource.length !== 1) throw invalidArn(`Invalid Arn resource: ${arn}`);
  return sameLocation(parsed.location, at) ? name : undefined;
}
