/**
 * The execution operations of the Step Functions API: StartExecution, StopExecution and RedriveExecution; the
 * reads (DescribeExecution, ListExecutions, GetExecutionHistory, DescribeStateMachineForExecution) are in
 * ./execution-queries.ts.
 */
import type {
  RedriveExecutionInput,
  RedriveExecutionOutput,
  StartExecutionInput,
  StartExecutionOutput,
  StopExecutionInput,
  StopExecutionOutput,
} from '@aws-sdk/client-sfn';
import type { Clock, IdGenerator, StopReason } from '../engine';
import type { Store } from '../store/store';
import { executionArn, stateMachineArn, type ServiceLocation } from './arns';
import type { StateMachineDefinitions } from './definitions';
import type { ExecutionHost } from './execution-host';
import { serviceError, executionAlreadyExists, executionDoesNotExist, stateMachineDeleting } from './errors';
import { checkExecutionInput, checkInputSize } from './execution-input';
import type { ResourceLookup } from './lookups';
import type { MockedTaskRunner } from './mock-config';
import type { ExecutionRedrives } from './redrive';
import { checkNameCharacters, checkNameLength, optionalString, requiredString, type Request } from './requests';
import type { StateMachineAliases } from './aliases';
import { originArns, resolveStartTarget } from './start-target';
import type { StateMachineVersions } from './versions';

export interface ExecutionOperationsDeps {
  store: Store;
  location: ServiceLocation;
  clock: Clock;
  ids: IdGenerator;
  definitions: StateMachineDefinitions;
  lookup: ResourceLookup;
  redrives: ExecutionRedrives;
  start: ExecutionHost['start'];
  stop: (executionId: number, reason: StopReason) => Promise<void>;
  /** Resolves once the execution has ended (rejects when the service closes first). */
  whenEnded: (executionId: number) => Promise<void>;
  /** The loaded mock configuration, whose test cases `<stateMachineArn>#<TestCase>` names (docs/testing.md). */
  mocks?: MockedTaskRunner;
  versions: StateMachineVersions;
  aliases: StateMachineAliases;
  /** In [0, 1): picks an alias's version by weight. */
  random: () => number;
}

export class ExecutionOperations {
  constructor(private readonly deps: ExecutionOperationsDeps) {}

  start(input: Request<StartExecutionInput>): StartExecutionOutput {
    const { store, location } = this.deps;
    const [machineArn, testCase] = splitTestCase(requiredString(input, 'stateMachineArn'));
    const requestedName = optionalString(input, 'name');
    const inputText = optionalString(input, 'input') ?? '{}';
    optionalString(input, 'traceHeader', 256);
    // AWS checks the model constraints first, then that the machine exists, then the name and input.
    if (requestedName !== undefined) checkNameLength(requestedName);
    checkInputSize(inputText);
    // A version ARN runs that version, an alias ARN one of its versions picked by weight.
    const target = resolveStartTarget(this.deps, machineArn, this.deps.random);
    const machine = target.machine;
    if (machine.status === 'DELETING') throw stateMachineDeleting(machineArn);
    const mocked = testCase === undefined ? undefined : this.mockedStates(machine.name, testCase);
    const name = requestedName === undefined ? this.deps.ids.uuid() : checkNameCharacters(requestedName);
    checkExecutionInput(inputText);
    const arn = executionArn(location, machine.name, name);
    const existing = store.executions.get(machine.id, name);
    if (existing) {
      // Same name and input while still running: the same execution (StartExecution is idempotent then).
      if (existing.status === 'RUNNING' && existing.input === inputText) {
        return { executionArn: arn, startDate: new Date(existing.startDate) };
      }
      throw executionAlreadyExists(arn);
    }
    const startDate = this.deps.clock.now();
    const executionId = store.db.transaction(() => {
      const id = store.executions.insert({
        stateMachineId: machine.id,
        versionId: target.revisionId,
        name,
        input: inputText,
        startDate,
      });
      if (target.origin.versionNumber !== undefined) store.executionOrigins.record(id, machine.id, target.origin);
      return id;
    })();
    if (mocked !== undefined) this.deps.mocks?.begin(arn, machine.name, mocked);
    const origin = originArns(location, machine.name, target.origin);
    this.deps.start(machine.id, {
      executionId,
      executionArn: arn,
      name,
      inputText,
      startDate,
      redriveCount: 0,
      machine: {
        arn: stateMachineArn(location, machine.name),
        name: machine.name,
        roleArn: target.roleArn,
        definition: this.deps.definitions.parsed(target.revisionId, target.definition),
        ...(origin.stateMachineVersionArn === undefined ? {} : { versionArn: origin.stateMachineVersionArn }),
        ...(origin.stateMachineAliasArn === undefined ? {} : { aliasArn: origin.stateMachineAliasArn }),
      },
      mode: 'start',
    });
    if (mocked !== undefined) {
      const end = (): void => this.deps.mocks?.end(arn);
      this.deps.whenEnded(executionId).then(end, end);
    }
    return { executionArn: arn, startDate: new Date(startDate) };
  }

  async stop(input: Request<StopExecutionInput>): Promise<StopExecutionOutput> {
    const arn = requiredString(input, 'executionArn');
    const error = optionalString(input, 'error', 256);
    const cause = optionalString(input, 'cause', 32768);
    const { execution, child } = this.deps.lookup.executionByArn(arn);
    if (child) {
      throw serviceError('ValidationException', 'A Map Run child execution is stopped by stopping its parent.');
    }
    if (execution.status === 'RUNNING') {
      const reason: StopReason = {};
      if (error !== undefined) reason.error = error;
      if (cause !== undefined) reason.cause = cause;
      await this.deps.stop(execution.id, reason);
    }
    const stopped = this.deps.store.executions.getById(execution.id);
    return { stopDate: new Date(stopped?.stopDate ?? this.deps.clock.now()) };
  }

  /**
   * Reruns a failed, timed-out or aborted STANDARD execution from its unfinished state, under the same ARN; a
   * Distributed Map state there continues its Map Run.
   */
  redrive(input: Request<RedriveExecutionInput>): RedriveExecutionOutput {
    const { store, location } = this.deps;
    const arn = requiredString(input, 'executionArn');
    const clientToken = optionalString(input, 'clientToken', 64);
    const { execution, machineName, child } = this.deps.lookup.executionByArn(arn);
    if (child) {
      throw serviceError(
        'ExecutionNotRedrivable',
        `Execution '${arn}' cannot be redriven: a Map Run child is redriven by redriving its parent`,
      );
    }
    const machine = store.stateMachines.getById(execution.stateMachineId);
    const version = store.stateMachines.getVersion(execution.versionId);
    if (!machine || !version) throw executionDoesNotExist(arn);
    return this.deps.redrives.redrive(
      {
        execution,
        executionArn: arn,
        machine: {
          arn: stateMachineArn(location, machineName),
          name: machineName,
          roleArn: version.roleArn,
          definition: this.deps.definitions.parsed(version.id, version.definition),
        },
        machineType: machine.type,
      },
      clientToken,
    );
  }

  /** The mocked states of a test case of the mock configuration (docs/testing.md). */
  private mockedStates(machineName: string, testCase: string): ReturnType<MockedTaskRunner['testCase']> {
    if (this.deps.mocks === undefined) {
      throw serviceError(
        'ValidationException',
        `Test case '${testCase}' asked for, but no mock configuration is loaded (fanout serve --mock-config FILE or SFN_MOCK_CONFIG)`,
      );
    }
    const states = this.deps.mocks.testCase(machineName, testCase);
    if (states === undefined) {
      throw serviceError(
        'ValidationException',
        `The mock configuration has no test case '${testCase}' for the state machine '${machineName}'`,
      );
    }
    return states;
  }
}

/** `<stateMachineArn>#<TestCase>`: Step Functions Local's way of naming a test case of the mock configuration. */
function splitTestCase(arn: string): [string, string | undefined] {
  const hash = arn.indexOf('#');
  return hash < 0 ? [arn, undefined] : [arn.slice(0, hash), arn.slice(hash + 1)];
}
