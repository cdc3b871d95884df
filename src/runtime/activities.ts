/**
 * Activities: named task queues served by workers outside the service. CreateActivity / DescribeActivity /
 * DeleteActivity / ListActivities manage them; a Task state whose Resource is an activity ARN queues a task; a
 * worker takes it with GetActivityTask (a long poll of up to 60 s, as on AWS) and answers with
 * SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat and the task token it was given.
 */
import type {
  CreateActivityOutput,
  DescribeActivityOutput,
  GetActivityTaskOutput,
  ListActivitiesOutput,
} from '@aws-sdk/client-sfn';
import {
  type Clock,
  type Json,
  parseResource,
  StatesError,
  StatesErrorName,
  stringifyJson,
  type TaskRequest,
  type TaskRunner,
} from '../engine';
import type { Store } from '../store/store';
import { activityArn, parseActivityArn, type ServiceLocation } from './arns';
import { serviceError, activityDoesNotExist } from './errors';
import { decodePageToken, encodePageToken } from './page-tokens';
import { checkName, optionalString, pageSize, requiredString } from './requests';
import type { TagOperations } from './tags';

type Fields = Record<string, unknown>;

/** How long GetActivityTask waits for a task before answering with none (AWS: 60 s). */
export const ACTIVITY_POLL_MS = 60_000;
/** Pollers waiting on one activity at most (AWS's ActivityWorkerLimitExceeded). */
const MAX_POLLERS_PER_ACTIVITY = 1000;

/** A task waiting for a worker, or handed to one. */
export interface ActivityTask {
  taskToken: string;
  input: string;
  executionArn: string;
  stateName: string;
  /** Epoch milliseconds. */
  scheduled: number;
  /** Set when a worker took it. */
  started?: number;
  workerName?: string;
}

interface Poller {
  resolve(task: ActivityTask | undefined): void;
  workerName: string | undefined;
}

interface Queue {
  waiting: ActivityTask[];
  pollers: Poller[];
  /** Handed to a worker, not yet answered. */
  running: Map<string, ActivityTask>;
  started: Map<string, (workerName: string | undefined) => void>;
}

export class LocalActivities {
  private readonly queues = new Map<string, Queue>();

  constructor(
    private readonly store: Store,
    private readonly location: ServiceLocation,
    private readonly clock: Clock,
    private readonly tags: TagOperations,
  ) {}

  createActivity(fields: Fields): CreateActivityOutput {
    const name = checkName(requiredString(fields, 'name'));
    const tags = this.tags.parseTags(fields['tags']);
    const arn = activityArn(this.location, name);
    // Creating an activity that exists answers the existing one (CreateActivity is idempotent).
    const activity = this.store.activities.get(name) ?? this.store.activities.create(name, this.clock.now());
    if (tags.length > 0) this.tags.tag(arn, tags);
    return { activityArn: arn, creationDate: new Date(activity.created) };
  }

  describeActivity(fields: Fields): DescribeActivityOutput {
    const arn = requiredString(fields, 'activityArn', 256);
    const name = parseActivityArn(this.location, arn);
    const activity = name === undefined ? undefined : this.store.activities.get(name);
    if (!activity) throw activityDoesNotExist(arn);
    return {
      activityArn: arn,
      name: activity.name,
      creationDate: new Date(activity.created),
      encryptionConfiguration: { type: 'AWS_OWNED_KEY' },
    };
  }

  /** Deleting an activity that does not exist succeeds, as on AWS. Tasks already queued stay until they end. */
  deleteActivity(fields: Fields): Record<string, never> {
    const arn = requiredString(fields, 'activityArn', 256);
    const name = parseActivityArn(this.location, arn);
    if (name !== undefined && this.store.activities.get(name)) {
      this.store.activities.delete(name);
      this.tags.forget(arn);
      for (const poller of this.queues.get(name)?.pollers.splice(0) ?? []) poller.resolve(undefined);
    }
    return {};
  }

  listActivities(fields: Fields): ListActivitiesOutput {
    const limit = pageSize(fields);
    const after = decodePageToken(optionalString(fields, 'nextToken'), 'activities', 1024);
    const page = this.store.activities.list(after, limit);
    const output: ListActivitiesOutput = {
      activities: page.items.map((a) => ({
        activityArn: activityArn(this.location, a.name),
        name: a.name,
        creationDate: new Date(a.created),
      })),
    };
    if (page.nextKey !== undefined) output.nextToken = encodePageToken('activities', page.nextKey);
    return output;
  }

  /**
   * Hands the oldest waiting task to the worker, waiting up to `pollMs` for one; `{}` (no token) when none
   * came. A worker that hangs up (`signal`) while waiting takes nothing.
   */
  async getActivityTask(
    fields: Fields,
    signal?: AbortSignal,
    pollMs = ACTIVITY_POLL_MS,
  ): Promise<GetActivityTaskOutput> {
    const arn = requiredString(fields, 'activityArn', 256);
    const workerName = optionalString(fields, 'workerName', 80);
    const name = parseActivityArn(this.location, arn);
    if (name === undefined || !this.store.activities.get(name)) throw activityDoesNotExist(arn);
    const queue = this.queue(name);
    const ready = queue.waiting.shift();
    const task =
      ready !== undefined ? this.start(queue, ready, workerName) : await this.poll(queue, workerName, signal, pollMs);
    return task === undefined ? {} : { taskToken: task.taskToken, input: task.input };
  }

  /** Tasks waiting for a worker and tasks workers hold, per activity ARN (for `fanout activities`). */
  pendingTasks(): { activityArn: string; waiting: ActivityTask[]; running: ActivityTask[]; pollers: number }[] {
    return [...this.queues.entries()]
      .filter(([, q]) => q.waiting.length > 0 || q.running.size > 0 || q.pollers.length > 0)
      .map(([name, q]) => ({
        activityArn: activityArn(this.location, name),
        waiting: [...q.waiting],
        running: [...q.running.values()],
        pollers: q.pollers.length,
      }));
  }

  /**
   * Wraps a TaskRunner so Task states whose Resource is an activity ARN queue an activity task; everything
   * else goes to `next`.
   */
  runner(next: TaskRunner): TaskRunner {
    return {
      run: (request) =>
        parseResource(request.resource).resourceType === 'activity' ? this.schedule(request) : next.run(request),
    };
  }

  /** Stops every poll (the service is closing): each answers with no task. */
  close(): void {
    for (const queue of this.queues.values()) for (const poller of queue.pollers.splice(0)) poller.resolve(undefined);
  }

  private schedule(request: TaskRequest): Promise<Json> {
    const name = activityNameOf(request.resource);
    if (name === undefined || !this.store.activities.get(name) || request.taskToken === undefined) {
      return Promise.reject(
        new StatesError(
          StatesErrorName.Runtime,
          `The activity '${request.resource}' does not exist (state '${request.stateName}').`,
        ),
      );
    }
    const queue = this.queue(name);
    const task: ActivityTask = {
      taskToken: request.taskToken,
      input: stringifyJson(request.parameters),
      executionArn: request.executionArn,
      stateName: request.stateName,
      scheduled: this.clock.now(),
    };
    if (request.onActivityStarted) queue.started.set(task.taskToken, request.onActivityStarted);
    // The state ended (answered, timed out, stopped): the task leaves the queue, or the worker's hands.
    request.signal.addEventListener('abort', () => this.forget(queue, task.taskToken), { once: true });
    const poller = queue.pollers.shift();
    if (poller) poller.resolve(this.start(queue, task, poller.workerName));
    else queue.waiting.push(task);
    // Queued: the engine now waits on the task token, as for .waitForTaskToken.
    return Promise.resolve(null);
  }

  /** Called by the engine's token broker when a token is answered, so the task is no longer shown as held. */
  settled(taskToken: string): void {
    for (const queue of this.queues.values()) this.forget(queue, taskToken);
  }

  private start(queue: Queue, task: ActivityTask, workerName: string | undefined): ActivityTask {
    task.started = this.clock.now();
    if (workerName !== undefined) task.workerName = workerName;
    queue.running.set(task.taskToken, task);
    queue.started.get(task.taskToken)?.(workerName);
    return task;
  }

  private poll(
    queue: Queue,
    workerName: string | undefined,
    signal: AbortSignal | undefined,
    pollMs: number,
  ): Promise<ActivityTask | undefined> {
    if (queue.pollers.length >= MAX_POLLERS_PER_ACTIVITY) {
      throw serviceError(
        'ActivityWorkerLimitExceeded',
        `The maximum number of workers (${MAX_POLLERS_PER_ACTIVITY}) are concurrently polling this activity.`,
      );
    }
    if (signal?.aborted) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const leave = (): void => {
        const index = queue.pollers.indexOf(poller);
        if (index >= 0) queue.pollers.splice(index, 1);
        poller.resolve(undefined);
      };
      const timer = setTimeout(leave, pollMs);
      const poller: Poller = {
        workerName,
        resolve: (task) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', leave);
          resolve(task);
        },
      };
      signal?.addEventListener('abort', leave, { once: true });
      queue.pollers.push(poller);
    });
  }

  private forget(queue: Queue, taskToken: string): void {
    const index = queue.waiting.findIndex((t) => t.taskToken === taskToken);
    if (index >= 0) queue.waiting.splice(index, 1);
    queue.running.delete(taskToken);
    queue.started.delete(taskToken);
  }

  private queue(name: string): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = { waiting: [], pollers: [], running: new Map(), started: new Map() };
      this.queues.set(name, queue);
    }
    return queue;
  }
}

/** `arn:aws:states:REGION:ACCOUNT:activity:NAME` → NAME. */
function activityNameOf(resource: string): string | undefined {
  const parts = resource.split(':');
  return parts[2] === 'states' && parts[5] === 'activity' && parts.length === 7 ? parts[6] : undefined;
}
