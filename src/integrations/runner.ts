/**
 * The local TaskRunner: dispatches each Task state to the integration registered for its resource
 * (`ecs:runTask`, `batch:submitJob`, the messaging handlers, …). An unknown resource or a pattern the
 * integration does not offer fails with States.Runtime naming it, before anything runs.
 */
import type { Json, TaskRequest, TaskRunner } from '../engine';
import { StatesError, StatesErrorName } from '../engine';
import { batchSubmitJobHandler } from './batch/submit-job';
import type { ChaosOptions } from './chaos';
import { LocalCompute } from './compute';
import { ecsRunTaskHandler } from './ecs/run-task';
import type { IntegrationContext, IntegrationHandler } from './handler';
import { lambdaHandlers, LEGACY_LAMBDA_RESOURCE } from './lambda/handlers';
import { LocalLambda } from './lambda/local-lambda';
import type { FunctionVersionStore } from './lambda/versions';
import { messagingHandlers } from './messaging';
import type { Profile } from './profile';

export interface LocalTaskRunnerOptions {
  readonly profile: Profile;
  /** Called when a task runs, so the endpoint URL may be known only after the server listens. */
  context(): IntegrationContext;
  /** More integrations; they take precedence over the built-in ones for the same resource. */
  readonly extraHandlers?: readonly IntegrationHandler[];
  /** @default no chaos */
  readonly chaos?: ChaosOptions;
  /** Operational lines (task start failures, interruptions, retries). @default discard */
  readonly log?: (line: string) => void;
  /** Where Lambda versions and aliases are kept (read once the first invocation needs them). @default in memory */
  readonly lambdaVersions?: () => FunctionVersionStore;
}

export interface LocalTaskRunner extends TaskRunner {
  /** The shared capacity, logs and processes: for tests and benchmarks. */
  readonly compute: LocalCompute;
  /** The profile's Lambda functions, also reached through the endpoint's Lambda Invoke API. */
  readonly lambda: LocalLambda;
  /** Stops every task process (SIGTERM, then SIGKILL after 2 s); resolves when none is left. */
  close(): Promise<void>;
}

export function localTaskRunner(options: LocalTaskRunnerOptions): LocalTaskRunner {
  const compute = new LocalCompute(options.profile, options.chaos ?? {}, options.log);
  const lambda = new LocalLambda(
    options.profile.functions,
    () => options.context(),
    () => compute.logs(options.context()),
    options.log,
    options.lambdaVersions,
  );
  const handlers = integrationHandlers(compute, lambda, options.extraHandlers);

  return {
    compute,
    lambda,
    close: () => {
      lambda.close();
      return compute.close();
    },
    run(request: TaskRequest): Promise<Json> {
      const key = integrationKey(request.resource);
      const handler = key === undefined ? undefined : handlers.get(key);
      if (handler === undefined) {
        return Promise.reject(
          new StatesError(
            StatesErrorName.Runtime,
            `The resource '${request.resource}' is not supported by the local runtime (state '${request.stateName}'). Supported: ${[...handlers.keys()].sort().join(', ')}.`,
          ),
        );
      }
      if (!handler.patterns.includes(request.pattern)) {
        return Promise.reject(
          new StatesError(
            StatesErrorName.Runtime,
            `The resource '${request.resource}' (state '${request.stateName}') does not support the ${request.pattern} integration pattern; ${handler.resource} supports: ${handler.patterns.join(', ')}.`,
          ),
        );
      }
      try {
        return handler.run(request, options.context());
      } catch (e) {
        return Promise.reject(e instanceof Error ? e : new Error(String(e)));
      }
    },
  };
}

/** Every integration the local runtime runs, by resource (`ecs:runTask`, …); `extra` ones take precedence. */
export function integrationHandlers(
  compute: LocalCompute,
  lambda: LocalLambda,
  extra: readonly IntegrationHandler[] = [],
): Map<string, IntegrationHandler> {
  const handlers = new Map<string, IntegrationHandler>();
  for (const h of [
    ecsRunTaskHandler(compute),
    batchSubmitJobHandler(compute),
    ...messagingHandlers(),
    ...lambdaHandlers(lambda),
    ...extra,
  ]) {
    handlers.set(h.resource, h);
  }
  return handlers;
}

/**
 * `arn:aws:states:::ecs:runTask.sync` → `ecs:runTask`; `arn:aws:states:::aws-sdk:s3:getObject` →
 * `aws-sdk:s3:getObject`; a function ARN `arn:aws:lambda:…:function:NAME` → `lambda:function`. Undefined for
 * anything else.
 */
export function integrationKey(resource: string): string | undefined {
  if (/^arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:[^:]+(:[^:]+)?$/.test(resource)) return LEGACY_LAMBDA_RESOURCE;
  const prefix = /^arn:aws[a-z-]*:states:::/.exec(resource);
  if (prefix === null) return undefined;
  const rest = resource.slice(prefix[0].length).replace(/\.(sync(:2)?|waitForTaskToken)$/, '');
  return rest === '' ? undefined : rest;
}
