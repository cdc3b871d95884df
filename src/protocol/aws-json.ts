/**
 * The AWS JSON 1.0 protocol (Smithy awsJson1_0): POST /, `X-Amz-Target: <Service>.<Operation>`, JSON bodies,
 * timestamps as epoch seconds, errors as HTTP 400 with `{"__type": "<namespace>#<Code>", "message"}`.
 * Shared by every JSON-protocol service on the endpoint (Step Functions, SQS, EventBridge).
 */
import { randomUUID } from 'node:crypto';
import type { ApiRequest, ApiResponse, Route } from './http';
import { isWireError, WireError } from './wire-error';

export const AWS_JSON_1_0 = 'application/x-amz-json-1.0';
/** awsJson1_1 differs from 1.0 only in this content type (EventBridge uses it). */
export const AWS_JSON_1_1 = 'application/x-amz-json-1.1';

export interface AwsJsonService {
  /** The X-Amz-Target prefix, e.g. `AWSStepFunctions`. */
  targetPrefix: string;
  /** The Smithy namespace put before `#` in `__type`, e.g. `com.amazonaws.sfn`. */
  namespace: string;
  /** @default AWS_JSON_1_0 */
  contentType?: string;
  /** Runs one operation; returns undefined for an operation the service does not have. */
  operations: Record<string, (input: Record<string, unknown>, signal?: AbortSignal) => unknown>;
  log?: (line: string) => void;
}

/** A Route answering the requests whose X-Amz-Target names this service. */
export function awsJsonRoute(service: AwsJsonService): Route {
  const prefix = `${service.targetPrefix}.`;
  return (request) => {
    const target = request.headers['x-amz-target'];
    if (request.method !== 'POST' || target === undefined || !target.startsWith(prefix)) {
      return Promise.resolve(undefined);
    }
    return handle(service, target.slice(prefix.length), request);
  };
}

async function handle(service: AwsJsonService, operationName: string, request: ApiRequest): Promise<ApiResponse> {
  const operation = Object.hasOwn(service.operations, operationName) ? service.operations[operationName] : undefined;
  if (!operation) {
    return errorResponse(service, new WireError('UnknownOperationException', `Unknown operation ${operationName}`));
  }
  let input: Record<string, unknown>;
  try {
    input = parseBody(request.body);
  } catch (error) {
    return errorResponse(service, error as WireError);
  }
  try {
    const output = await operation(input, request.signal);
    return {
      status: 200,
      headers: { 'content-type': service.contentType ?? AWS_JSON_1_0, 'x-amzn-requestid': randomUUID() },
      body: toWireJson(output ?? {}),
    };
  } catch (error) {
    if (isWireError(error)) return errorResponse(service, error);
    // A bug, not bad input: say so without leaking internals.
    service.log?.(
      `${service.targetPrefix}.${operationName} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return errorResponse(
      service,
      new WireError('InternalFailure', 'The request processing has failed because of an unknown error.', {
        status: 500,
      }),
    );
  }
}

function parseBody(body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8');
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new WireError('SerializationException', 'The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new WireError('SerializationException', 'The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

export function errorResponse(
  service: Pick<AwsJsonService, 'namespace' | 'contentType'>,
  error: WireError,
): ApiResponse {
  return {
    status: error.status,
    headers: {
      'content-type': service.contentType ?? AWS_JSON_1_0,
      'x-amzn-requestid': randomUUID(),
      'x-amzn-errortype': error.code,
    },
    body: JSON.stringify({ __type: `${service.namespace}#${error.code}`, message: error.message }),
  };
}

/** JSON with Date values as epoch seconds (fractional), the awsJson1_0 timestamp format. */
export function toWireJson(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const raw = this[key];
    return raw instanceof Date ? raw.getTime() / 1000 : v;
  });
}
