/**
 * The engine's public surface. Everything outside src/engine imports from here.
 */
export { runExecution, MAX_PAYLOAD_BYTES } from './interpreter';
export type { ExecutionOutcome, ExecutionParams, ExecutionStatus, RunExecutionOptions, StopReason } from './execution';
export type { HistoryEvent, HistoryEventType, NewHistoryEvent } from './events';
export type { Clock, EnginePorts, EventSink, IdGenerator, TaskRequest, TaskRunner, TaskTokenBroker } from './ports';
export type { StateMachineDefinition, StateDefinition, QueryLanguage } from './asl';
export { isJsonObject, stringifyJson, type Json, type JsonObject } from './json';
export { queryPath } from './jsonpath';
export { StatesError, StatesErrorName, isStatesError, DataLimitExceededError } from './errors';
export { Halt } from './abort';
export { validateDefinition, invalidDefinitionMessage } from './validation';
export { variableReferences } from './validation/variable-references';
export type { Diagnostic, ValidationResult } from './validation';
export type { DistributedMapPort, DistributedMapRequest, ItemBatcherRequest, ItemReaderRequest } from './map-port';
export type { MapItemContext } from './context';
export { parseResource } from './resource';
export type { ResourceCatalog } from './validation/resource';
export { redrivePoint } from './redrive';
export { eachBounded, forEachBounded } from './bounded';
export {
  testState,
  TestStateRefusal,
  type StateMock,
  type TestStateConfiguration,
  type TestStatePorts,
  type TestStateResult,
} from './test-state';
