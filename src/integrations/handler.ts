/**
 * One service integration (`arn:aws:states:::<service>:<api>[.pattern]`) as the local runtime runs it. The
 * TaskRunner dispatches each Task state to the handler registered for its resource.
 */
import type { Json, TaskRequest } from '../engine';

export interface IntegrationContext {
  /** The local endpoint (what task processes get as AWS_ENDPOINT_URL, and what SDK clients to ourselves use). */
  readonly endpointUrl: string;
  readonly region: string;
  readonly accountId: string;
  /** The data directory: task logs and other files live under it. */
  readonly dataDir: string;
}

export interface IntegrationHandler {
  /** `<service>:<api>` without the pattern suffix: 'ecs:runTask', 'sqs:sendMessage', 'aws-sdk:s3:getObject'. */
  readonly resource: string;
  /** The integration patterns it supports; others are rejected with States.Runtime before anything runs. */
  readonly patterns: ReadonlyArray<TaskRequest['pattern']>;
  /**
   * Runs the request. Request-response returns the API response; `sync`/`sync:2` returns when the work has ended
   * (reporting the submit response through `request.onSubmitted`); `waitForTaskToken` only submits (the engine then
   * waits for SendTaskSuccess/Failure). Failures throw a StatesError with AWS's error name and cause.
   */
  run(request: TaskRequest, context: IntegrationContext): Promise<Json>;
}
