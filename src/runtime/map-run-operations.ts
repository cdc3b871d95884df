/**
 * The Map Run operations of the Step Functions API (spec §2): DescribeMapRun, ListMapRuns, UpdateMapRun,
 * ListExecutions of a Map Run's children, and the child-specific parts of DescribeExecution and
 * DescribeStateMachineForExecution.
 */
import type {
  DescribeExecutionOutput,
  DescribeMapRunInput,
  DescribeMapRunOutput,
  DescribeStateMachineForExecutionOutput,
  ExecutionListItem,
  ListExecutionsInput,
  ListExecutionsOutput,
  ListMapRunsInput,
  ListMapRunsOutput,
  MapRunExecutionCounts,
  MapRunItemCounts,
  MapRunListItem,
  UpdateMapRunInput,
} from '@aws-sdk/client-sfn';
import { childExecutionArn, childStateMachineArn, splitChildMachine } from '../map/map-run-arns';
import type { MapRunCountSet } from '../map/map-run-counts';
import type { MapRunRegistry, MapRunSettings } from '../map/map-run-registry';
import type { ChildExecutionRecord } from '../store/map-run-children';
import type { MapRunRecord } from '../store/map-runs';
import type { Store } from '../store/store';
import { executionArn, parseExecutionArn, parseMapRunArn, stateMachineArn, type ServiceLocation } from './arns';
import { serviceError, validationError } from './errors';
import { decodePageToken, encodePageToken } from './page-tokens';
import { EXECUTION_STATUSES, optionalEnum, optionalString, pageSize, requiredString, type Request } from './requests';

export interface ChildLookup {
  child: ChildExecutionRecord;
  mapRun: MapRunRecord;
  /** `<stateMachineName>/<label>` */
  machineName: string;
}

export class MapRunOperations {
  constructor(
    private readonly store: Store,
    private readonly location: ServiceLocation,
    private readonly registry: MapRunRegistry,
  ) {}

  describeMapRun(input: Request<DescribeMapRunInput>): DescribeMapRunOutput {
    const run = this.mapRunByArn(requiredString(input, 'mapRunArn'));
    const live = this.registry.get(run.arn);
    const counts = live?.counts ?? run.counts;
    const settings = live?.settings ?? run;
    const output: DescribeMapRunOutput = {
      mapRunArn: run.arn,
      executionArn: this.parentArn(run.executionId),
      status: run.status,
      startDate: new Date(run.startDate),
      maxConcurrency: settings.maxConcurrency,
      toleratedFailurePercentage: settings.toleratedFailurePercentage ?? 0,
      toleratedFailureCount: settings.toleratedFailureCount ?? 0,
      itemCounts: countsOut(counts.items),
      executionCounts: countsOut(counts.executions),
      redriveCount: run.redriveCount,
    };
    if (run.stopDate !== undefined) output.stopDate = new Date(run.stopDate);
    if (run.redriveDate !== undefined) output.redriveDate = new Date(run.redriveDate);
    return output;
  }

  /** ListMapRuns of a parent the service has resolved (it owns ExecutionDoesNotExist). */
  listMapRuns(
    input: Request<ListMapRunsInput>,
    parent: { executionId: number; executionArn: string },
  ): ListMapRunsOutput {
    const limit = pageSize(input);
    const afterId = decodePageToken(optionalString(input, 'nextToken'), 'mapRuns', 3096);
    const page = this.store.mapRuns.list(parent.executionId, afterId, limit);
    const machine = parseExecutionArn(this.location, parent.executionArn)?.[0] ?? '';
    const output: ListMapRunsOutput = {
      mapRuns: page.items.map((run) => {
        const item: MapRunListItem = {
          executionArn: parent.executionArn,
          mapRunArn: run.arn,
          stateMachineArn: stateMachineArn(this.location, `${machine}/${run.label}`),
          startDate: new Date(run.startDate),
        };
        if (run.stopDate !== undefined) item.stopDate = new Date(run.stopDate);
        return item;
      }),
    };
    if (page.nextKey !== undefined) output.nextToken = encodePageToken('mapRuns', page.nextKey);
    return output;
  }

  updateMapRun(input: Request<UpdateMapRunInput>): Record<string, never> {
    const run = this.mapRunByArn(requiredString(input, 'mapRunArn'));
    const maxConcurrency = optionalNumber(input, 'maxConcurrency', 0, 10000, true);
    const percentage = optionalNumber(input, 'toleratedFailurePercentage', 0, 100, false);
    const count = optionalNumber(input, 'toleratedFailureCount', 0, Number.MAX_SAFE_INTEGER, true);
    if (maxConcurrency === undefined && percentage === undefined && count === undefined) {
      throw serviceError(
        'ValidationException',
        'At least one of maxConcurrency, toleratedFailurePercentage or toleratedFailureCount must be specified',
      );
    }
    const live = this.registry.get(run.arn);
    const current = live?.settings ?? run;
    const next: MapRunSettings = { maxConcurrency: maxConcurrency ?? current.maxConcurrency };
    const nextCount = count ?? current.toleratedFailureCount;
    const nextPercentage = percentage ?? current.toleratedFailurePercentage;
    if (nextCount !== undefined) next.toleratedFailureCount = nextCount;
    if (nextPercentage !== undefined) next.toleratedFailurePercentage = nextPercentage;
    if (live) live.update(next);
    else this.store.mapRuns.saveSettings(run.id, next);
    return {};
  }

  /** ListExecutions with `mapRunArn`: the children, newest first, with `mapRunArn` and `itemCount`. */
  listExecutions(input: Request<ListExecutionsInput>): ListExecutionsOutput {
    if (input.stateMachineArn !== undefined && input.stateMachineArn !== null) {
      throw serviceError('ValidationException', 'Only one of stateMachineArn and mapRunArn can be specified');
    }
    const run = this.mapRunByArn(requiredString(input, 'mapRunArn'));
    const status = optionalEnum(input, 'statusFilter', EXECUTION_STATUSES);
    const limit = pageSize(input);
    const beforeId = decodePageToken(optionalString(input, 'nextToken'), 'mapRunExecutions', 3096);
    const names = this.childNames(run);
    const page = this.store.childExecutions.list(run.arn, {
      limit,
      ...(status === undefined ? {} : { status: status }),
      ...(beforeId === undefined ? {} : { beforeId }),
    });
    const output: ListExecutionsOutput = {
      executions: page.items.map((child) => {
        const item: ExecutionListItem = {
          executionArn: childExecutionArn(names, child.name),
          stateMachineArn: childStateMachineArn(names),
          name: child.name,
          status: child.status,
          startDate: new Date(child.startDate),
          mapRunArn: run.arn,
          itemCount: child.itemCount,
          redriveCount: child.redriveCount,
        };
        if (child.stopDate !== undefined) item.stopDate = new Date(child.stopDate);
        return item;
      }),
    };
    if (page.nextKey !== undefined) output.nextToken = encodePageToken('mapRunExecutions', page.nextKey);
    return output;
  }

  /** The child execution an execution ARN names, when it names one (`…:execution:<sm>/<label>:<uuid>`). */
  childByArn(machine: string, name: string): ChildLookup | undefined {
    const split = splitChildMachine(machine);
    if (split === undefined) return undefined;
    const parentMachine = this.store.stateMachines.get(split.stateMachineName);
    const child = parentMachine && this.store.childExecutions.get(parentMachine.id, name);
    const mapRun = child && this.store.mapRuns.get(child.mapRunArn);
    if (!child || !mapRun || mapRun.label !== split.label) return undefined;
    return { child, mapRun, machineName: machine };
  }

  /** What DescribeExecution adds for a child: its Map Run, and redrive only through the Map Run. */
  describeChild(found: ChildLookup): Partial<DescribeExecutionOutput> {
    const { status } = found.child;
    const redrivable = status === 'FAILED' || status === 'TIMED_OUT' || status === 'ABORTED';
    return {
      mapRunArn: found.mapRun.arn,
      redriveStatus: redrivable ? 'REDRIVABLE_BY_MAP_RUN' : 'NOT_REDRIVABLE',
      ...(redrivable ? {} : { redriveStatusReason: `Execution is ${status} and cannot be redriven` }),
    };
  }

  /** DescribeStateMachineForExecution of a child: the ItemProcessor it ran, its label and Map Run. */
  describeStateMachineForChild(found: ChildLookup): DescribeStateMachineForExecutionOutput {
    const version = this.store.stateMachines.getVersion(found.child.versionId);
    const output: DescribeStateMachineForExecutionOutput = {
      stateMachineArn: stateMachineArn(this.location, found.machineName),
      name: found.machineName,
      definition: found.mapRun.definition,
      roleArn: version?.roleArn ?? '',
      updateDate: new Date(version?.updated ?? found.mapRun.startDate),
      mapRunArn: found.mapRun.arn,
      label: found.mapRun.label,
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
      tracingConfiguration: { enabled: false },
    };
    return output;
  }

  private mapRunByArn(arn: string): MapRunRecord {
    const known = parseMapRunArn(this.location, arn);
    const run = known === undefined ? undefined : this.store.mapRuns.get(known);
    if (!run) throw serviceError('ResourceNotFound', `Resource not found: '${arn}'`);
    return run;
  }

  private childNames(run: MapRunRecord): { prefix: string; stateMachineName: string; label: string } {
    const machine = run.arn.split(':')[6] ?? '';
    const split = splitChildMachine(machine);
    return {
      prefix: run.arn.split(':').slice(0, 5).join(':'),
      stateMachineName: split?.stateMachineName ?? machine,
      label: run.label,
    };
  }

  private parentArn(executionId: number): string {
    const execution = this.store.executions.getById(executionId);
    const machine = execution && this.store.stateMachines.getById(execution.stateMachineId);
    return execution && machine ? executionArn(this.location, machine.name, execution.name) : '';
  }
}

function countsOut(set: MapRunCountSet): MapRunItemCounts & MapRunExecutionCounts {
  return { ...set };
}

function optionalNumber<R extends object>(
  input: R,
  field: keyof R & string,
  min: number,
  max: number,
  integer: boolean,
): number | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || (integer && !Number.isInteger(value))) {
    throw serviceError(
      'ValidationException',
      `Invalid type for parameter ${field}: expected ${integer ? 'an integer' : 'a number'}`,
    );
  }
  if (value < min)
    throw validationError(field, String(value), `Member must have value greater than or equal to ${min}`);
  if (value > max) throw validationError(field, String(value), `Member must have value less than or equal to ${max}`);
  return value;
}
