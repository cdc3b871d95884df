/**
 * The Lambda Task integrations over LocalLambda (spec: the optimised `lambda:invoke`, the legacy function ARN,
 * `aws-sdk:lambda:invoke`). A function's unhandled error fails the state with its `errorType` as the error and the
 * error payload as the cause; a timeout is `Sandbox.Timedout`; a runtime that died is `Lambda.Unknown`; Lambda's
 * own errors are `Lambda.<Code>Exception` with the AWSLambda cause format.
 */
import { randomUUID } from 'node:crypto';
import { StatesError, type Json, type JsonObject, type TaskRequest } from '../../engine';
import type { IntegrationHandler } from '../handler';
import { asObject, asText } from '../messaging/parameters';
import { CONTENT_TYPES, withSdkMetadata } from '../sdk-response';
import { isWireError } from '../../protocol/wire-error';
import { type InvokeRequest, type InvokeResult, type LocalLambda } from './local-lambda';

/** The key the runner files legacy `arn:aws:lambda:…:function:NAME` resources under. */
export const LEGACY_LAMBDA_RESOURCE = 'lambda:function';

export function lambdaHandlers(lambda: LocalLambda): IntegrationHandler[] {
  return [
    {
      resource: 'lambda:invoke',
      patterns: ['request-response', 'waitForTaskToken'],
      async run(request) {
        const parameters = asObject(request.parameters) ?? {};
        const result = await invokeOrFail(lambda, request, fromParameters(parameters));
        if (result.functionError !== undefined) throw functionFailure(result);
        return optimisedOutput(result);
      },
    },
    {
      resource: LEGACY_LAMBDA_RESOURCE,
      patterns: ['request-response'],
      async run(request) {
        const result = await invokeOrFail(lambda, request, {
          functionName: request.resource,
          payload: JSON.stringify(request.parameters),
        });
        if (result.functionError !== undefined) throw functionFailure(result);
        return parsePayload(result.payload);
      },
    },
    {
      resource: 'aws-sdk:lambda:invoke',
      patterns: ['request-response', 'waitForTaskToken'],
      async run(request) {
        const parameters = asObject(request.parameters) ?? {};
        const result = await invokeOrFail(lambda, request, fromParameters(parameters), true);
        // The SDK integration returns the API's answer as it is, a function error included.
        return {
          ExecutedVersion: result.executedVersion,
          ...(result.functionError === undefined ? {} : { FunctionError: result.functionError }),
          Payload: result.payload,
          StatusCode: result.statusCode,
        };
      },
    },
  ];
}

function fromParameters(parameters: JsonObject): Omit<InvokeRequest, 'execution' | 'signal'> {
  const payload = parameters['Payload'];
  const type = asText(parameters['InvocationType']);
  return {
    functionName: asText(parameters['FunctionName']) ?? '',
    ...(parameters['Qualifier'] === undefined ? {} : { qualifier: asText(parameters['Qualifier'])! }),
    // A string Payload is the event's JSON text, as the API takes it; any other value is the event itself.
    payload: payload === undefined ? '{}' : typeof payload === 'string' ? payload : JSON.stringify(payload),
    ...(type === 'Event' || type === 'DryRun' || type === 'RequestResponse' ? { invocationType: type } : {}),
    ...(parameters['ClientContext'] === undefined ? {} : { clientContext: parameters['ClientContext'] }),
  };
}

async function invokeOrFail(
  lambda: LocalLambda,
  request: TaskRequest,
  invoke: Omit<InvokeRequest, 'execution' | 'signal'>,
  sdkStyle = false,
): Promise<InvokeResult> {
  if (invoke.functionName === '') {
    throw lambdaError('InvalidParameterValueException', 400, 'FunctionName is required.', sdkStyle);
  }
  try {
    return await lambda.invoke({
      ...invoke,
      execution: { executionArn: request.executionArn, stateName: request.stateName },
      signal: request.signal,
    });
  } catch (error) {
    if (request.signal.aborted) throw request.signal.reason;
    if (isWireError(error)) {
      if (error.code === 'Unknown') {
        throw new StatesError(
          'Lambda.Unknown',
          `The cause could not be determined because Lambda did not return an error type. Returned payload: ${JSON.stringify({ errorMessage: error.message, errorType: 'Runtime.ExitError' })}`,
        );
      }
      throw lambdaError(error.code, error.status, error.message, sdkStyle);
    }
    throw new StatesError(
      'Lambda.ServiceException',
      `${String(error)} (Service: AWSLambda; Status Code: 500; Error Code: ServiceException; Request ID: ${randomUUID()}; Proxy: null)`,
    );
  }
}

function lambdaError(code: string, status: number, message: string, sdkStyle: boolean): StatesError {
  const requestId = randomUUID();
  return new StatesError(
    `Lambda.${code.endsWith('Exception') ? code : `${code}Exception`}`,
    sdkStyle
      ? `${message} (Service: Lambda, Status Code: ${status}, Request ID: ${requestId})`
      : `${message} (Service: AWSLambda; Status Code: ${status}; Error Code: ${code}; Request ID: ${requestId}; Proxy: null)`,
  );
}

/** The function's error: its errorType names the error, the error payload is the cause. */
function functionFailure(result: InvokeResult): StatesError {
  const payload = parsePayload(result.payload);
  const errorType = asObject(payload)?.['errorType'];
  return new StatesError(typeof errorType === 'string' ? errorType : 'Lambda.Unknown', result.payload);
}

function parsePayload(text: string): Json {
  if (text === '') return '';
  try {
    return JSON.parse(text) as Json;
  } catch {
    return text;
  }
}

/** `lambda:invoke`'s output: the Invoke answer with its payload parsed, as Step Functions returns it. */
function optimisedOutput(result: InvokeResult): JsonObject {
  return withSdkMetadata(
    {
      ExecutedVersion: result.executedVersion,
      Payload: parsePayload(result.payload),
      StatusCode: result.statusCode,
    },
    {
      contentType: CONTENT_TYPES.restJson,
      rawBody: result.payload,
      headers: {
        'X-Amz-Executed-Version': result.executedVersion,
        'x-amzn-Remapped-Content-Length': '0',
        'X-Amzn-Trace-Id': `root=1-${Math.floor(Date.now() / 1000).toString(16)}-${randomUUID().replace(/-/g, '').slice(0, 24)};sampled=0`,
      },
    },
  );
}
