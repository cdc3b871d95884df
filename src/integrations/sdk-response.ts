/**
 * The envelope Step Functions adds to a service API response it returns as a task result (observed on real AWS
 * for ECS, SQS, SNS and Step Functions: spec §4.2, §4.4): the HTTP metadata of the service's answer — its
 * Content-Type (the service's protocol), Content-Length, `connection` — and the request id.
 */
import { randomUUID } from 'node:crypto';
import type { JsonObject } from '../engine';

/** The Content-Type each service answers with: awsJson1_0 (SQS, Step Functions), awsJson1_1 (ECS), XML, REST-JSON. */
export const CONTENT_TYPES = {
  json10: 'application/x-amz-json-1.0',
  json11: 'application/x-amz-json-1.1',
  xml: 'text/xml',
  restJson: 'application/json',
} as const;

export interface SdkAnswer {
  /** @default CONTENT_TYPES.json11 */
  contentType?: string;
  /** The answer's body as the service sent it; by default the JSON text of the response body. */
  rawBody?: string;
  /** More headers the service sends (Lambda's `X-Amz-Executed-Version` …). */
  headers?: Readonly<Record<string, string>>;
}

export function withSdkMetadata(body: JsonObject, answer: SdkAnswer = {}): JsonObject {
  const requestId = randomUUID();
  const length = Buffer.byteLength(answer.rawBody ?? JSON.stringify(body));
  const headers = {
    'Content-Type': answer.contentType ?? CONTENT_TYPES.json11,
    'Content-Length': String(length),
    connection: 'keep-alive',
    'x-amzn-RequestId': requestId,
    Date: new Date().toUTCString(),
    ...answer.headers,
  };
  return {
    ...body,
    SdkHttpMetadata: {
      AllHttpHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
      HttpHeaders: headers,
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
  };
}
