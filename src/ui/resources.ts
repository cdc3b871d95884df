/**
 * The JSON of the pages about resources other than executions: one state machine with its versions and aliases,
 * and the activities with the tasks waiting for workers. Read in process from the Step Functions service; the
 * waiting tasks exist only in the running server's memory, so `fanout activities` reads them here too.
 */
import type { DescribeStateMachineOutput } from '@aws-sdk/client-sfn';
import type { LocalStepFunctions } from '../runtime';
import type { ActivityTaskView, ActivityView, AliasView, MachineDetail, VersionView } from './resource-views';

/** Pages of versions and aliases read at most (AWS keeps 1,000 versions and 100 aliases per machine). */
const PAGE = 1000;

/** One state machine (by its ARN) with every version, newest first, and every alias with its routing. */
export function machineDetail(service: LocalStepFunctions, stateMachineArn: string): MachineDetail {
  const machine: DescribeStateMachineOutput = service.describeStateMachine({ stateMachineArn });
  const versions: VersionView[] = [];
  for (const v of service.versions.listStateMachineVersions({ stateMachineArn, maxResults: PAGE })
    .stateMachineVersions ?? []) {
    const arn = v.stateMachineVersionArn ?? '';
    const described = service.describeStateMachine({ stateMachineArn: arn });
    const view: VersionView = {
      stateMachineVersionArn: arn,
      version: Number(arn.split(':').pop()),
      creationDate: (v.creationDate ?? new Date(0)).getTime(),
    };
    if (described.description !== undefined) view.description = described.description;
    versions.push(view);
  }
  const aliases: AliasView[] = [];
  for (const a of service.aliases.listStateMachineAliases({ stateMachineArn, maxResults: PAGE }).stateMachineAliases ??
    []) {
    const described = service.aliases.describeStateMachineAlias({ stateMachineAliasArn: a.stateMachineAliasArn });
    const view: AliasView = {
      stateMachineAliasArn: a.stateMachineAliasArn ?? '',
      name: described.name ?? '',
      creationDate: (described.creationDate ?? new Date(0)).getTime(),
      routing: (described.routingConfiguration ?? []).map((r) => ({
        stateMachineVersionArn: r.stateMachineVersionArn ?? '',
        weight: r.weight ?? 0,
      })),
    };
    if (described.description !== undefined) view.description = described.description;
    aliases.push(view);
  }
  const out: MachineDetail = {
    stateMachineArn: machine.stateMachineArn ?? stateMachineArn,
    name: machine.name ?? '',
    type: machine.type ?? 'STANDARD',
    creationDate: (machine.creationDate ?? new Date(0)).getTime(),
    definition: machine.definition ?? '{}',
    versions,
    aliases,
  };
  if (machine.revisionId !== undefined) out.revisionId = machine.revisionId;
  if (machine.description !== undefined && machine.description !== '') out.description = machine.description;
  return out;
}

/** Every activity with the tasks waiting for a worker, those workers hold, and the workers polling. */
export function activityList(service: LocalStepFunctions): ActivityView[] {
  const pending = new Map(service.activities.pendingTasks().map((p) => [p.activityArn, p]));
  const out: ActivityView[] = [];
  let nextToken: string | undefined;
  do {
    const page = service.activities.listActivities(nextToken === undefined ? {} : { nextToken });
    for (const a of page.activities ?? []) {
      const arn = a.activityArn ?? '';
      const tasks = pending.get(arn);
      out.push({
        activityArn: arn,
        name: a.name ?? '',
        creationDate: (a.creationDate ?? new Date(0)).getTime(),
        waiting: (tasks?.waiting ?? []).map(taskView),
        running: (tasks?.running ?? []).map(taskView),
        pollers: tasks?.pollers ?? 0,
      });
    }
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return out;
}

function taskView(task: {
  executionArn: string;
  stateName: string;
  scheduled: number;
  started?: number;
  workerName?: string;
}): ActivityTaskView {
  const view: ActivityTaskView = {
    executionArn: task.executionArn,
    stateName: task.stateName,
    scheduled: task.scheduled,
  };
  if (task.started !== undefined) view.started = task.started;
  if (task.workerName !== undefined) view.workerName = task.workerName;
  return view;
}
