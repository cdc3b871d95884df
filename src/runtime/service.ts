import type {
  DescribeExecutionOutput,
  ListMapRunsInput,
  ListMapRunsOutput,
  StartSyncExecutionInput,
  StartSyncExecutionOutput,
  TestStateInput,
} from '@aws-sdk/client-sfn';
import type { LocalActivities } from './activities';
import type { StateMachineAliases } from './aliases';
import type { ServiceLocation } from './arns';
import type { ExecutionOperations } from './execution-operations';
import type { ExecutionQueries } from './execution-queries';
import type { Janitor } from './janitor';
import type { MapRunOperations } from './map-run-operations';
import { requiredString, type Request } from './requests';
import { resumeExecutions, type ResumeSummary } from './resume';
import { wireRooms, type ServiceRooms } from './service-rooms';
import type { LocalStepFunctionsOptions } from './service-options';
import type { StateMachineOperations } from './state-machine-operations';
import { startSyncExecution } from './sync-execution';
import type { TagOperations } from './tags';
import type { TaskTokenOperations } from './task-token-operations';
import { runTestState } from './test-state';
import type { HistoryEvent, TestStateResult } from '../engine';
import type { StateMachineVersions } from './versions';

export type { LocalStepFunctionsOptions };

/**
 * The Step Functions service, in process: each method is one API operation, taking the operation's request
 * (with the SDK's field names, its values checked as untrusted JSON) and returning its response with Date
 * timestamps. Failures throw a WireError carrying the AWS error code. Each concept's operations live in a room
 * of their own (wired in ./service-rooms.ts); this class only answers the API through them.
 */
export class LocalStepFunctions {
  readonly location: ServiceLocation;
  private readonly rooms: ServiceRooms;
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
  /** Background removal of deleted machines and expired executions. */
  readonly janitor: Janitor;
  private closed = false;

  constructor(options: LocalStepFunctionsOptions) {
    const rooms = (this.rooms = wireRooms(options, () => this.closed));
    this.location = rooms.location;
    this.machines = rooms.machines;
    this.executions = rooms.executions;
    this.queries = rooms.queries;
    this.tokens = rooms.tokens;
    this.mapRuns = rooms.mapRuns;
    this.versions = rooms.versions;
    this.aliases = rooms.aliases;
    this.activities = rooms.activities;
    this.tags = rooms.tags;
    this.janitor = rooms.janitor;
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
  /** GetExecutionHistory's events in full, as the engine wrote them, for in-process readers (the web page). */
  readonly recordedHistory = (executionArn: string): HistoryEvent[] => this.queries.events(executionArn);
  readonly describeStateMachineForExecution: ExecutionQueries['describeStateMachine'] = (input) =>
    this.queries.describeStateMachine(input);

  readonly describeMapRun: MapRunOperations['describeMapRun'] = (input) => this.mapRuns.describeMapRun(input);
  readonly updateMapRun: MapRunOperations['updateMapRun'] = (input) => this.mapRuns.updateMapRun(input);
  readonly listMapRuns = (input: Request<ListMapRunsInput>): ListMapRunsOutput => {
    const executionArn = requiredString(input, 'executionArn');
    const { execution } = this.rooms.lookup.executionByArn(executionArn);
    return this.mapRuns.listMapRuns(input, { executionId: execution.id, executionArn });
  };

  readonly sendTaskSuccess: TaskTokenOperations['sendSuccess'] = (input) => this.tokens.sendSuccess(input);
  readonly sendTaskFailure: TaskTokenOperations['sendFailure'] = (input) => this.tokens.sendFailure(input);
  readonly sendTaskHeartbeat: TaskTokenOperations['sendHeartbeat'] = (input) => this.tokens.sendHeartbeat(input);

  /** TestState: one state run once, its services mocked or called for real (docs/testing.md). */
  testState(input: Request<TestStateInput>): Promise<TestStateResult> {
    return runTestState(this.rooms.testState, input);
  }

  /** StartSyncExecution: an EXPRESS execution run to its end (./sync-execution.ts). */
  startSyncExecution(input: Request<StartSyncExecutionInput>): Promise<StartSyncExecutionOutput> {
    return startSyncExecution(
      {
        store: this.rooms.store,
        location: this.location,
        startExecution: (i) => this.startExecution(i),
        waitForExecution: (arn) => this.waitForExecution(arn),
        uuid: () => this.rooms.ids.uuid(),
      },
      input,
    );
  }

  /** Resolves with the execution's description once it has ended (at once if it already has). */
  async waitForExecution(executionArn: string): Promise<DescribeExecutionOutput> {
    const { execution } = this.rooms.lookup.executionByArn(executionArn);
    await this.rooms.host.whenEnded(execution.id);
    return this.queries.describe({ executionArn });
  }

  /**
   * Resumes every execution a crashed server left RUNNING (docs/reliability.md). Call once, at start-up, after
   * the endpoint listens (tasks need its URL) and after orphaned task processes were stopped.
   */
  resumeRunning(): ResumeSummary {
    return resumeExecutions({
      store: this.rooms.store,
      location: this.location,
      clock: this.rooms.clock,
      definition: (versionId, text) => this.rooms.definitions.parsed(versionId, text),
      start: (stateMachineId, launch) => this.rooms.host.start(stateMachineId, launch),
      abort: (executionId, reason) => this.rooms.host.stop(executionId, reason),
      log: this.rooms.log,
    });
  }

  /** Executions running in this process. */
  get runningCount(): number {
    return this.rooms.host.runningCount;
  }

  /** Stops running executions without recording an end (they stay RUNNING) and closes the store. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.activities.close();
    this.janitor.close();
    this.rooms.host.close();
    this.rooms.store.close();
  }
}
