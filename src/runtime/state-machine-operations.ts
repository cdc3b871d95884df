/**
 * The state machine operations of the Step Functions API: CreateStateMachine, DescribeStateMachine,
 * UpdateStateMachine, DeleteStateMachine, ListStateMachines and ValidateStateMachineDefinition.
 */
import type {
  CreateStateMachineInput,
  CreateStateMachineOutput,
  DeleteStateMachineInput,
  DescribeStateMachineInput,
  DescribeStateMachineOutput,
  ListStateMachinesInput,
  ListStateMachinesOutput,
  UpdateStateMachineInput,
  UpdateStateMachineOutput,
  ValidateStateMachineDefinitionInput,
  ValidateStateMachineDefinitionOutput,
} from '@aws-sdk/client-sfn';
import type { Clock, IdGenerator, StopReason } from '../engine';
import type { StateMachineType } from '../store/state-machines';
import type { Store } from '../store/store';
import {
  parseStateMachineArn,
  parseStateMachineTarget,
  stateMachineArn,
  stateMachineVersionArn,
  type ServiceLocation,
} from './arns';
import type { StateMachineDefinitions } from './definitions';
import type { EngineBinding } from './engine-binding';
import {
  serviceError,
  invalidArn,
  stateMachineAlreadyExists,
  stateMachineDeleting,
  stateMachineDoesNotExist,
} from './errors';
import type { ResourceLookup } from './lookups';
import {
  readConfiguration,
  requestedConfiguration,
  sameConfiguration,
  storedConfiguration,
} from './machine-configuration';
import { decodePageToken, encodePageToken } from './page-tokens';
import {
  checkName,
  optionalBoolean,
  optionalEnum,
  optionalString,
  pageSize,
  requiredString,
  type Request,
} from './requests';
import type { TagOperations } from './tags';
import { checkVersionDescription, type StateMachineVersions } from './versions';

export const MAX_DEFINITION_LENGTH = 1024 * 1024;
const MACHINE_TYPES: readonly StateMachineType[] = ['STANDARD', 'EXPRESS'];

export interface StateMachineOperationsDeps {
  store: Store;
  location: ServiceLocation;
  clock: Clock;
  ids: IdGenerator;
  engine: EngineBinding;
  definitions: StateMachineDefinitions;
  lookup: ResourceLookup;
  versions: StateMachineVersions;
  tags: TagOperations;
  /** Stops every running execution of the machine (DeleteStateMachine). */
  stopAllOf: (stateMachineId: number, reason: StopReason) => void;
  /** Removes a deleted machine with its executions in the background. @default at once, in one transaction */
  purgeInBackground?: (stateMachineId: number) => void;
}

export class StateMachineOperations {
  constructor(private readonly deps: StateMachineOperationsDeps) {}

  create(input: Request<CreateStateMachineInput>): CreateStateMachineOutput {
    const { store, location, definitions } = this.deps;
    const name = checkName(requiredString(input, 'name'));
    const definition = requiredString(input, 'definition', MAX_DEFINITION_LENGTH);
    const roleArn = checkRoleArn(requiredString(input, 'roleArn', 256));
    const type = optionalEnum(input, 'type', MACHINE_TYPES) ?? 'STANDARD';
    const publish = optionalBoolean(input, 'publish') ?? false;
    const versionDescription = optionalString(input, 'versionDescription');
    checkVersionDescription(publish, versionDescription);
    const tags = this.deps.tags.parseTags(input.tags);
    const configuration = requestedConfiguration(input);
    definitions.check(definition, type);
    const arn = stateMachineArn(location, name);
    const existing = store.stateMachines.get(name);
    if (existing) {
      if (existing.status === 'DELETING') throw stateMachineDeleting(arn);
      // Creating the exact same machine again is idempotent on AWS.
      if (
        existing.definition === definition &&
        existing.roleArn === roleArn &&
        existing.type === type &&
        sameConfiguration(readConfiguration(existing.configuration), configuration)
      ) {
        const again: CreateStateMachineOutput = { stateMachineArn: arn, creationDate: new Date(existing.created) };
        if (publish)
          again.stateMachineVersionArn = this.deps.versions.publish(
            existing,
            versionDescription,
          ).stateMachineVersionArn;
        return again;
      }
      throw stateMachineAlreadyExists(arn);
    }
    const created = store.stateMachines.create({
      name,
      type,
      definition,
      roleArn,
      configuration: storedConfiguration(configuration),
      now: this.deps.clock.now(),
    });
    if (tags.length > 0) this.deps.tags.tag(arn, tags);
    const output: CreateStateMachineOutput = { stateMachineArn: arn, creationDate: new Date(created.created) };
    if (publish)
      output.stateMachineVersionArn = this.deps.versions.publish(created, versionDescription).stateMachineVersionArn;
    return output;
  }

  /** A bare ARN describes the machine's latest revision; a version ARN the version (with its description). */
  describe(input: Request<DescribeStateMachineInput>): DescribeStateMachineOutput {
    const { store, location } = this.deps;
    const arn = requiredString(input, 'stateMachineArn');
    const target = parseStateMachineTarget(location, arn);
    const machine = target && store.stateMachines.get(target.name);
    if (!target || !machine || target.alias !== undefined) throw stateMachineDoesNotExist(arn);
    let view = {
      arn: stateMachineArn(location, machine.name),
      definition: machine.definition,
      roleArn: machine.roleArn,
      configuration: machine.configuration,
      created: machine.created,
      revisionId: machine.revisionId,
      description: undefined as string | undefined,
    };
    if (target.version !== undefined) {
      const version = this.deps.versions.version(machine, target.version, arn);
      const revision = store.stateMachines.getVersion(version.definitionId);
      if (!revision) throw stateMachineDoesNotExist(arn);
      view = {
        arn: stateMachineVersionArn(location, machine.name, version.number),
        definition: revision.definition,
        roleArn: revision.roleArn,
        configuration: revision.configuration,
        created: version.created,
        revisionId: version.revisionId,
        description: version.description,
      };
    }
    const output: DescribeStateMachineOutput = {
      stateMachineArn: view.arn,
      name: machine.name,
      status: machine.status,
      definition: view.definition,
      roleArn: view.roleArn,
      type: machine.type,
      creationDate: new Date(view.created),
      ...machineConfiguration(this.deps.engine, view.definition, view.configuration),
    };
    if (view.revisionId !== undefined) output.revisionId = view.revisionId;
    if (view.description !== undefined) output.description = view.description;
    return output;
  }

  update(input: Request<UpdateStateMachineInput>): UpdateStateMachineOutput {
    const arn = requiredString(input, 'stateMachineArn');
    const target = parseStateMachineTarget(this.deps.location, arn);
    if (target?.version !== undefined || target?.alias !== undefined) throw stateMachineDoesNotExist(arn);
    const machine = this.deps.lookup.machineByArn(arn);
    const definition = optionalString(input, 'definition', MAX_DEFINITION_LENGTH);
    const givenRole = optionalString(input, 'roleArn', 256);
    const roleArn = givenRole === undefined ? undefined : checkRoleArn(givenRole);
    const publish = optionalBoolean(input, 'publish') ?? false;
    const versionDescription = optionalString(input, 'versionDescription');
    if (
      definition === undefined &&
      roleArn === undefined &&
      !input.loggingConfiguration &&
      !input.tracingConfiguration &&
      !input.encryptionConfiguration
    ) {
      throw serviceError(
        'MissingRequiredParameter',
        'Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified',
      );
    }
    checkVersionDescription(publish, versionDescription);
    if (definition !== undefined) this.deps.definitions.check(definition, machine.type);
    const { versions } = this.deps;
    const current = readConfiguration(machine.configuration);
    const configuration = requestedConfiguration(input, current);
    const next = {
      definition: definition ?? machine.definition,
      roleArn: roleArn ?? machine.roleArn,
      configuration: storedConfiguration(configuration),
    };
    if (
      next.definition === machine.definition &&
      next.roleArn === machine.roleArn &&
      sameConfiguration(configuration, current)
    ) {
      // Nothing changed: AWS keeps the revision (and a machine never updated still has none).
      const unchanged: UpdateStateMachineOutput = { updateDate: new Date(machine.updated) };
      if (machine.revisionId !== undefined) unchanged.revisionId = machine.revisionId;
      if (publish)
        unchanged.stateMachineVersionArn = versions.publish(machine, versionDescription).stateMachineVersionArn;
      return unchanged;
    }
    const updated = this.deps.store.stateMachines.update(machine.id, {
      ...next,
      revisionId: this.deps.ids.uuid(),
      now: this.deps.clock.now(),
    });
    const output: UpdateStateMachineOutput = { updateDate: new Date(updated.updated), revisionId: updated.revisionId! };
    if (publish) output.stateMachineVersionArn = versions.publish(updated, versionDescription).stateMachineVersionArn;
    return output;
  }

  /**
   * Running executions are stopped; the machine and its executions are removed once none is running (until then
   * it is DELETING). Deleting a machine that does not exist succeeds, as on AWS.
   */
  delete(input: Request<DeleteStateMachineInput>): Record<string, never> {
    const { store, location } = this.deps;
    const arn = requiredString(input, 'stateMachineArn');
    const target = parseStateMachineTarget(location, arn);
    if (target?.version !== undefined || target?.alias !== undefined) {
      throw serviceError(
        'ValidationException',
        'DeleteStateMachine deletes a whole state machine: delete a version with DeleteStateMachineVersion and an alias with DeleteStateMachineAlias',
      );
    }
    const name = parseStateMachineArn(location, arn);
    const machine = name === undefined ? undefined : store.stateMachines.get(name);
    if (!machine) return {};
    store.stateMachines.markDeleting(machine.id);
    this.deps.tags.forget(stateMachineArn(location, machine.name));
    this.deps.stopAllOf(machine.id, { error: 'States.Aborted', cause: 'The state machine was deleted.' });
    this.purgeIfDeleted(machine.id);
    return {};
  }

  /** Removes a DELETING machine once it has no running execution left. */
  purgeIfDeleted(stateMachineId: number): void {
    const { store } = this.deps;
    const machine = store.stateMachines.getById(stateMachineId);
    if (machine?.status !== 'DELETING') return;
    if (store.executions.countRunning(stateMachineId) > 0) return;
    if (this.deps.purgeInBackground) {
      this.deps.purgeInBackground(stateMachineId);
      return;
    }
    store.purgeStateMachine(stateMachineId);
    this.forgetDefinitions();
  }

  /** Drops cached definitions whose version row is gone. */
  forgetDefinitions(): void {
    const { store } = this.deps;
    this.deps.definitions.forgetUnless((versionId) => store.stateMachines.getVersion(versionId) !== undefined);
  }

  list(input: Request<ListStateMachinesInput> = {}): ListStateMachinesOutput {
    const limit = pageSize(input);
    const after = decodePageToken(optionalString(input, 'nextToken'), 'stateMachines', 1024);
    const page = this.deps.store.stateMachines.list(after, limit);
    const output: ListStateMachinesOutput = {
      stateMachines: page.items.map((m) => ({
        stateMachineArn: stateMachineArn(this.deps.location, m.name),
        name: m.name,
        type: m.type,
        creationDate: new Date(m.created),
      })),
    };
    if (page.nextKey !== undefined) output.nextToken = encodePageToken('stateMachines', page.nextKey);
    return output;
  }

  validate(input: Request<ValidateStateMachineDefinitionInput>): ValidateStateMachineDefinitionOutput {
    const definition = requiredString(input, 'definition', MAX_DEFINITION_LENGTH);
    const type = optionalEnum(input, 'type', MACHINE_TYPES) ?? 'STANDARD';
    const severity = optionalEnum(input, 'severity', ['ERROR', 'WARNING'] as const) ?? 'ERROR';
    const limit = pageSize(input, 100);
    const result = this.deps.engine.validateDefinition(definition, { type });
    const shown = result.diagnostics.filter((d) => severity === 'WARNING' || d.severity === 'ERROR');
    return { result: result.result, diagnostics: shown.slice(0, limit), truncated: shown.length > limit };
  }
}

/** The configuration fields DescribeStateMachine and DescribeStateMachineForExecution share. */
export function machineConfiguration(
  engine: EngineBinding,
  definition: string,
  configuration: string | undefined,
): Pick<
  DescribeStateMachineOutput,
  'loggingConfiguration' | 'tracingConfiguration' | 'encryptionConfiguration' | 'variableReferences'
> {
  const variableReferences = engine.variableReferences?.(definition);
  return {
    ...readConfiguration(configuration),
    ...(variableReferences === undefined ? {} : { variableReferences }),
  };
}

/** A state machine's role must be an IAM role ARN (`arn:aws:iam::<account>:role/<path/name>`), as AWS checks. */
function checkRoleArn(roleArn: string): string {
  if (!roleArn.startsWith('arn:')) throw invalidArn(`Invalid ARN prefix: ${roleArn}`);
  if (!/^arn:aws(-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/.test(roleArn)) {
    throw invalidArn(`Invalid role ARN: ${roleArn}`);
  }
  return roleArn;
}
