/**
 * Running one Batch job locally: a single job, or an array job's N children (each its own process with
 * AWS_BATCH_JOB_ARRAY_INDEX), each through its attempts (RetryStrategy), waiting in RUNNABLE for capacity,
 * stopped after Timeout.AttemptDurationSeconds or when Step Functions terminates the job. Never rejects.
 */
import type { TaskRequest } from '../../engine';
import { newTaskId } from '../arns';
import { CapacityExceededError } from '../capacity';
import type { LocalCompute } from '../compute';
import { locationOf } from '../compute';
import { baseEnvironment } from '../environment';
import type { IntegrationContext } from '../handler';
import { processJournal } from '../orphans';
import { ContainerProcess } from '../process/container-process';
import type { ProcessExit } from '../process/container-process';
import { BatchJob } from './job';
import type { Attempt } from './job';
import { shouldRetry } from './retry-strategy';

const EXITED_REASON = 'Essential container in task exited';
const TIMEOUT_REASON = 'Job attempt duration exceeded timeout';

export interface JobRun {
  readonly compute: LocalCompute;
  readonly request: TaskRequest;
  readonly context: IntegrationContext;
  /** Aborted when Step Functions gives up on the job; its reason is the termination reason text. */
  readonly terminate: AbortSignal;
}

export async function runBatchJob(run: JobRun, job: BatchJob): Promise<void> {
  job.status = 'PENDING';
  const size = job.plan.arraySize;
  if (size === undefined) {
    await runAttempts(run, job, undefined);
    return;
  }
  const at = locationOf(run.context);
  for (let i = 0; i < size; i++) job.children.push(new BatchJob(`${job.id}:${i}`, job.plan, at, i));
  // Every child queues for capacity at once, in index order; the capacity pool bounds how many run.
  await Promise.all(job.children.map((child) => runAttempts(run, child, job)));
  const failed = job.children.filter((c) => c.status === 'FAILED').length;
  if (failed === 0) job.finish('SUCCEEDED');
  else job.finish('FAILED', `${failed} of ${size} child jobs failed`);
}

async function runAttempts(run: JobRun, job: BatchJob, parent: BatchJob | undefined): Promise<void> {
  const { plan } = job;
  const demand = { cpu: Math.ceil(plan.vcpus * 1024), memory: plan.memory };
  for (let attempt = 1; attempt <= plan.attempts; attempt++) {
    if (run.terminate.aborted) break;
    job.status = 'RUNNABLE';
    let lease;
    try {
      lease = await run.compute.capacity.acquire(demand, run.terminate);
    } catch (e) {
      if (e instanceof CapacityExceededError) {
        // On AWS the job would sit in RUNNABLE forever; here it fails so nothing hangs.
        job.finish('FAILED', `The job ${e.message}: it can never be placed (AWS would leave it RUNNABLE).`);
        return;
      }
      break;
    }
    let record: Attempt;
    let exit: ProcessExit;
    try {
      if (run.compute.closed) break;
      job.status = 'STARTING';
      ({ record, exit } = await runOneAttempt(run, job, parent, attempt));
    } finally {
      lease.release();
    }
    if (exit.exitCode === 0 && record.statusReason === EXITED_REASON) {
      job.finish('SUCCEEDED', EXITED_REASON);
      return;
    }
    if (run.terminate.aborted) break;
    const retry =
      attempt < plan.attempts &&
      shouldRetry(plan.evaluateOnExit, {
        exitCode: exit.exitCode,
        reason: record.reason,
        statusReason: record.statusReason ?? '',
      });
    if (!retry) {
      job.finish('FAILED', record.statusReason);
      return;
    }
    run.compute.log(`batch: job ${job.id} attempt ${attempt} failed (${record.statusReason ?? ''}); retrying`);
  }
  job.finish('FAILED', terminationReason(run));
}

async function runOneAttempt(
  run: JobRun,
  job: BatchJob,
  parent: BatchJob | undefined,
  attempt: number,
): Promise<{ record: Attempt; exit: ProcessExit }> {
  const { compute, request, context } = run;
  const { plan } = job;
  const taskId = newTaskId();
  const log = compute.logs(context).open(
    {
      arn: job.arn,
      ...(parent !== undefined ? { parentArn: parent.arn } : {}),
      executionArn: request.executionArn,
      stateName: request.stateName,
      attempt,
    },
    `${job.id}-attempt${attempt}`,
  );
  const env = {
    ...baseEnvironment(context),
    ...plan.environment,
    AWS_BATCH_JOB_ID: job.id,
    AWS_BATCH_JOB_ATTEMPT: String(attempt),
    AWS_BATCH_JQ_NAME: plan.queue,
    AWS_BATCH_CE_NAME: 'local',
    ...(job.arrayIndex !== undefined ? { AWS_BATCH_JOB_ARRAY_INDEX: String(job.arrayIndex) } : {}),
  };
  const record: Attempt = { startedAt: Date.now(), logStreamName: `${plan.definition.name}/default/${taskId}` };
  job.attempts.push(record);
  let process: ContainerProcess;
  try {
    process = new ContainerProcess({
      command: plan.argv,
      env,
      cwd: compute.profile.root,
      output: log.stream,
      journal: processJournal(context.dataDir, {
        arn: job.arn,
        executionArn: request.executionArn,
        stateName: request.stateName,
      }),
    });
  } catch (e) {
    return failedToStart(record, log, e instanceof Error ? e.message : String(e));
  }
  compute.track(process);
  if (process.pid === undefined) {
    const exit = await process.exited;
    return failedToStart(record, log, exit.startError ?? 'the command could not be started');
  }

  job.status = 'RUNNING';
  job.startedAt ??= record.startedAt;
  if (parent !== undefined) {
    parent.status = 'RUNNING';
    parent.startedAt ??= record.startedAt;
  }
  let stopReason: string | undefined;
  const stop = (reason: string): void => {
    stopReason ??= reason;
    process.stop(plan.definition.stopTimeout);
  };
  const onTerminate = (): void => stop(terminationReason(run));
  run.terminate.addEventListener('abort', onTerminate, { once: true });
  if (run.terminate.aborted) onTerminate();
  const seconds = plan.attemptDurationSeconds;
  const timer = seconds === undefined ? undefined : setTimeout(() => stop(TIMEOUT_REASON), seconds * 1000);
  const exit = await process.exited;
  if (timer !== undefined) clearTimeout(timer);
  run.terminate.removeEventListener('abort', onTerminate);
  record.stoppedAt = Date.now();
  record.exitCode = exit.exitCode;
  record.statusReason = stopReason ?? EXITED_REASON;
  await log.close(exit.exitCode);
  return { record, exit };
}

async function failedToStart(
  record: Attempt,
  log: { stream: NodeJS.WritableStream; close(exitCode: number | null): Promise<void> },
  message: string,
): Promise<{ record: Attempt; exit: ProcessExit }> {
  record.stoppedAt = Date.now();
  record.reason = `CannotStartContainerError: ${message}`;
  record.statusReason = 'Task failed to start';
  log.stream.write(`fanout: ${record.reason}\n`);
  await log.close(null);
  return { record, exit: { exitCode: null, startError: message } };
}

function terminationReason(run: JobRun): string {
  const reason: unknown = run.terminate.reason;
  return typeof reason === 'string' ? reason : 'Job terminated by AWS Step Functions';
}
