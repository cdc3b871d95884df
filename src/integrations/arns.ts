/**
 * ECS and Batch names as RunTask and SubmitJob accept them (a name, `name:revision`, or a full ARN) and the ARNs
 * the local runtime issues for them. Every local definition is revision 1.
 */
import { randomUUID } from 'node:crypto';

export interface Location {
  readonly region: string;
  readonly accountId: string;
}

/** `ocr`, `ocr:3`, `arn:aws:ecs:us-east-1:123456789012:task-definition/ocr:3` → `ocr`. */
export function taskDefinitionFamily(value: string): string {
  return stripRevision(resourceName(value, 'ecs', 'task-definition'));
}

/** `default` or `arn:aws:ecs:…:cluster/default` → `default`. */
export function clusterName(value: string | undefined): string {
  return value === undefined || value === '' ? 'default' : resourceName(value, 'ecs', 'cluster');
}

/** `etl`, `etl:2`, `arn:aws:batch:…:job-definition/etl:2` → `etl`. */
export function jobDefinitionName(value: string): string {
  return stripRevision(resourceName(value, 'batch', 'job-definition'));
}

/** `main` or `arn:aws:batch:…:job-queue/main` → `main`. */
export function jobQueueName(value: string): string {
  return resourceName(value, 'batch', 'job-queue');
}

export const ecsArn = {
  taskDefinition: (at: Location, family: string): string => arn(at, 'ecs', `task-definition/${family}:1`),
  cluster: (at: Location, cluster: string): string => arn(at, 'ecs', `cluster/${cluster}`),
  task: (at: Location, cluster: string, taskId: string): string => arn(at, 'ecs', `task/${cluster}/${taskId}`),
  container: (at: Location, cluster: string, taskId: string): string =>
    arn(at, 'ecs', `container/${cluster}/${taskId}/${randomUUID()}`),
};

export const batchArn = {
  job: (at: Location, jobId: string): string => arn(at, 'batch', `job/${jobId}`),
  jobQueue: (at: Location, queue: string): string => arn(at, 'batch', `job-queue/${queue}`),
  jobDefinition: (at: Location, name: string): string => arn(at, 'batch', `job-definition/${name}:1`),
};

/** An ECS task id: 32 hex digits, as ECS issues them. */
export function newTaskId(): string {
  return randomUUID().replace(/-/g, '');
}

function arn(at: Location, service: string, resource: string): string {
  return `arn:aws:${service}:${at.region}:${at.accountId}:${resource}`;
}

/** The part after `<type>/` of an ARN of that service and type, or the value itself when it is not an ARN. */
function resourceName(value: string, service: string, type: string): string {
  if (!value.startsWith('arn:')) return value;
  const parts = value.split(':');
  const resource = parts.slice(5).join(':');
  if (parts[2] !== service || !resource.startsWith(`${type}/`)) return value;
  return resource.slice(type.length + 1);
}

function stripRevision(name: string): string {
  return name.replace(/:\d+$/, '');
}
