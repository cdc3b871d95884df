/**
 * The HTTP layer's own request/response types: plain data, so every protocol handler is a pure async
 * function testable in process, and node:http is only an adapter (server.ts).
 */
export interface ApiRequest {
  method: string;
  /** Path and query, as received. */
  url: string;
  /** Header names lower-cased. */
  headers: Record<string, string | undefined>;
  body: Buffer;
  /** Aborted when the client disconnects before the answer. */
  signal?: AbortSignal;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A protocol on the shared endpoint. Returns undefined when the request is not for it. */
export type Route = (request: ApiRequest) => Promise<ApiResponse | undefined>;

export function jsonResponse(status: number, body: unknown, contentType = 'application/json'): ApiResponse {
  return { status, headers: { 'content-type': contentType }, body: JSON.stringify(body) };
}
