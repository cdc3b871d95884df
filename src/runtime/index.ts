/** The local Step Functions service, for in-process callers (the CLI, the HTTP API). */

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
