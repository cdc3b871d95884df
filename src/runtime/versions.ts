/**
 * State machine versions: immutable, numbered snapshots of a machine's definition and role
 * (PublishStateMachineVersion, `publish` on CreateStateMachine / UpdateStateMachine, ListStateMachineVersions,
 * DeleteStateMachineVersion), and how a version ARN reads in DescribeStateMachine and StartExecution.
 */
import type {
  DeleteStateMachineVersionInput,
  ListStateMachineVersionsInput,
  ListStateMachineVersionsOutput,
  PublishStateMachineVersionInput,
  PublishStateMachineVersionOutput,
} from '@aws-sdk/client-sfn';
import type { Clock } from '../engine';
import type { PublishedVersionRecord } from '../store/published-versions';
import type { StateMachineRecord } from '../store/state-machines';
import type { Store } from '../store/store';
import { parseStateMachineTarget, stateMachineAliasArn, stateMachineVersionArn, type ServiceLocation } from './arns';
import { serviceError, invalidArn, stateMachineDoesNotExist, validationError } from './errors';
import { decodePageToken, encodePageToken } from './page-tokens';
import { optionalString, pageSize, requiredString } from './requests';

type Fields = Record<string, unknown>;

/** AWS's quota of published versions per state machine. */
const MAX_VERSIONS = 1000;

export interface PublishedVersion {
  stateMachineVersionArn: string;
  creationDate: Date;
}

export class StateMachineVersions {
  constructor(
    private readonly store: Store,
    private readonly location: ServiceLocation,
    private readonly clock: Clock,
  ) {}

  /**
   * Publishes the machine's current revision, or answers the version already published for it (publishing is
   * idempotent per revision). `expectedRevision` is PublishStateMachineVersion's `revisionId` check.
   */
  publish(machine: StateMachineRecord, description?: string, expectedRevision?: string): PublishedVersion {
    if (expectedRevision !== undefined && expectedRevision !== (machine.revisionId ?? 'INITIAL')) {
      throw serviceError(
        'ConflictException',
        `Failed to publish the State Machine version for revision ${expectedRevision}. The current State Machine revision is ${machine.revisionId ?? 'INITIAL'}.`,
      );
    }
    const existing = this.store.publishedVersions.latestOf(machine.id, machine.versionId);
    if (existing) return this.published(machine, existing);
    if (this.store.publishedVersions.count(machine.id) >= MAX_VERSIONS) {
      throw serviceError(
        'ServiceQuotaExceededException',
        `The state machine has reached the maximum number of versions (${MAX_VERSIONS}). Delete versions you no longer need.`,
      );
    }
    const version = this.store.publishedVersions.publish({
      stateMachineId: machine.id,
      definitionId: machine.versionId,
      revisionId: machine.revisionId,
      description,
      now: this.clock.now(),
    });
    return this.published(machine, version);
  }

  publishStateMachineVersion(
    fields: Fields & Partial<PublishStateMachineVersionInput>,
  ): PublishStateMachineVersionOutput {
    const arn = requiredString(fields, 'stateMachineArn', 256);
    const revisionId = optionalString(fields, 'revisionId', 256);
    const description = optionalString(fields, 'description', 256);
    const machine = this.unqualifiedMachine(arn);
    return this.publish(machine, description, revisionId);
  }

  listStateMachineVersions(fields: Fields & Partial<ListStateMachineVersionsInput>): ListStateMachineVersionsOutput {
    const arn = requiredString(fields, 'stateMachineArn', 256);
    const limit = pageSize(fields);
    const before = decodePageToken(optionalString(fields, 'nextToken'), 'versions', 1024);
    const machine = this.unqualifiedMachine(arn);
    const page = this.store.publishedVersions.list(machine.id, before, limit);
    const output: ListStateMachineVersionsOutput = {
      stateMachineVersions: page.items.map((v) => ({
        stateMachineVersionArn: stateMachineVersionArn(this.location, machine.name, v.number),
        creationDate: new Date(v.created),
      })),
    };
    if (page.nextKey !== undefined) output.nextToken = encodePageToken('versions', page.nextKey);
    return output;
  }

  /** Deleting a version that does not exist succeeds; one an alias routes to is refused. */
  deleteStateMachineVersion(fields: Fields & Partial<DeleteStateMachineVersionInput>): Record<string, never> {
    const arn = requiredString(fields, 'stateMachineVersionArn', 256);
    const target = parseStateMachineTarget(this.location, arn);
    if (target?.alias !== undefined || (target && target.version === undefined)) {
      throw invalidArn(`Invalid Arn resource: not a state machine version ARN: ${arn}`);
    }
    const machine = target && this.store.stateMachines.get(target.name);
    if (!machine || target.version === undefined) return {};
    const routing = this.store.aliases.routingTo(machine.id, target.version);
    if (routing.length > 0) {
      const aliases = routing.map((a) => stateMachineAliasArn(this.location, machine.name, a.name)).join(', ');
      throw serviceError(
        'ConflictException',
        `Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [${aliases}]`,
      );
    }
    this.store.publishedVersions.delete(machine.id, target.version);
    return {};
  }

  /** The version a version ARN names; StateMachineDoesNotExist when it was never published or was deleted. */
  version(machine: StateMachineRecord, number: number, arn: string): PublishedVersionRecord {
    const version = this.store.publishedVersions.get(machine.id, number);
    if (!version) throw stateMachineDoesNotExist(arn);
    return version;
  }

  /** A bare state machine ARN of an existing machine; version and alias ARNs are refused as AWS refuses them. */
  private unqualifiedMachine(arn: string): StateMachineRecord {
    const target = parseStateMachineTarget(this.location, arn);
    if (target && (target.version !== undefined || target.alias !== undefined)) {
      throw invalidArn(`Invalid Arn resource: not a state machine ARN: ${arn}`);
    }
    const machine = target && this.store.stateMachines.get(target.name);
    if (!machine) throw stateMachineDoesNotExist(arn);
    return machine;
  }

  private published(machine: StateMachineRecord, version: PublishedVersionRecord): PublishedVersion {
    return {
      stateMachineVersionArn: stateMachineVersionArn(this.location, machine.name, version.number),
      creationDate: new Date(version.created),
    };
  }
}

/** `versionDescription` is only allowed with `publish: true`. */
export function checkVersionDescription(publish: boolean, description: string | undefined): void {
  if (description !== undefined && !publish) {
    throw serviceError('ValidationException', 'Version description can only be set when publish is true');
  }
  if (description !== undefined && description.length > 256) {
    throw validationError('versionDescription', description, 'Member must have length less than or equal to 256');
  }
}
