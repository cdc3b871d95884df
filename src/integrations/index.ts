/**
 * The local integrations: the TaskRunner the server uses, the profile it reads, and what the CLI needs for
 * `fanout logs`. Everything outside src/integrations imports from here.
 */
export { localTaskRunner, integrationKey, type LocalTaskRunner, type LocalTaskRunnerOptions } from './runner';
export {
  loadProfile,
  compileProfile,
  machineCapacity,
  applySubstitutions,
  DEFAULT_PROFILE_FILE,
  type Profile,
  type Substitutions,
  type TaskDefinition,
  type JobDefinition,
  type Capacity,
} from './profile';
export { unmappedStates, type UnmappedState } from './local-coverage';
export { parseChaos, type ChaosOptions } from './chaos';
export { ConfigError, isConfigError } from './errors';
export { readLogIndex, logsFor, stateLogTails, type LogRecord, type TaskLogTail } from './logs';
export type { IntegrationContext, IntegrationHandler } from './handler';
export { substitute } from './substitutions';
export type { LocalLambda } from './lambda/local-lambda';
export { parseFunctionName } from './lambda/function-name';
export { FunctionVersionTables } from './lambda/version-tables';
export type { FunctionVersionView, AliasInput } from './lambda/function-versions';
export type { FunctionAliasRecord } from './lambda/versions';
export { readLogTail } from './lambda/log-tail';
export { isAlive, recordedLiveProcesses, stopOrphans } from './orphans';
export { LOCK_FILE, lockDataDir } from './orphans-lock';
