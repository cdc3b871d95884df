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
import type { StopReason } from '../engine/execution';
import type { Clock, IdGenerator } from '../engine/ports';
import type { StateMachineType } from '../store/state-machines';
import type { Store } from '../store/store';
import { parseStateMachineArn, stateMachineArn, type ServiceLocation } from './arns';
import type { StateMachineDefinitions } from './definitions';
import type { EngineBinding } from './engine-binding';
import { ServiceError, stateMachineAlreadyExists, stateMachineDeleting } from './errors';
import type { ResourceLookup } from './lookups';
import { decodePageToken, encodePageToken } from './page-tokens';
import { checkName, optionalEnum, optionalString, pageSize, requiredString, type Request } from './requests';

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
  /** Stops every running execution of the machine (DeleteStateMachine). */
  stopAllOf: (stateMachineId: number, reason: StopReason) => void;
}

export class StateMachineOperations {
  constructor(private readonly deps: StateMachineOperationsDeps) {}

  create(input: Request<CreateStateMachineInput>): CreateStateMachineOutput {
    const { store, location, definitions } = this.deps;
    const name = checkName(requiredString(input, 'name'));
    const definition = requiredString(input, 'definition', MAX_DEFINITION_LENGTH);
    const roleArn = requiredString(input, 'roleArn', 256);
    const type = optionalEnum(input, 'type', MACHINE_TYPES) ?? 'STANDARD';
    definitions.check(definition, type);
    const arn = stateMachineArn(location, name);
    const existing = store.stateMachines.get(name);
    if (existing) {
      if (existing.status === 'DELETING') throw stateMachineDeleting(arn);
      // Creating the exact same machine again is idempotent on AWS.
      if (existing.definition === definition && existing.roleArn === roleArn && existing.type === type) {
        return { stateMachineArn: arn, creationDate: new Date(existing.created) };
      }
      throw stateMachineAlreadyExists(arn);
    }
    const created = store.stateMachines.create({ name, type, definition, roleArn, now: this.deps.clock.now() });
    return { stateMachineArn: arn, creationDate: new Date(created.created) };
  }

  describe(input: Request<DescribeStateMachineInput>): DescribeStateMachineOutput {
    const machine = this.deps.lookup.machineByArn(requiredString(input, 'stateMachineArn'));
    const output: DescribeStateMachineOutput = {
      stateMachineArn: stateMachineArn(this.deps.location, machine.name),
      name: machine.name,
      status: machine.status,
      definition: machine.definition,
      roleArn: machine.roleArn,
      type: machine.type,
      creationDate: new Date(machine.created),
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
      tracingConfiguration: { enabled: false },
    };
    if (machine.revisionId !== undefined) output.revisionId = machine.revisionId;
    return output;
  }

  update(input: Request<UpdateStateMachineInput>): UpdateStateMachineOutput {
    const machine = this.deps.lookup.machineByArn(requiredString(input, 'stateMachineArn'));
    const definition = optionalString(input, 'definition', MAX_DEFINITION_LENGTH);
    const roleArn = optionalString(input, 'roleArn', 256);
    if (
      definition === undefined &&
      roleArn === undefined &&
      !input.loggingConfiguration &&
      !input.tracingConfiguration
    ) {
      throw new ServiceError(
        'MissingRequiredParameter',
        'Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified',
      );
    }
    if (definition !== undefined) this.deps.definitions.check(definition, machine.type);
    const next = { definition: definition ?? machine.definition, roleArn: roleArn ?? machine.roleArn };
    if (next.definition === machine.definition && next.roleArn === machine.roleArn && machine.revisionId) {
      // Nothing changed: AWS keeps the revision.
      return { updateDate: new Date(machine.updated), revisionId: machine.revisionId };
    }
    const updated = this.deps.store.stateMachines.update(machine.id, {
      ...next,
      revisionId: this.deps.ids.uuid(),
      now: this.deps.clock.now(),
    });
    return { updateDate: new Date(updated.updated), revisionId: updated.revisionId! };
  }

  /**
   * Running executions are stopped; the machine and its executions are removed once none is running (until then
   * it is DELETING). Deleting a machine that does not exist succeeds, as on AWS.
   */
  delete(input: Request<DeleteStateMachineInput>): Record<string, never> {
    const { store, location } = this.deps;
    const name = parseStateMachineArn(location, requiredString(input, 'stateMachineArn'));
    const machine = name === undefined ? undefined : store.stateMachines.get(name);
    if (!machine) return {};
    store.stateMachines.markDeleting(machine.id);
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
    store.purgeStateMachine(stateMachineId);
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
