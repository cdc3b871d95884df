/**
 * The engine's public surface. Everything outside src/engine imports from here.
 */
export { runExecution, MAX_PAYLOAD_BYTES } from './interpreter';
export type { ExecutionOutcome, ExecutionParams, ExecutionStatus, RunExecutionOptions, StopReason } from './execution';
export type { HistoryEvent, HistoryEventType } from './events';
export type { Clock, EnginePorts, EventSink, IdGenerator, TaskRequest, TaskRunner, TaskTokenBroker } from './ports';
export type { StateMachineDefinition, StateDefinition, QueryLanguage } from './asl';
export type { Json, JsonObject } from './json';
export { StatesError, StatesErrorName, isStatesError, DataLimitExceededError } from './errors';
export { Halt } from './abort';
export { validateDefinition, invalidDefinitionMessage } from './validation';
export { variableReferences } from './validation/variable-references';
export type { Diagnostic, ValidationResult } from './validation';
export type { DistributedMapPort, DistributedMapRequest } from './map-port';
