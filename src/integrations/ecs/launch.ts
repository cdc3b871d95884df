/**
 * Running one ECS task locally: wait for capacity (PROVISIONING), start each container as a process (PENDING →
 * RUNNING), stop the task when an essential container exits, when Step Functions stops it (the request's
 * signal: state timeout, execution stopped, a Map sibling failed) or when chaos reclaims its Spot capacity.
 * Resolves once every process has exited and the task is STOPPED; never rejects.
 */
import type { TaskRequest } from '../../engine';
import { abortReasonText } from '../abort-reason';
import type { LocalCompute } from '../compute';
import { baseEnvironment } from '../environment';
import type { IntegrationContext } from '../handler';
import { processJournal } from '../orphans';
import { ContainerProcess } from '../process/container-process';
import type { EcsTask, StopCode } from './task';

export const SPOT_INTERRUPTION_REASON = 'Your Spot Task was interrupted.';
const ESSENTIAL_EXITED_REASON = 'Essential container in task exited';

export async function launchTask(
  compute: LocalCompute,
  task: EcsTask,
  request: TaskRequest,
  context: IntegrationContext,
): Promise<void> {
  const { plan } = task;
  const family = plan.definition.family;
  const cancel = new AbortController();
  const processes: ContainerProcess[] = [];
  const stop = (code: StopCode, reason: string): void => {
    if (!task.stopping(code, reason)) return;
    if (code !== 'EssentialContainerExited') compute.log(`ecs: task ${task.id} (${family}) stopping: ${reason}`);
    cancel.abort();
    for (const p of processes) p.stop(plan.definition.stopTimeout);
  };
  const onAbort = (): void =>
    stop('UserInitiated', `Task stopped by AWS Step Functions: ${abortReasonText(request.signal.reason)}`);
  // A request-response task outlives its state, as on AWS; `.sync` and token tasks are stopped with it.
  const linked = request.pattern !== 'request-response';
  if (linked && request.signal.aborted) onAbort();
  else if (linked) request.signal.addEventListener('abort', onAbort, { once: true });

  try {
    let lease;
    try {
      lease = await compute.capacity.acquire({ cpu: plan.cpu, memory: plan.memory }, cancel.signal);
    } catch {
      // Stopped while it waited for capacity: it never ran.
      markStopped(task);
      return;
    }
    try {
      if (compute.closed) stop('UserInitiated', 'Task stopped: the local service shut down.');
      if (task.stopCode !== undefined) {
        markStopped(task);
        return;
      }
      task.setStatus('PENDING');
      try {
        await runContainers(compute, task, request, context, processes, stop);
      } catch (e) {
        // The log directory or spawn itself failed: the task could not start.
        for (const p of processes) p.kill();
        await Promise.all(processes.map((p) => p.exited));
        stop('TaskFailedToStart', `CannotStartContainerError: ${e instanceof Error ? e.message : String(e)}`);
        markStopped(task);
      }
    } finally {
      lease.release();
    }
  } finally {
    request.signal.removeEventListener('abort', onAbort);
  }
}

async function runContainers(
  compute: LocalCompute,
  task: EcsTask,
  request: TaskRequest,
  context: IntegrationContext,
  processes: ContainerProcess[],
  stop: (code: StopCode, reason: string) => void,
): Promise<void> {
  const { plan } = task;
  const family = plan.definition.family;
  const log = compute
    .logs(context)
    .open({ arn: task.arn, executionArn: request.executionArn, stateName: request.stateName, attempt: 1 }, task.id);
  const several = plan.containers.length > 1;
  const base = baseEnvironment(context);
  const journal = processJournal(context.dataDir, {
    arn: task.arn,
    executionArn: request.executionArn,
    stateName: request.stateName,
  });
  for (const c of plan.containers) {
    const env = {
      ...base,
      AWS_EXECUTION_ENV: 'AWS_ECS_FARGATE',
      ...c.environment,
      FANOUT_TASK_ARN: task.arn,
      FANOUT_TASK_FAMILY: family,
      FANOUT_CLUSTER_ARN: task.clusterArn,
      FANOUT_CONTAINER_NAME: c.name,
    };
    const p = new ContainerProcess({
      command: c.argv,
      env,
      cwd: compute.profile.root,
      output: log.stream,
      journal,
      ...(several ? { linePrefix: `[${c.name}] ` } : {}),
    });
    compute.track(p);
    processes.push(p);
  }

  const failed = processes.findIndex((p) => p.pid === undefined);
  if (failed >= 0) {
    // ECS starts no container of a task that cannot start one of them.
    for (const p of processes) p.kill();
    const exits = await Promise.all(processes.map((p) => p.exited));
    const reason = `CannotStartContainerError: ${exits[failed]?.startError ?? 'the command could not be started'}`;
    task.containers.forEach((c, i) => {
      c.lastStatus = 'STOPPED';
      if (i === failed) c.reason = reason;
    });
    log.stream.write(`fanout: ${reason} (command: ${JSON.stringify(plan.containers[failed]?.argv)})\n`);
    stop('TaskFailedToStart', reason);
    markStopped(task);
    await log.close(null);
    compute.log(`ecs: task ${task.id} (${family}) failed to start: ${reason}`);
    return;
  }

  task.setStatus('RUNNING');
  for (const c of task.containers) c.lastStatus = 'RUNNING';
  const delay = task.spot ? compute.chaos.interruptionDelay(family) : undefined;
  const chaosTimer =
    delay === undefined ? undefined : setTimeout(() => stop('SpotInterruption', SPOT_INTERRUPTION_REASON), delay);
  await Promise.all(
    processes.map(async (p, i) => {
      const exit = await p.exited;
      const container = task.containers[i];
      if (container === undefined) return;
      container.exitCode = exit.exitCode;
      container.lastStatus = 'STOPPED';
      if (container.essential) stop('EssentialContainerExited', ESSENTIAL_EXITED_REASON);
    }),
  );
  if (chaosTimer !== undefined) clearTimeout(chaosTimer);
  if (task.stopCode === 'EssentialContainerExited' && task.startedAt !== undefined) {
    compute.chaos.observe(family, Date.now() - task.startedAt);
  }
  task.setStatus('STOPPED');
  const essential = task.containers.find((c) => c.essential);
  await log.close(essential?.exitCode ?? null);
}

function markStopped(task: EcsTask): void {
  for (const c of task.containers) c.lastStatus = 'STOPPED';
  task.setStatus('STOPPED');
}
