/**
 * `arn:aws:states:::batch:submitJob[.sync]` (spec §4.3). Request-response returns SubmitJob's response at once;
 * `.sync` reports it as TaskSubmitted and returns DescribeJobs `jobs[0]` once the job has ended. A FAILED job
 * fails the state with States.TaskFailed and the job as JSON as the cause: AWS does not document the error,
 * so this follows the ECS integration (docs/integrations.md).
 */
import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import type { Json, TaskRequest } from '../../engine';
import { abortReasonText } from '../abort-reason';
import type { LocalCompute } from '../compute';
import { locationOf } from '../compute';
import { taskFailed } from '../errors';
import type { IntegrationContext, IntegrationHandler } from '../handler';
import { CONTENT_TYPES, withSdkMetadata } from '../sdk-response';
import { BatchJob } from './job';
import { planSubmitJob } from './request';
import { runBatchJob } from './run-job';

export function batchSubmitJobHandler(compute: LocalCompute): IntegrationHandler {
  return {
    resource: 'batch:submitJob',
    patterns: ['request-response', 'sync'],
    run: (request, context) => submitJob(compute, request, context),
  };
}

async function submitJob(compute: LocalCompute, request: TaskRequest, context: IntegrationContext): Promise<Json> {
  const plan = planSubmitJob(request.parameters, compute.profile);
  const job = new BatchJob(randomUUID(), plan, locationOf(context));
  const response = withSdkMetadata(
    { JobArn: job.arn, JobId: job.id, JobName: plan.jobName },
    { contentType: CONTENT_TYPES.restJson },
  );
  const terminate = new AbortController();
  // Each child of an array job (up to 10,000) listens while it waits and runs; the default cap of 10 would warn.
  setMaxListeners(0, terminate.signal);
  // Only a `.sync` job is Step Functions' to cancel; a submitted job outlives its state, as on AWS.
  const onAbort = (): void =>
    terminate.abort(`Job terminated by AWS Step Functions: ${abortReasonText(request.signal.reason)}`);
  if (request.pattern === 'sync') {
    if (request.signal.aborted) onAbort();
    else request.signal.addEventListener('abort', onAbort, { once: true });
  }
  const done = runBatchJob({ compute, request, context, terminate: terminate.signal }, job).finally(() =>
    request.signal.removeEventListener('abort', onAbort),
  );
  if (request.pattern !== 'sync') {
    void done;
    return response;
  }
  request.onSubmitted?.(response);
  await done;
  const described = job.describe();
  if (job.status !== 'SUCCEEDED') throw taskFailed(described);
  return described;
}
