/** The local Step Functions service, for in-process callers (the CLI, the HTTP API). */
import type { TaskRunner } from '../engine';
import { Store } from '../store/store';
import { defaultEngine } from './engine';
import { LocalStepFunctions } from './service';

export { LocalStepFunctions, type LocalStepFunctionsOptions } from './service';
export { serviceError, type ServiceError, type ServiceErrorCode } from './errors';
export type { EngineBinding, RunExecution } from './engine-binding';
export { systemClock, randomIds } from './clock';
export { Janitor, type JanitorTally } from './janitor';
export { unsupportedResourceRunner } from './task-runner';
export { defaultEngine } from './engine';
export { stateMachineArn } from './arns';
export { atLeast, formatLogRecord, type LogSink } from './execution-log';
export { loadMockConfig, parseMockConfig } from './mock-config';
export { VirtualClock } from './virtual-clock';
export { awsSdkCatalog } from './resource-catalog';
export { stateMachineNameFor } from './workflow-names';

export interface OpenOptions {
  /** Where fanout.db lives; created if missing. */
  dataDir: string;
  /** @default 'us-east-1' */
  region?: string;
  /** @default a runner that rejects every resource */
  tasks?: TaskRunner;
  log?: (line: string) => void;
}

/** Opens the data directory and returns the service running on the real engine. Call close() when done. */
export function openLocalStepFunctions(options: OpenOptions): LocalStepFunctions {
  const log = options.log;
  const store = Store.open(options.dataDir, log ? { onError: (e) => log(`history write failed: ${String(e)}`) } : {});
  return new LocalStepFunctions({
    store,
    engine: defaultEngine,
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.tasks === undefined ? {} : { tasks: options.tasks }),
    ...(log === undefined ? {} : { log }),
  });
}
