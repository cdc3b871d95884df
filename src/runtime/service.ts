import type {
  DescribeExecutionOutput,
  ListMapRunsInput,
  ListMapRunsOutput,
  StartSyncExecutionInput,
  StartSyncExecutionOutput,
} from '@aws-sdk/client-sfn';
import type { Clock, IdGenerator } from '../engine';
import { MapRunRegistry } from '../map/map-run-registry';
import type { Store } from '../store/store';
import { LocalActivities } from './activities';
import { StateMachineAliases } from './aliases';
import type { ServiceLocation } from './arns';
import { randomIds, systemClock } from './clock';
import { StateMachineDefinitions } from './definitions';
import { enginePortsFactory } from './engine-ports';
import { ExecutionOperations } from './execution-operations';
import { ExecutionQueries } from './execution-queries';
import { ExecutionHost } from './execution-host';
import { childRunPort } from './map-run-child';
import { Janitor } from './janitor';
import { ResourceLookup } from './lookups';
import { MapRunOperations } from './map-run-operations';
import { ExecutionRedrives } from './redrive';
import { requiredString, type Request } from './requests';
import { resumeExecutions, type ResumeSummary } from './resume';
import type { LocalStepFunctionsOptions } from './service-options';
import { StateMachineOperations } from './state-machine-operations';
import { startSyncExecution } from './sync-execution';
import { TagOperations } from './tags';
import { TaskTokenOperations } from './task-token-operations';
import { unsupportedResourceRunner } from './task-runner';
import { LocalTaskTokens } from './task-tokens';
import { runTestState, testStatePorts, type TestStateDeps } from './test-state';
import { MockedTaskRunner } from './mock-config';
import { mockAnswers } from './mock-answers';
import { StateMachineVersions } from './versions';

export type { LocalStepFunctionsOptions };

/**
 * The Step Functions service, in process: each method is one API operation, taking the operation's request
 * (with the SDK's field names, its values checked as untrusted JSON) and returning its response with Date
 * timestamps. Failures throw ServiceError carrying the AWS error code. Each concept's operations live in a room
 * of their own; this class wires them to one store and engine.
 */
export class LocalStepFunctions {
  readonly location: ServiceLocation;
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly definitions: StateMachineDefinitions;
  private readonly host: ExecutionHost;
  private readonly lookup: ResourceLookup;
  private readonly machines: StateMachineOperations;
  private readonly executions: ExecutionOperations;
  private readonly queries: ExecutionQueries;
  private readonly tokens: TaskTokenOperations;
  private readonly mapRuns: MapRunOperations;
  /** PublishStateMachineVersion, ListStateMachineVersions, DeleteStateMachineVersion. */
  readonly versions: StateMachineVersions;
  /** The state machine alias operations. */
  readonly aliases: StateMachineAliases;
  /** The activity operations and the tasks waiting for workers. */
  readonly activities: LocalActivities;
  /** TagResource, UntagResource, ListTagsForResource. */
  readonly tags: TagOperations;
  private readonly ids: IdGenerator;
  private readonly log: (line: string) => void;
  private closed = false;
  private readonly testStateDeps: TestStateDeps;
  /** Background removal of deleted machines and expired executions. */
  readonly janitor: Janitor;

  constructor(options: LocalStepFunctionsOptions) {
    const store = (this.store = options.store);
    const location: ServiceLocation = {
      partition: 'aws',
      region: options.region ?? 'us-east-1',
      accountId: options.accountId ?? '000000000000',
    };
    this.location = location;
    const clock = options.clock ?? systemClock;
    this.clock = clock;
    const ids = options.ids ?? randomIds;
    this.ids = ids;
    this.tags = new TagOperations(store, location);
    this.activities = new LocalActivities(store, location, clock, this.tags);
    this.versions = new StateMachineVersions(store, location, clock);
    this.aliases = new StateMachineAliases(store, location, clock);
    const realTasks = this.activities.runner(options.tasks ?? unsupportedResourceRunner);
    const log = options.log ?? (() => undefined);
    this.log = log;
    const mocks =
      options.mockConfig === undefined
        ? undefined
        : new MockedTaskRunner(
            options.mockConfig,
            realTasks,
            mockAnswers(() => this.tokens, log),
          );
    const tasks = mocks ?? realTasks;
    const random = options.random ?? Math.random;
    const taskTokens = new LocalTaskTokens(store.taskTokens, () => clock.now());
    taskTokens.onClose((token) => this.activities.settled(token));
    const registry = new MapRunRegistry();
    const host = new ExecutionHost({
      store,
      runExecution: options.engine.runExecution,
      clock,
      region: location.region,
      portsFor: (executionId) => portsFor(executionId),
      // Deferred, so whoever waited for the execution can still describe it before it is purged.
      onEnded: (stateMachineId) =>
        setImmediate(() => {
          if (!this.closed && store.db.open) this.machines.purgeIfDeleted(stateMachineId);
        }),
      log,
      ...(options.logEvent === undefined ? {} : { logEvent: options.logEvent }),
    });
    this.host = host;
    const portsFor = enginePortsFactory({
      store,
      children: childRunPort(host),
      clock,
      ids,
      tasks,
      random,
      taskTokens,
      registry,
      ...(options.objects === undefined ? {} : { objects: options.objects }),
      recording: () => !this.closed && store.db.open,
      log,
      ...(options.maxChildrenPerMapRun === undefined ? {} : { maxChildrenPerMapRun: options.maxChildrenPerMapRun }),
    });
    this.definitions = new StateMachineDefinitions(options.engine);
    this.mapRuns = new MapRunOperations(store, location, registry);
    this.lookup = new ResourceLookup(store, location, this.mapRuns);
    const common = { store, location, clock, ids, definitions: this.definitions, lookup: this.lookup };
    const published = { versions: this.versions, aliases: this.aliases };
    this.machines = new StateMachineOperations({
      ...common,
      versions: this.versions,
      tags: this.tags,
      engine: options.engine,
      stopAllOf: (stateMachineId, reason) => host.stopAllOf(stateMachineId, reason),
      purgeInBackground: () => this.janitor.kick(),
    });
    this.janitor = new Janitor({
      store,
      clock,
      log,
      ...(options.retention === undefined ? {} : { retention: options.retention }),
      ...(options.logsDir === undefined ? {} : { logsDir: options.logsDir }),
      onMachinePurged: () => this.machines.forgetDefinitions(),
    });
    const start = host.start.bind(host);
    this.executions = new ExecutionOperations({
      ...common,
      redrives: new ExecutionRedrives({ store, clock, start }),
      start,
      stop: (executionId, reason) => host.stop(executionId, reason),
      whenEnded: (executionId) => host.whenEnded(executionId),
      ...(mocks === undefined ? {} : { mocks }),
      ...published,
      random,
    });
    this.queries = new ExecutionQueries({
      store,
      location,
      lookup: this.lookup,
      mapRuns: this.mapRuns,
      engine: options.engine,
      ...published,
    });
    this.tokens = new TaskTokenOperations(taskTokens);
    this.testStateDeps = { engine: options.engine, location, ports: testStatePorts(clock, ids, tasks, random) };
  }

  readonly createStateMachine: StateMachineOperations['create'] = (input) => this.machines.create(input);
  readonly describeStateMachine: StateMachineOperations['describe'] = (input) => this.machines.describe(input);
  readonly updateStateMachine: StateMachineOperations['update'] = (input) => this.machines.update(input);
  readonly deleteStateMachine: StateMachineOperations['delete'] = (input) => this.machines.delete(input);
  readonly listStateMachines: StateMachineOperations['list'] = (input) => this.machines.list(input);
  readonly validateStateMachineDefinition: StateMachineOperations['validate'] = (input) =>
    this.machines.validate(input);

  readonly startExecution: ExecutionOperations['start'] = (input) => this.executions.start(input);
  readonly stopExecution: ExecutionOperations['stop'] = (input) => this.executions.stop(input);
  readonly redriveExecution: ExecutionOperations['redrive'] = (input) => this.executions.redrive(input);
  readonly describeExecution: ExecutionQueries['describe'] = (input) => this.queries.describe(input);
  readonly listExecutions: ExecutionQueries['list'] = (input) => this.queries.list(input);
  readonly getExecutionHistory: ExecutionQueries['history'] = (input) => this.queries.history(input);
  readonly describeStateMachineForExecution: ExecutionQueries['describeStateMachine'] = (input) =>
    this.queries.describeStateMachine(input);

  readonly describeMapRun: MapRunOperations['describeMapRun'] = (input) => this.mapRuns.describeMapRun(input);
  readonly updateMapRun: MapRunOperations['updateMapRun'] = (input) => this.mapRuns.updateMapRun(input);
  readonly listMapRuns = (input: Request<ListMapRunsInput>): ListMapRunsOutput => {
    const executionArn = requiredString(input, 'executionArn');
    const { execution } = this.lookup.executionByArn(executionArn);
    return this.mapRuns.listMapRuns(input, { executionId: execution.id, executionArn });
  };

  readonly sendTaskSuccess: TaskTokenOperations['sendSuccess'] = (input) => this.tokens.sendSuccess(input);
  readonly sendTaskFailure: TaskTokenOperations['sendFailure'] = (input) => this.tokens.sendFailure(input);
  readonly sendTaskHeartbeat: TaskTokenOperations['sendHeartbeat'] = (input) => this.tokens.sendHeartbeat(input);

  /** TestState: one state run once, its services mocked or called for real (docs/testing.md). */
  testState(input: Record<string, unknown>): Promise<unknown> {
    return runTestState(this.testStateDeps, input);
  }

  /** StartSyncExecution: an EXPRESS execution run to its end (./sync-execution.ts). */
  startSyncExecution(input: Request<StartSyncExecutionInput>): Promise<StartSyncExecutionOutput> {
    return startSyncExecution(
      {
        store: this.store,
        location: this.location,
        startExecution: (i) => this.startExecution(i),
        waitForExecution: (arn) => this.waitForExecution(arn),
        uuid: () => this.ids.uuid(),
      },
      input,
    );
  }

  /** Resolves with the execution's description once it has ended (at once if it already has). */
  async waitForExecution(executionArn: string): Promise<DescribeExecutionOutput> {
    const { execution } = this.lookup.executionByArn(executionArn);
    await this.host.whenEnded(execution.id);
    return this.queries.describe({ executionArn });
  }

  /**
   * Resumes every execution a crashed server left RUNNING (docs/reliability.md). Call once, at start-up, after
   * the endpoint listens (tasks need its URL) and after orphaned task processes were stopped.
   */
  resumeRunning(): ResumeSummary {
    return resumeExecutions({
      store: this.store,
      location: this.location,
      clock: this.clock,
      definition: (versionId, text) => this.definitions.parsed(versionId, text),
      start: (stateMachineId, launch) => this.host.start(stateMachineId, launch),
      abort: (executionId, reason) => this.host.stop(executionId, reason),
      log: this.log,
    });
  }

  /** Executions running in this process. */
  get runningCount(): number {
    return this.host.runningCount;
  }

  /** Stops running executions without recording an end (they stay RUNNING) and closes the store. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.activities.close();
    this.janitor.close();
    this.host.close();
    this.store.close();
  }
}
