/**
 * What one TestState call asks of the engine and what it answers, in the API's own terms (API_TestState,
 * API_MockInput, API_TestStateConfiguration, API_InspectionData).
 */
import type { StateDefinition, QueryLanguage } from '../asl';
import type { Json, JsonObject } from '../json';
import type { EnginePorts } from '../ports';

export type InspectionLevel = 'INFO' | 'DEBUG' | 'TRACE';
export type TestExecutionStatus = 'SUCCEEDED' | 'FAILED' | 'RETRIABLE' | 'CAUGHT_ERROR';

export type StateMock = { result: Json; resultText: string } | { errorOutput: { error: string; cause: string } };

export interface TestStateConfiguration {
  retrierRetryCount?: number;
  errorCausedByState?: string;
  mapIterationFailureCount?: number;
  mapItemReaderData?: Json;
}

export interface TestStateParams {
  stateName: string;
  state: StateDefinition;
  /** The machine's QueryLanguage (JSONPath for a lone state). */
  queryLanguage: QueryLanguage;
  input: Json;
  variables: JsonObject;
  inspectionLevel: InspectionLevel;
  mock?: StateMock;
  /** A mocked context object, used as given. */
  context?: JsonObject;
  configuration: TestStateConfiguration;
  /** The names the tested state's default context carries. */
  executionArn: string;
  executionName: string;
  stateMachineArn: string;
  stateMachineName: string;
  roleArn: string | null;
  region: string;
}

export interface ErrorDetails {
  catchIndex?: number;
  retryIndex?: number;
  retryBackoffIntervalSeconds?: number;
}

/** Every field but the numbers and errorDetails is JSON text, as AWS sends it. */
export interface InspectionData {
  input?: string;
  afterArguments?: string;
  afterInputPath?: string;
  afterParameters?: string;
  afterItemsPath?: string;
  afterItemSelector?: string;
  afterItemBatcher?: string;
  afterItemsPointer?: string;
  result?: string;
  afterResultSelector?: string;
  afterResultPath?: string;
  variables?: string;
  maxConcurrency?: number;
  toleratedFailureCount?: number;
  toleratedFailurePercentage?: number;
  errorDetails?: ErrorDetails;
}

export interface TestStateResult {
  status: TestExecutionStatus;
  output?: string;
  error?: string;
  cause?: string;
  nextState?: string;
  inspectionData?: InspectionData;
}

/**
 * A request AWS refuses once the state's data is known (a mock that does not fit the Map's items): the runtime
 * answers it as a ValidationException.
 */
export class TestStateRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TestStateRefusal';
  }
}

export type TestStatePorts = Pick<EnginePorts, 'clock' | 'ids' | 'tasks' | 'tokens' | 'random'>;
