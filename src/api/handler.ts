import { AWS_JSON_1_0, errorResponse } from '../protocol/aws-json';
import type { ApiRequest, ApiResponse, Route } from '../protocol/http';
import { jsonResponse } from '../protocol/http';
import { WireError } from '../protocol/wire-error';

/**
 * The endpoint: each protocol is a Route tried in order; the first that claims a request answers it. A request no
 * route claims is answered as an unknown operation when it speaks AWS JSON, so an SDK reports the operation's name.
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
      new WireError('UnknownOperationException', `Unknown operation ${name}`),
    );
  }
  return jsonResponse(404, { message: `Nothing here: ${request.method} ${request.url}` });
}
