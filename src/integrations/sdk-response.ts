/**
 * The envelope Step Functions adds to a service API response it returns as a task result (observed on real AWS
 * for ECS, SQS and SNS: spec §4.2, §4.4): the HTTP metadata and the request id.
 */
import { randomUUID } from 'node:crypto';
import type { JsonObject } from '../engine';

export function withSdkMetadata(body: JsonObject, contentType = 'application/x-amz-json-1.1'): JsonObject {
  const requestId = randomUUID();
  const headers = { 'Content-Type': contentType, 'x-amzn-RequestId': requestId, Date: new Date().toUTCString() };
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
