import { AWS_JSON_1_0, AwsJsonError, errorResponse } from '../protocol/aws-json';
import type { ApiRequest, ApiResponse, Route } from '../protocol/http';
import { jsonResponse } from '../protocol/http';

/**
 * The endpoint: each protocol is a Route tried in order (Step Functions now; the SQS JSON protocol
 * `AmazonSQS.*`, the S3 REST API and the `/ui/` page are added to the list by later work).
 */
export function createHandler(
  routes: readonly Route[],
  log?: (line: string) => void,
): (request: ApiRequest) => Promise<ApiResponse> {
  return async (request) => {
    try {
      for (const route of routes) {
        const response = await route(request);
        if (response) return response;
      }
    } catch (error) {
      log?.(`request failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return jsonResponse(500, { message: 'Internal error' });
    }
    return unrouted(request);
  };
}

function unrouted(request: ApiRequest): ApiResponse {
  const target = request.headers['x-amz-target'];
  if (
    request.method === 'POST' &&
    (target !== undefined || request.headers['content-type']?.startsWith(AWS_JSON_1_0))
  ) {
    const name = target ?? '(no X-Amz-Target header)';
    return errorResponse(
      { namespace: 'com.amazonaws.sfn' },
      new AwsJsonError('UnknownOperationException', `Unknown operation ${name}`),
    );
  }
  return jsonResponse(404, { message: `Nothing here: ${request.method} ${request.url}` });
}
