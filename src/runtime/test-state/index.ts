/**
 * The TestState operation: the request checked as AWS checks it, the tested state run once by the engine with its
 * mock, context and configuration, and the answer in the API's shape.
 */
import type { TestStateInput } from '@aws-sdk/client-sfn';
import {
  isJsonObject,
  type Json,
  type StateMock,
  testState,
  type TestStateConfiguration,
  type TestStatePorts,
  TestStateRefusal,
  type TestStateResult,
} from '../../engine';
import type { ServiceLocation } from '../arns';
import type { EngineBinding } from '../engine-binding';
import { serviceError, type ServiceError, invalidExecutionInput } from '../errors';
import { describeJsonError } from '../json-input';
import { optionalBoolean, optionalEnum, optionalString, requiredString, type Request } from '../requests';
import { parseContextObject } from './context-object';
import { testedState } from './definition';
import { checkMockResult, type FieldValidationMode } from './mock-result';

export interface TestStateDeps {
  engine: EngineBinding;
  location: ServiceLocation;
  ports: TestStatePorts;
}

const MAX_DEFINITION_LENGTH = 1024 * 1024;
/** States whose result is never a service call's: AWS refuses a mock for them. */
const UNMOCKABLE = new Set(['Pass', 'Succeed', 'Choice', 'Wait', 'Fail']);

export async function runTestState(deps: TestStateDeps, input: Request<TestStateInput>): Promise<TestStateResult> {
  const definition = requiredString(input, 'definition', MAX_DEFINITION_LENGTH);
  const roleArn = optionalString(input, 'roleArn', 2048);
  const stateInput = parseJson(optionalString(input, 'input') ?? '{}', 'input');
  const inspectionLevel = optionalEnum(input, 'inspectionLevel', ['INFO', 'DEBUG', 'TRACE'] as const) ?? 'INFO';
  optionalBoolean(input, 'revealSecrets');
  const variablesText = optionalString(input, 'variables');
  const stateName = optionalString(input, 'stateName');
  const contextText = optionalString(input, 'context');
  const mockInput = objectField(input, 'mock');
  const configuration = parseConfiguration(objectField(input, 'stateConfiguration'));

  if (mockInput?.['result'] !== undefined && mockInput['errorOutput'] !== undefined) {
    throw refuse('A test mock should have only one of the following fields: [result, errorOutput].');
  }
  const tested = testedState(definition, stateName, deps.engine);
  const type = tested.state.Type;
  if (mockInput !== undefined && UNMOCKABLE.has(type)) {
    throw refuse(`State type '${type}' is not supported when a mock is specified`);
  }
  if (mockInput === undefined && configuration.mapIterationFailureCount !== undefined) {
    throw refuse('TestState does not support MapIterationFailureCount when a mock is not specified.');
  }
  if (mockInput === undefined && (type === 'Map' || type === 'Parallel')) {
    throw serviceError(
      'InvalidDefinition',
      'TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]',
    );
  }
  if (mockInput === undefined && type === 'Task' && roleArn === undefined) {
    throw refuse('A roleArn is required to test a Task state without a mock.');
  }
  const context = contextText === undefined ? undefined : parseContextObject(contextText);
  const mock = mockInput === undefined ? undefined : parseMock(mockInput, tested.state.Resource);
  const variables = variablesText === undefined ? {} : parseJson(variablesText, 'variables');
  if (!isJsonObject(variables)) throw refuse('variables must be a JSON object');

  const { location, ports } = deps;
  const machineName = ports.ids.uuid();
  const executionName = ports.ids.uuid();
  const at = `arn:${location.partition}:states:${location.region}:${location.accountId}`;
  try {
    return await testState(
      {
        stateName: tested.name,
        state: tested.state,
        queryLanguage: tested.queryLanguage,
        input: stateInput,
        variables,
        inspectionLevel,
        ...(mock !== undefined ? { mock } : {}),
        ...(context !== undefined ? { context } : {}),
        configuration,
        executionArn: `${at}:express:${machineName}:${executionName}`,
        executionName,
        stateMachineArn: `${at}:stateMachine:${machineName}`,
        stateMachineName: machineName,
        roleArn: roleArn ?? null,
        region: location.region,
      },
      ports,
    );
  } catch (e) {
    if (e instanceof TestStateRefusal) throw refuse(e.message);
    throw e;
  }
}

function parseMock(mock: Record<string, unknown>, resource: string | undefined): StateMock {
  const errorOutput = mock['errorOutput'];
  if (errorOutput !== undefined) {
    if (!isRecord(errorOutput)) throw refuse('mock.errorOutput must be an object with error and cause');
    const error = optionalString(errorOutput, 'error') ?? '';
    const cause = optionalString(errorOutput, 'cause') ?? '';
    return { errorOutput: { error, cause } };
  }
  const resultText = optionalString(mock, 'result');
  if (resultText === undefined)
    throw refuse('A test mock should have one of the following fields: [result, errorOutput].');
  let result: Json;
  try {
    result = JSON.parse(resultText) as Json;
  } catch {
    throw refuse('Mocked result must be valid JSON');
  }
  const mode =
    optionalEnum<FieldValidationMode>(mock, 'fieldValidationMode', ['STRICT', 'PRESENT', 'NONE']) ?? 'STRICT';
  if (resource !== undefined) checkMockResult(resource, result, mode);
  return { result, resultText };
}

function parseConfiguration(fields: Record<string, unknown> | undefined): TestStateConfiguration {
  if (fields === undefined) return {};
  const configuration: TestStateConfiguration = {};
  for (const name of ['retrierRetryCount', 'mapIterationFailureCount'] as const) {
    const value = fields[name];
    if (value === undefined || value === null) continue;
    if (!Number.isInteger(value) || (value as number) < 0) {
      throw refuse(`stateConfiguration.${name} must be a non-negative integer`);
    }
    configuration[name] = value as number;
  }
  const causedBy = optionalString(fields, 'errorCausedByState');
  if (causedBy !== undefined) configuration.errorCausedByState = causedBy;
  const readerData = optionalString(fields, 'mapItemReaderData');
  if (readerData !== undefined) configuration.mapItemReaderData = parseJson(readerData, 'mapItemReaderData');
  return configuration;
}

function parseJson(text: string, field: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (e) {
    if (field === 'input') throw invalidExecutionInput(describeJsonError(text, e));
    throw refuse(`${field} must be valid JSON: ${describeJsonError(text, e)}`);
  }
}

function objectField<R extends object>(input: R, field: keyof R & string): Record<string, unknown> | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw refuse(`Invalid type for parameter ${field}: expected a structure`);
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function refuse(message: string): ServiceError {
  return serviceError('ValidationException', message);
}

/** The ports a tested state runs on: no task token is ever answered, since callbacks need a mock. */
export function testStatePorts(
  clock: TestStatePorts['clock'],
  ids: TestStatePorts['ids'],
  tasks: TestStatePorts['tasks'],
  random: () => number,
): TestStatePorts {
  return {
    clock,
    ids,
    tasks,
    random,
    tokens: {
      register: () => ({ result: new Promise<never>(() => undefined), dispose: () => undefined }),
    },
  };
}
