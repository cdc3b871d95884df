/**
 * `arn:aws:states:::ecs:runTask[.sync|.waitForTaskToken]` (spec §4.2). Request-response returns the RunTask
 * response at once, with the task PROVISIONING; `.sync` reports that response as TaskSubmitted and returns the
 * STOPPED task as DescribeTasks shows it, failing with States.TaskFailed (cause: the task JSON) unless every
 * essential container exited 0; `.waitForTaskToken` starts the task and leaves the outcome to the token.
 */
import type { Json, TaskRequest } from '../../engine';
import { StatesError } from '../../engine';
import { newTaskId } from '../arns';
import type { LocalCompute } from '../compute';
import { locationOf } from '../compute';
import { taskFailed } from '../errors';
import type { IntegrationContext, IntegrationHandler } from '../handler';
import { withSdkMetadata } from '../sdk-response';
import { launchTask } from './launch';
import { planRunTask } from './request';
import { EcsTask } from './task';

export function ecsRunTaskHandler(compute: LocalCompute): IntegrationHandler {
  return {
    resource: 'ecs:runTask',
    patterns: ['request-response', 'sync', 'waitForTaskToken'],
    run: (request, context) => runTask(compute, request, context),
  };
}

async function runTask(compute: LocalCompute, request: TaskRequest, context: IntegrationContext): Promise<Json> {
  const plan = planRunTask(request.parameters, compute.profile, compute.random);
  const startedBy = request.pattern === 'sync' ? 'AWS Step Functions' : plan.startedBy;
  const task = new EcsTask(newTaskId(), plan, locationOf(context), startedBy);

  const { total } = compute.capacity;
  if (plan.cpu > total.cpu || plan.memory > total.memory) {
    // ECS answers 200 with a Failures entry when no capacity could ever hold the task.
    const failures = [
      { Arn: task.taskDefinitionArn, Reason: plan.cpu > total.cpu ? 'RESOURCE:CPU' : 'RESOURCE:MEMORY' },
    ];
    const response = withSdkMetadata({ Failures: failures, Tasks: [] });
    if (request.pattern === 'request-response') return response;
    throw new StatesError('AmazonECS.Unknown', JSON.stringify({ Failures: failures, Tasks: [] }));
  }

  const response = withSdkMetadata({ Failures: [], Tasks: [task.describe()] });
  const stopped = launchTask(compute, task, request, context);
  if (request.pattern !== 'sync') {
    void stopped;
    return response;
  }
  request.onSubmitted?.(response);
  await stopped;
  const described = task.describe();
  if (!task.succeeded) throw taskFailed(described);
  return described;
}
