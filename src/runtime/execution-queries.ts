/**
 * The execution reads of the Step Functions API: DescribeExecution, ListExecutions, GetExecutionHistory and
 * DescribeStateMachineForExecution. A Map Run child's parts are answered by ./map-run-operations.ts.
 */
import type {
  DescribeExecutionInput,
  DescribeExecutionOutput,
  DescribeStateMachineForExecutionInput,
  DescribeStateMachineForExecutionOutput,
  ExecutionListItem,
  GetExecutionHistoryInput,
  GetExecutionHistoryOutput,
  ListExecutionsInput,
  ListExecutionsOutput,
} from '@aws-sdk/client-sfn';
import type { ExecutionStatus, HistoryEvent } from '../engine';
import type { Store } from '../store/store';
import type { StateMachineAliases } from './aliases';
import { executionArn, parseStateMachineTarget, stateMachineArn, type ServiceLocation } from './arns';
import type { EngineBinding } from './engine-binding';
import { executionDoesNotExist, stateMachineDoesNotExist } from './errors';
import { toWireEvent } from './history-view';
import type { ResourceLookup } from './lookups';
import type { MapRunOperations } from './map-run-operations';
import { decodePageToken, encodePageToken } from './page-tokens';
import {
  EXECUTION_STATUSES,
  optionalBoolean,
  optionalEnum,
  optionalString,
  pageSize,
  requiredString,
  type Request,
} from './requests';
import { originArns } from './start-target';
import { machineConfiguration } from './state-machine-operations';
import type { StateMachineVersions } from './versions';

export interface ExecutionQueriesDeps {
  store: Store;
  location: ServiceLocation;
  lookup: ResourceLookup;
  mapRuns: MapRunOperations;
  engine: EngineBinding;
  versions: StateMachineVersions;
  aliases: StateMachineAliases;
}

export class ExecutionQueries {
  private readonly store: Store;
  private readonly location: ServiceLocation;
  private readonly lookup: ResourceLookup;
  private readonly mapRuns: MapRunOperations;

  constructor(private readonly deps: ExecutionQueriesDeps) {
    this.store = deps.store;
    this.location = deps.location;
    this.lookup = deps.lookup;
    this.mapRuns = deps.mapRuns;
  }

  describe(input: Request<DescribeExecutionInput>): DescribeExecutionOutput {
    const arn = requiredString(input, 'executionArn');
    const includeData = optionalEnum(input, 'includedData', ['ALL_DATA', 'METADATA_ONLY'] as const) !== 'METADATA_ONLY';
    const { execution, machineName, child } = this.lookup.executionByArn(arn);
    const output: DescribeExecutionOutput = {
      executionArn: arn,
      stateMachineArn: stateMachineArn(this.location, machineName),
      name: execution.name,
      status: execution.status,
      startDate: new Date(execution.startDate),
      redriveCount: execution.redriveCount,
      ...redriveStatus(execution.status),
      ...(child ? this.mapRuns.describeChild(child) : {}),
      ...originArns(this.location, machineName, this.store.executionOrigins.get(execution.id)),
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

  list(input: Request<ListExecutionsInput>): ListExecutionsOutput {
    if (input.mapRunArn !== undefined && input.mapRunArn !== null) return this.mapRuns.listExecutions(input);
    const machineArn = requiredString(input, 'stateMachineArn');
    const status = optionalEnum(input, 'statusFilter', EXECUTION_STATUSES);
    const limit = pageSize(input);
    const beforeId = decodePageToken(optionalString(input, 'nextToken'), 'executions', 3096);
    // A version or alias ARN lists the executions that ran that version, or were started through that alias.
    const target = parseStateMachineTarget(this.location, machineArn);
    const machine = target && this.store.stateMachines.get(target.name);
    if (!target || !machine) throw stateMachineDoesNotExist(machineArn);
    const options = {
      limit,
      ...(status === undefined ? {} : { status }),
      ...(beforeId === undefined ? {} : { beforeId }),
    };
    if (target.version !== undefined) this.deps.versions.version(machine, target.version, machineArn);
    if (target.alias !== undefined) this.deps.aliases.aliasByArn(machineArn);
    const page =
      target.version !== undefined
        ? this.store.executionOrigins.listExecutions(machine.id, { versionNumber: target.version }, options)
        : target.alias !== undefined
          ? this.store.executionOrigins.listExecutions(machine.id, { aliasName: target.alias }, options)
          : this.store.executions.list(machine.id, options);
    const output: ListExecutionsOutput = {
      executions: page.items.map((e) => {
        const item: ExecutionListItem = {
          executionArn: executionArn(this.location, machine.name, e.name),
          stateMachineArn: stateMachineArn(this.location, machine.name),
          name: e.name,
          status: e.status,
          startDate: new Date(e.startDate),
          redriveCount: e.redriveCount,
          ...originArns(this.location, machine.name, this.store.executionOrigins.get(e.id)),
        };
        if (e.stopDate !== undefined) item.stopDate = new Date(e.stopDate);
        return item;
      }),
    };
    if (page.nextKey !== undefined) output.nextToken = encodePageToken('executions', page.nextKey);
    return output;
  }

  history(input: Request<GetExecutionHistoryInput>): GetExecutionHistoryOutput {
    const arn = requiredString(input, 'executionArn');
    const limit = pageSize(input);
    const reverse = optionalBoolean(input, 'reverseOrder') ?? false;
    const includeData = optionalBoolean(input, 'includeExecutionData') ?? true;
    const fromId = decodePageToken(optionalString(input, 'nextToken'), 'history', 3096);
    const { execution } = this.lookup.executionByArn(arn);
    const page = this.store.history.page(execution.id, {
      limit,
      reverse,
      ...(fromId === undefined ? {} : { fromId }),
    });
    const output: GetExecutionHistoryOutput = { events: page.items.map((e) => toWireEvent(e, includeData)) };
    if (page.nextKey !== undefined) output.nextToken = encodePageToken('history', page.nextKey);
    return output;
  }

  /** An execution's whole history as recorded: the engine's events, timestamps in epoch milliseconds. */
  events(executionArn: string): HistoryEvent[] {
    const { execution } = this.lookup.executionByArn(executionArn);
    return this.store.history.all(execution.id);
  }

  describeStateMachine(input: Request<DescribeStateMachineForExecutionInput>): DescribeStateMachineForExecutionOutput {
    const arn = requiredString(input, 'executionArn');
    const { execution, machineName, child } = this.lookup.executionByArn(arn);
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
      ...machineConfiguration(this.deps.engine, version.definition, version.configuration),
    };
    if (machine?.versionId === version.id && machine.revisionId !== undefined) output.revisionId = machine.revisionId;
    return output;
  }
}

function redriveStatus(
  status: ExecutionStatus,
): Pick<DescribeExecutionOutput, 'redriveStatus' | 'redriveStatusReason'> {
  if (status === 'FAILED' || status === 'TIMED_OUT' || status === 'ABORTED') return { redriveStatus: 'REDRIVABLE' };
  return { redriveStatus: 'NOT_REDRIVABLE', redriveStatusReason: `Execution is ${status} and cannot be redriven` };
}
