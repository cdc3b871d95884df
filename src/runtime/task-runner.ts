import { type Json, StatesError, StatesErrorName, type TaskRequest, type TaskRunner } from '../engine';

/**
 * The task runner used when no integration claims a resource. It fails the execution with States.Runtime
 * (which no Retry or Catch hides) and names the resource, so a missing local integration is obvious.
 */
export const unsupportedResourceRunner: TaskRunner = {
  run(request: TaskRequest): Promise<Json> {
    return Promise.reject(
      new StatesError(
        StatesErrorName.Runtime,
        `The resource '${request.resource}' is not supported by the local runtime (state '${request.stateName}').`,
      ),
    );
  },
};
