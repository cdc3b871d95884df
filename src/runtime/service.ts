import type { LogSink } from './execution-log';
import type {
  CreateStateMachineInput,
  CreateStateMachineOutput,
  DeleteStateMachineInput,
  DescribeExecutionInput,
  DescribeExecutionOutput,
  DescribeStateMachineForExecutionInput,
  DescribeStateMachineForExecutionOutput,
  DescribeStateMachineInput,
  DescribeStateMachineOutput,
  ExecutionListItem,
  GetExecutionHistoryInput,
  GetExecutionHistoryOutput,
  ListExecutionsInput,
  ListExecutionsOutput,
  ListStateMachinesInput,
  ListStateMachinesOutput,
  DescribeMapRunOutput,
  ListMapRunsOutput,
  RedriveExecutionOutput,
  SendTaskFailureInput,
  SendTaskHeartbeatInput,
  SendTaskSuccessInput,
  StartExecutionInput,
  StartExecutionOutput,
  StopExecutionInput,
  StopExecutionOutput,
  UpdateStateMachineInput,
  UpdateStateMachineOutput,
  ValidateStateMachineDefinitionInput,
  ValidateStateMachineDefinitionOutput,
} from '@aws-sdk/client-sfn';
import type { StateMachineDefinition } from '../engine/asl';
import type { ExecutionStatus, StopReason } from '../engine/execution';
import type { Json } from '../engine/json';
import type { Clock, EnginePorts, IdGenerator, TaskRunner } from '../engine/ports';
import { localDistributedMap } from '../map/map-run';
import type { MapRunParent } from '../map/map-run-deps';
import { MapRunRegistry } from '../map/map-run-registry';
import type { ObjectStore } from '../map/objects';
import type { ExecutionRecord } from '../store/executions';
import type { StateMachineRecord, StateMachineType } from '../store/state-machines';
import type { Store } from '../store/store';
import { executionArn, parseExecutionArn, parseStateMachineArn, stateMachineArn, type ServiceLocation } from './arns';
import { randomIds, systemClock } from './clock';
import type { EngineBinding } from './engine-binding';
import {
  ServiceError,
  executionAlreadyExists,
  executionDoesNotExist,
  invalidDefinition,
  invalidExecutionInput,
  stateMachineAlreadyExists,
  stateMachineDeleting,
  stateMachineDoesNotExist,
} from './errors';
import { ExecutionRunner } from './execution-runner';
import { MapRunOperations, type ChildLookup } from './map-run-operations';
import { ExecutionRedrives } from './redrive';
import { resumeExecutions, type ResumeSummary } from './resume';
import { toWireEvent } from './history-view';
import { describeJsonError } from './json-input';
import { jsonDepthExcess } from './json-depth';
import { decodePageToken, encodePageToken } from './page-tokens';
import {
  checkName,
  checkNameCharacters,
  checkNameLength,
  optionalBoolean,
  optionalEnum,
  optionalString,
  pageSize,
  requiredString,
} from './requests';
import { unsupportedResourceRunner } from './task-runner';
import { LocalTaskTokens } from './task-tokens';
import { runTestState, testStatePorts, type TestStateDeps } from './test-state';
import { MockedTaskRunner, type MockConfig } from './mock-config';

export interface LocalStepFunctionsOptions {
  store: Store;
  engine: EngineBinding;
  /** @default 'us-east-1' */
  region?: string;
  /** @default '000000000000' */
  accountId?: string;
  /** Runs Task states; later integrations (ECS, Batch, SQS) plug in here. @default a runner that rejects every resource */
  tasks?: TaskRunner;
  /** @default the wall clock */
  clock?: Clock;
  /** @default crypto.randomUUID */
  ids?: IdGenerator;
  /** @default Math.random */
  random?: () => number;
  /** Operational messages (never request errors). @default discard */
  log?: (line: string) => void;
  /** Structured records of what executions do (starts, ends, failures, state transitions). @default discard */
  logEvent?: LogSink;
  /** S3 for Distributed Map ItemReader / ResultWriter (the server's embedded S3). @default none: such maps fail */
  objects?: () => ObjectStore;
  /** Step Functions Local's mock configuration: `StartExecution` of `<arn>#<TestCase>` runs that test case. */
  mockConfig?: MockConfig;
  /** Children in flight per Map Run at most, whatever MaxConcurrency says. @default 64 */
  maxChildrenPerMapRun?: number;
}

type Input<T> = T | Record<string, unknown>;

const MAX_DEFINITION_LENGTH = 1024 * 1024;
const MAX_PAYLOAD_BYTES = 256 * 1024;
/** Parsed definitions by version id: executions of one machine share one parse. */
const DEFINITION_CACHE_SIZE = 256;

/**
 * The Step Functions service, in process: each method is one API operation, taking the operation's request
 * (as the SDK types it, but checked as untrusted JSON) and returning its response with Date timestamps.
 * Failures throw ServiceError carrying the AWS error code.
 */
export class LocalStepFunctions {
  readonly location: ServiceLocation;
  private readonly store: Store;
  private readonly engine: EngineBinding;
  private readonly clock: Clock;
  private readonly ids: IdGenerator;
  private readonly tokens: LocalTaskTokens;
  private readonly runner: ExecutionRunner;
  private readonly mapRuns: MapRunOperations;
  private readonly redrives: ExecutionRedrives;
  private readonly definitions = new Map<number, StateMachineDefinition>();
  private readonly log: (line: string) => void;
  private closed = false;
  private readonly testStateDeps: TestStateDeps;
  private readonly mocks: MockedTaskRunner | undefined;

  constructor(options: LocalStepFunctionsOptions) {
    this.store = options.store;
    this.engine = options.engine;
    this.location = {
      partition: 'aws',
      region: options.region ?? 'us-east-1',
      accountId: options.accountId ?? '000000000000',
    };
    this.clock = options.clock ?? systemClock;
    this.ids = options.ids ?? randomIds;
    const clock = this.clock;
    const ids = this.ids;
    const realTasks = options.tasks ?? unsupportedResourceRunner;
    this.mocks =
      options.mockConfig === undefined
        ? undefined
        : new MockedTaskRunner(options.mockConfig, realTasks, {
            succeed: (taskToken, output) =>
              this.answerMockedToken(() => this.sendTaskSuccess({ taskToken, output: JSON.stringify(output) })),
            fail: (taskToken, error, cause) =>
              this.answerMockedToken(() => this.sendTaskFailure({ taskToken, error, cause })),
          });
    const tasks = this.mocks ?? realTasks;
    const random = options.random ?? Math.random;
    this.tokens = new LocalTaskTokens(this.store.taskTokens, () => clock.now());
    const registry = new MapRunRegistry();
    const log = options.log ?? (() => undefined);
    this.log = log;
    const objects =
      options.objects ??
      ((): ObjectStore => {
        throw new Error('No S3 endpoint is configured for Distributed Map item readers and result writers.');
      });
    const portsFor = (executionId: number): EnginePorts => ({
      clock,
      ids,
      tasks,
      random,
      tokens: this.tokens.forExecution(executionId),
      distributedMap: localDistributedMap(
        {
          store: this.store,
          runExecution: options.engine.runExecution,
          portsFor,
          objects,
          clock,
          ids,
          registry,
          recording: () => !this.closed && this.store.db.open,
          log,
          ...(options.maxChildrenPerMapRun === undefined ? {} : { maxChildren: options.maxChildrenPerMapRun }),
        },
        () => this.mapRunParent(executionId),
      ),
    });
    this.mapRuns = new MapRunOperations(this.store, this.location, registry);
    this.runner = new ExecutionRunner({
      store: this.store,
      runExecution: options.engine.runExecution,
      clock,
      portsFor,
      // Deferred, so whoever waited for the execution can still describe it before it is purged.
      onEnded: (stateMachineId) =>
        setImmediate(() => {
          if (!this.closed && this.store.db.open) this.purgeIfDeleted(stateMachineId);
        }),
      log,
      ...(options.logEvent === undefined ? {} : { logEvent: options.logEvent }),
    });
    this.testStateDeps = {
      engine: options.engine,
      location: this.location,
      ports: testStatePorts(clock, ids, tasks, random),
    };
    this.redrives = new ExecutionRedrives({
      store: this.store,
      clock,
      start: (executionId, stateMachineId, params) => this.runner.start(executionId, stateMachineId, params),
    });
  }

  // ---------------------------------------------------------------- state machines

  createStateMachine(input: Input<CreateStateMachineInput>): CreateStateMachineOutput {
    const fields = input as Record<string, unknown>;
    const name = checkName(requiredString(fields, 'name'));
    const definition = requiredString(fields, 'definition', MAX_DEFINITION_LENGTH);
    const roleArn = requiredString(fields, 'roleArn', 256);
    const type = optionalEnum<StateMachineType>(fields, 'type', ['STANDARD', 'EXPRESS']) ?? 'STANDARD';
    this.checkDefinition(definition, type);
    const arn = stateMachineArn(this.location, name);
    const existing = this.store.stateMachines.get(name);
    if (existing) {
      if (existing.status === 'DELETING') throw stateMachineDeleting(arn);
      // Creating the exact same machine again is idempotent on AWS.
      if (existing.definition === definition && existing.roleArn === roleArn && existing.type === type) {
        return { stateMachineArn: arn, creationDate: new Date(existing.created) };
      }
      throw stateMachineAlreadyExists(arn);
    }
    const created = this.store.stateMachines.create({ name, type, definition, roleArn, now: this.clock.now() });
    return { stateMachineArn: arn, creationDate: new Date(created.created) };
  }

  describeStateMachine(input: Input<DescribeStateMachineInput>): DescribeStateMachineOutput {
    const machine = this.machineByArn(requiredString(input as Record<string, unknown>, 'stateMachineArn'));
    const output: DescribeStateMachineOutput = {
      stateMachineArn: stateMachineArn(this.location, machine.name),
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

  updateStateMachine(input: Input<UpdateStateMachineInput>): UpdateStateMachineOutput {
    const fields = input as Record<string, unknown>;
    const machine = this.machineByArn(requiredString(fields, 'stateMachineArn'));
    const definition = optionalString(fields, 'definition', MAX_DEFINITION_LENGTH);
    const roleArn = optionalString(fields, 'roleArn', 256);
    if (
      definition === undefined &&
      roleArn === undefined &&
      !fields['loggingConfiguration'] &&
      !fields['tracingConfiguration']
    ) {
      throw new ServiceError(
        'MissingRequiredParameter',
        'Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified',
      );
    }
    if (definition !== undefined) this.checkDefinition(definition, machine.type);
    const next = { definition: definition ?? machine.definition, roleArn: roleArn ?? machine.roleArn };
    if (next.definition === machine.definition && next.roleArn === machine.roleArn && machine.revisionId) {
      // Nothing changed: AWS keeps the revision.
      return { updateDate: new Date(machine.updated), revisionId: machine.revisionId };
    }
    const updated = this.store.stateMachines.update(machine.id, {
      ...next,
      revisionId: this.ids.uuid(),
      now: this.clock.now(),
    });
    return { updateDate: new Date(updated.updated), revisionId: updated.revisionId! };
  }

  /**
   * Deletes a state machine. Running executions are stopped; the machine and its executions are removed once
   * none is running (until then it is DELETING). Deleting a machine that does not exist succeeds, as on AWS.
   */
  deleteStateMachine(input: Input<DeleteStateMachineInput>): Record<string, never> {
    const arn = requiredString(input as Record<string, unknown>, 'stateMachineArn');
    const name = parseStateMachineArn(this.location, arn);
    const machine = name === undefined ? undefined : this.store.stateMachines.get(name);
    if (!machine) return {};
    this.store.stateMachines.markDeleting(machine.id);
    this.runner.stopAllOf(machine.id, { error: 'States.Aborted', cause: 'The state machine was deleted.' });
    this.purgeIfDeleted(machine.id);
    return {};
  }

  listStateMachines(input: Input<ListStateMachinesInput> = {}): ListStateMachinesOutput {
    const fields = input as Record<string, unknown>;
    const limit = pageSize(fields);
    const after = decodePageToken(optionalString(fields, 'nextToken'), 'stateMachines', 1024);
    const page = this.store.stateMachines.list(after, limit);
    const output: ListStateMachinesOutput = {
      stateMachines: page.items.map((m) => ({
        stateMachineArn: stateMachineArn(this.location, m.name),
        name: m.name,
        type: m.type,
        creationDate: new Date(m.created),
      })),
    };
    if (page.nextKey !== undefined) output.nextToken = encodePageToken('stateMachines', page.nextKey);
    return output;
  }

  validateStateMachineDefinition(
    input: Input<ValidateStateMachineDefinitionInput>,
  ): ValidateStateMachineDefinitionOutput {
    const fields = input as Record<string, unknown>;
    const definition = requiredString(fields, 'definition', MAX_DEFINITION_LENGTH);
    const type = optionalEnum<StateMachineType>(fields, 'type', ['STANDARD', 'EXPRESS']) ?? 'STANDARD';
    const severity = optionalEnum(fields, 'severity', ['ERROR', 'WARNING'] as const) ?? 'ERROR';
    const limit = pageSize(fields, 100);
    const result = this.engine.validateDefinition(definition, { type });
    const shown = result.diagnostics.filter((d) => severity === 'WARNING' || d.severity === 'ERROR');
    return {
      result: result.result,
      diagnostics: shown.slice(0, limit),
      truncated: shown.length > limit,
    };
  }

  /** TestState: one state run once, its services mocked or called for real (docs/testing.md). */
  testState(input: Record<string, unknown>): Promise<unknown> {
    return runTestState(this.testStateDeps, input);
  }

  // ---------------------------------------------------------------- executions

  startExecution(input: Input<StartExecutionInput>): StartExecutionOutput {
    const fields = input as Record<string, unknown>;
    const [machineArn, testCase] = splitTestCase(requiredString(fields, 'stateMachineArn'));
    const requestedName = optionalString(fields, 'name');
    const inputText = optionalString(fields, 'input') ?? '{}';
    optionalString(fields, 'traceHeader', 256);
    // AWS checks the model constraints first, then that the machine exists, then the name and input.
    if (requestedName !== undefined) checkNameLength(requestedName);
    checkInputSize(inputText);
    const machine = this.machineByArn(machineArn);
    if (machine.status === 'DELETING') throw stateMachineDeleting(machineArn);
    const mocked = testCase === undefined ? undefined : this.mockedStates(machine.name, testCase);
    const name = requestedName === undefined ? this.ids.uuid() : checkNameCharacters(requestedName);
    checkExecutionInput(inputText);
    const arn = executionArn(this.location, machine.name, name);
    const existing = this.store.executions.get(machine.id, name);
    if (existing) {
      // Same name and input while still running: the same execution (StartExecution is idempotent then).
      if (existing.status === 'RUNNING' && existing.input === inputText) {
        return { executionArn: arn, startDate: new Date(existing.startDate) };
      }
      throw executionAlreadyExists(arn);
    }
    const startDate = this.clock.now();
    const executionId = this.store.executions.insert({
      stateMachineId: machine.id,
      versionId: machine.versionId,
      name,
      input: inputText,
      startDate,
    });
    if (mocked !== undefined) this.mocks?.begin(arn, machine.name, mocked);
    this.runner.start(executionId, machine.id, {
      executionArn: arn,
      stateMachineArn: stateMachineArn(this.location, machine.name),
      stateMachineName: machine.name,
      name,
      roleArn: machine.roleArn,
      definition: this.parsedDefinition(machine.versionId, machine.definition),
      inputText,
      startTime: startDate,
      region: this.location.region,
      redriveCount: 0,
    });
    return { executionArn: arn, startDate: new Date(startDate) };
  }

  describeExecution(input: Input<DescribeExecutionInput>): DescribeExecutionOutput {
    const fields = input as Record<string, unknown>;
    const arn = requiredString(fields, 'executionArn');
    const includeData =
      optionalEnum(fields, 'includedData', ['ALL_DATA', 'METADATA_ONLY'] as const) !== 'METADATA_ONLY';
    const { execution, machineName, child } = this.executionByArn(arn);
    const output: DescribeExecutionOutput = {
      executionArn: arn,
      stateMachineArn: stateMachineArn(this.location, machineName),
      name: execution.name,
      status: execution.status,
      startDate: new Date(execution.startDate),
      redriveCount: execution.redriveCount,
      ...redriveStatus(execution.status),
      ...(child ? this.mapRuns.describeChild(child) : {}),
    };
    const redriveDate = this.store.redrives.redriveDate(execution.id);
    if (redriveDate !== undefined) output.redriveDate = new Date(redriveDate);
    if (execution.stopDate !== undefined) output.stopDate = new Date(execution.stopDate);
    if (includeData) {
      output.input = execution.input;
      output.inputDetails = { included: true };
      if (execution.output !== undefined) {
        output.output = execution.output;
        output.outputDetails = { included: true };
      }
    }
    if (execution.error !== undefined) output.error = execution.error;
    if (execution.cause !== undefined) output.cause = execution.cause;
    return output;
  }

  async stopExecution(input: Input<StopExecutionInput>): Promise<StopExecutionOutput> {
    const fields = input as Record<string, unknown>;
    const arn = requiredString(fields, 'executionArn');
    const error = optionalString(fields, 'error', 256);
    const cause = optionalString(fields, 'cause', 32768);
    const { execution, child } = this.executionByArn(arn);
    if (child) {
      throw new ServiceError('ValidationException', 'A Map Run child execution is stopped by stopping its parent.');
    }
    if (execution.status === 'RUNNING') {
      const reason: StopReason = {};
      if (error !== undefined) reason.error = error;
      if (cause !== undefined) reason.cause = cause;
      await this.runner.stop(execution.id, reason);
    }
    const stopped = this.store.executions.getById(execution.id);
    return { stopDate: new Date(stopped?.stopDate ?? this.clock.now()) };
  }

  listExecutions(input: Input<ListExecutionsInput>): ListExecutionsOutput {
    const fields = input as Record<string, unknown>;
    if (fields['mapRunArn'] !== undefined && fields['mapRunArn'] !== null) return this.mapRuns.listExecutions(fields);
    const machineArn = requiredString(fields, 'stateMachineArn');
    const status = optionalEnum(fields, 'statusFilter', [
      'SUCCEEDED',
      'TIMED_OUT',
      'PENDING_REDRIVE',
      'ABORTED',
      'FAILED',
      'RUNNING',
    ] as const);
    const limit = pageSize(fields);
    const beforeId = decodePageToken(optionalString(fields, 'nextToken'), 'executions', 3096);
    const machine = this.machineByArn(machineArn);
    const page = this.store.executions.list(machine.id, {
      limit,
      ...(status === undefined ? {} : { status }),
      ...(beforeId === undefined ? {} : { beforeId }),
    });
    const output: ListExecutionsOutput = {
      executions: page.items.map((e) => {
        const item: ExecutionListItem = {
          executionArn: executionArn(this.location, machine.name, e.name),
          stateMachineArn: stateMachineArn(this.location, machine.name),
          name: e.name,
          status: e.status,
          startDate: new Date(e.startDate),
          redriveCount: e.redriveCount,
        };
        if (e.stopDate !== undefined) item.stopDate = new Date(e.stopDate);
        return item;
      }),
    };
    if (page.nextKey !== undefined) output.nextToken = encodePageToken('executions', page.nextKey);
    return output;
  }

  getExecutionHistory(input: Input<GetExecutionHistoryInput>): GetExecutionHistoryOutput {
    const fields = input as Record<string, unknown>;
    const arn = requiredString(fields, 'executionArn');
    const limit = pageSize(fields);
    const reverse = optionalBoolean(fields, 'reverseOrder') ?? false;
    const includeData = optionalBoolean(fields, 'includeExecutionData') ?? true;
    const fromId = decodePageToken(optionalString(fields, 'nextToken'), 'history', 3096);
    const { execution } = this.executionByArn(arn);
    const page = this.store.history.page(execution.id, {
      limit,
      reverse,
      ...(fromId === undefined ? {} : { fromId }),
    });
    const output: GetExecutionHistoryOutput = { events: page.items.map((e) => toWireEvent(e, includeData)) };
    if (page.nextKey !== undefined) output.nextToken = encodePageToken('history', page.nextKey);
    return output;
  }

  describeStateMachineForExecution(
    input: Input<DescribeStateMachineForExecutionInput>,
  ): DescribeStateMachineForExecutionOutput {
    const arn = requiredString(input as Record<string, unknown>, 'executionArn');
    const { execution, machineName, child } = this.executionByArn(arn);
    if (child) return this.mapRuns.describeStateMachineForChild(child);
    const version = this.store.stateMachines.getVersion(execution.versionId);
    if (!version) throw executionDoesNotExist(arn);
    const machine = this.store.stateMachines.getById(execution.stateMachineId);
    const output: DescribeStateMachineForExecutionOutput = {
      stateMachineArn: stateMachineArn(this.location, machineName),
      name: machineName,
      definition: version.definition,
      roleArn: version.roleArn,
      updateDate: new Date(version.updated),
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
      tracingConfiguration: { enabled: false },
    };
    if (machine?.versionId === version.id && machine.revisionId !== undefined) output.revisionId = machine.revisionId;
    return output;
  }

  /**
   * RedriveExecution: reruns a failed, timed-out or aborted STANDARD execution from its unfinished state, under
   * the same ARN; a Distributed Map state there continues its Map Run.
   */
  redriveExecution(input: Input<Record<string, unknown>>): RedriveExecutionOutput {
    const fields = input;
    const arn = requiredString(fields, 'executionArn');
    const clientToken = optionalString(fields, 'clientToken', 64);
    const { execution, machineName, child } = this.executionByArn(arn);
    if (child) {
      throw new ServiceError(
        'ExecutionNotRedrivable',
        `Execution '${arn}' cannot be redriven: a Map Run child is redriven by redriving its parent`,
      );
    }
    const machine = this.store.stateMachines.getById(execution.stateMachineId);
    const version = this.store.stateMachines.getVersion(execution.versionId);
    if (!machine || !version) throw executionDoesNotExist(arn);
    return this.redrives.redrive(
      {
        execution,
        executionArn: arn,
        stateMachineArn: stateMachineArn(this.location, machineName),
        stateMachineName: machineName,
        machineType: machine.type,
        roleArn: version.roleArn,
        definition: this.parsedDefinition(version.id, version.definition),
        region: this.location.region,
      },
      clientToken,
    );
  }

  // ---------------------------------------------------------------- map runs

  describeMapRun(input: Input<Record<string, unknown>>): DescribeMapRunOutput {
    return this.mapRuns.describeMapRun(input);
  }

  listMapRuns(input: Input<Record<string, unknown>>): ListMapRunsOutput {
    const fields = input;
    const arn = requiredString(fields, 'executionArn');
    const { execution } = this.executionByArn(arn);
    return this.mapRuns.listMapRuns(fields, { executionId: execution.id, executionArn: arn });
  }

  updateMapRun(input: Input<Record<string, unknown>>): Record<string, never> {
    return this.mapRuns.updateMapRun(input);
  }

  /** Resolves with the execution's description once it has ended (at once if it already has). */
  async waitForExecution(executionArnText: string): Promise<DescribeExecutionOutput> {
    const { execution } = this.executionByArn(executionArnText);
    await this.runner.whenEnded(execution.id);
    return this.describeExecution({ executionArn: executionArnText });
  }

  // ---------------------------------------------------------------- task tokens

  sendTaskSuccess(input: Input<SendTaskSuccessInput>): Record<string, never> {
    const fields = input as Record<string, unknown>;
    const token = requiredString(fields, 'taskToken', 2048);
    const outputText = requiredString(fields, 'output', MAX_PAYLOAD_BYTES);
    let output: Json;
    const tooDeep = jsonDepthExcess(outputText);
    if (tooDeep !== undefined) throw new ServiceError('InvalidOutput', `Invalid Output: '${tooDeep.message}'`);
    try {
      output = JSON.parse(outputText) as Json;
    } catch (error) {
      throw new ServiceError('InvalidOutput', `Invalid Output: '${describeJsonError(outputText, error)}'`);
    }
    this.tokens.sendSuccess(token, output);
    return {};
  }

  sendTaskFailure(input: Input<SendTaskFailureInput>): Record<string, never> {
    const fields = input as Record<string, unknown>;
    const token = requiredString(fields, 'taskToken', 2048);
    const error = optionalString(fields, 'error', 256);
    const cause = optionalString(fields, 'cause', 32768);
    this.tokens.sendFailure(token, error, cause);
    return {};
  }

  sendTaskHeartbeat(input: Input<SendTaskHeartbeatInput>): Record<string, never> {
    this.tokens.sendHeartbeat(requiredString(input as Record<string, unknown>, 'taskToken', 2048));
    return {};
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Resumes every execution a crashed server left RUNNING (docs/reliability.md). Call once, at start-up, after
   * the endpoint listens (tasks need its URL) and after orphaned task processes were stopped.
   */
  resumeRunning(): ResumeSummary {
    return resumeExecutions({
      store: this.store,
      location: this.location,
      clock: this.clock,
      definition: (versionId, text) => this.parsedDefinition(versionId, text),
      start: (executionId, stateMachineId, params) => this.runner.start(executionId, stateMachineId, params),
      abort: (executionId, reason) => this.runner.stop(executionId, reason),
      log: this.log,
    });
  }

  /** Executions running in this process. */
  get runningCount(): number {
    return this.runner.runningCount;
  }

  /** Stops running executions without recording an end (they stay RUNNING) and closes the store. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.runner.close();
    this.store.close();
  }

  // ---------------------------------------------------------------- helpers

  /** The mocked states of a test case of the mock configuration (docs/testing.md). */
  private mockedStates(machineName: string, testCase: string): ReturnType<MockedTaskRunner['testCase']> {
    if (this.mocks === undefined) {
      throw new ServiceError(
        'ValidationException',
        `Test case '${testCase}' asked for, but no mock configuration is loaded (fanout serve --mock-config FILE or SFN_MOCK_CONFIG)`,
      );
    }
    const states = this.mocks.testCase(machineName, testCase);
    if (states === undefined) {
      throw new ServiceError(
        'ValidationException',
        `The mock configuration has no test case '${testCase}' for the state machine '${machineName}'`,
      );
    }
    return states;
  }

  private answerMockedToken(answer: () => void): void {
    try {
      answer();
    } catch (e) {
      this.log(`mocked task token answer failed: ${String(e)}`);
    }
  }

  private checkDefinition(definition: string, type: StateMachineType): void {
    const tooDeep = jsonDepthExcess(definition);
    if (tooDeep !== undefined) {
      const at = tooDeep.path.length === 0 ? '/' : `/${tooDeep.path.join('/')}`;
      throw invalidDefinition(
        `Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: ${tooDeep.message} at ${at}'`,
      );
    }
    const result = this.engine.validateDefinition(definition, { type });
    if (result.result !== 'OK') throw invalidDefinition(this.engine.invalidDefinitionMessage(result));
  }

  private machineByArn(arn: string): StateMachineRecord {
    const name = parseStateMachineArn(this.location, arn);
    const machine = name === undefined ? undefined : this.store.stateMachines.get(name);
    if (!machine) throw stateMachineDoesNotExist(arn);
    return machine;
  }

  private executionByArn(arn: string): { execution: ExecutionRecord; machineName: string; child?: ChildLookup } {
    const names = parseExecutionArn(this.location, arn);
    const child = names && this.mapRuns.childByArn(names[0], names[1]);
    if (child) return { execution: child.child, machineName: child.machineName, child };
    const machine = names && this.store.stateMachines.get(names[0]);
    const execution = machine && this.store.executions.get(machine.id, names[1]);
    if (!execution) throw executionDoesNotExist(arn);
    return { execution, machineName: machine.name };
  }

  /** The execution a Map Run started by `executionId` belongs to. */
  private mapRunParent(executionId: number): MapRunParent {
    const execution = this.store.executions.getById(executionId);
    const version = execution && this.store.stateMachines.getVersion(execution.versionId);
    if (!execution || !version) throw new Error(`Execution ${executionId} is not in the store.`);
    return {
      executionId,
      stateMachineId: execution.stateMachineId,
      versionId: execution.versionId,
      roleArn: version.roleArn,
    };
  }

  private parsedDefinition(versionId: number, text: string): StateMachineDefinition {
    let definition = this.definitions.get(versionId);
    if (!definition) {
      definition = JSON.parse(text) as StateMachineDefinition;
      if (this.definitions.size >= DEFINITION_CACHE_SIZE) {
        const oldest = this.definitions.keys().next();
        if (!oldest.done) this.definitions.delete(oldest.value);
      }
      this.definitions.set(versionId, definition);
    }
    return definition;
  }

  private purgeIfDeleted(stateMachineId: number): void {
    const machine = this.store.stateMachines.getById(stateMachineId);
    if (machine?.status !== 'DELETING') return;
    if (this.store.executions.countRunning(stateMachineId) > 0) return;
    this.store.purgeStateMachine(stateMachineId);
    for (const versionId of [...this.definitions.keys()]) {
      if (this.store.stateMachines.getVersion(versionId) === undefined) this.definitions.delete(versionId);
    }
  }
}

/** StartExecution's input is at most 256 KiB of UTF-8. */
function checkInputSize(text: string): void {
  if (Buffer.byteLength(text, 'utf8') > MAX_PAYLOAD_BYTES) {
    throw new ServiceError(
      'ValidationException',
      `1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have size less than or equal to ${MAX_PAYLOAD_BYTES} bytes in UTF-8 encoding`,
    );
  }
}

/** StartExecution's input must be JSON text. */
function checkExecutionInput(text: string): void {
  if (text.trim() === '') throw invalidExecutionInput('Invalid execution input.');
  const tooDeep = jsonDepthExcess(text);
  if (tooDeep !== undefined) throw invalidExecutionInput(tooDeep.message);
  try {
    JSON.parse(text);
  } catch (error) {
    throw invalidExecutionInput(describeJsonError(text, error));
  }
}

function redriveStatus(
  status: ExecutionStatus,
): Pick<DescribeExecutionOutput, 'redriveStatus' | 'redriveStatusReason'> {
  if (status === 'FAILED' || status === 'TIMED_OUT' || status === 'ABORTED') return { redriveStatus: 'REDRIVABLE' };
  return { redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: `Execution is ${status} and cannot be redriven` };
}

/** `<stateMachineArn>#<TestCase>`: Step Functions Local's way of naming a test case of the mock configuration. */
function splitTestCase(arn: string): [string, string | undefined] {
  const hash = arn.indexOf('#');
  return hash < 0 ? [arn, undefined] : [arn.slice(0, hash), arn.slice(hash + 1)];
}
