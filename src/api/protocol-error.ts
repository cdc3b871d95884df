/**
 * An error answered before any route has read the request (a refused Host or Origin, a body over the limit, a
 * full disk), in the protocol the request was made in, so each SDK raises a named error instead of failing to
 * parse the answer: S3 REST XML, the AWS JSON protocols (Step Functions, SQS, EventBridge), the query protocol's XML (SQS's
 * older clients, SNS), Lambda's REST-JSON, and plain JSON for the web page.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { AWS_JSON_1_0, AWS_JSON_1_1 } from '../protocol/aws-json';
import type { WireError } from '../protocol/wire-error';
import { escapeXml } from '../protocol/xml';

export type WireProtocol = 'aws-json' | 'query' | 'lambda' | 'ui' | 's3';

export interface WireAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Which protocol a request speaks, from its method, path and headers alone (the body is not read). */
export function protocolOf(
  method: string | undefined,
  url: string | undefined,
  headers: IncomingHttpHeaders,
): WireProtocol {
  const path = (url ?? '/').split('?', 1)[0] ?? '/';
  if (path === '/ui' || path.startsWith('/ui/')) return 'ui';
  if (/^\/2015-03-31\/functions(\/|$)/.test(path)) return 'lambda';
  if (headers['x-amz-target'] !== undefined) return 'aws-json';
  const contentType = headers['content-type'] ?? '';
  if (method === 'POST' && contentType.startsWith('application/x-amz-json')) return 'aws-json';
  if (method === 'POST' && contentType.startsWith('application/x-www-form-urlencoded')) return 'query';
  return 's3';
}

/** The answer for `error` in `protocol`. */
export function wireAnswer(protocol: WireProtocol, error: WireError, headers: IncomingHttpHeaders): WireAnswer {
  const requestId = randomUUID();
  switch (protocol) {
    case 'aws-json': {
      const target = String(headers['x-amz-target'] ?? '');
      const sqs = target.startsWith('AmazonSQS.');
      const events = target.startsWith('AWSEvents.');
      const namespace = sqs ? 'com.amazonaws.sqs' : events ? 'com.amazonaws.eventbridge' : 'com.amazonaws.sfn';
      return {
        status: error.status,
        headers: {
          'content-type': events ? AWS_JSON_1_1 : AWS_JSON_1_0,
          'x-amzn-requestid': requestId,
          'x-amzn-errortype': error.code,
          ...(sqs ? { 'x-amzn-query-error': `${error.code};${error.fault}` } : {}),
        },
        body: JSON.stringify({ __type: `${namespace}#${error.code}`, message: error.message }),
      };
    }
    case 'query':
      return {
        status: error.status,
        headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId },
        body:
          `<?xml version="1.0"?><ErrorResponse><Error><Type>${error.fault}</Type>` +
          `<Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error>` +
          `<RequestId>${requestId}</RequestId></ErrorResponse>`,
      };
    case 'lambda':
      return {
        status: error.status,
        headers: { 'content-type': 'application/json', 'x-amzn-errortype': error.code, 'x-amzn-requestid': requestId },
        body: JSON.stringify({ Type: error.fault === 'Sender' ? 'User' : 'Service', message: error.message }),
      };
    case 'ui':
      return {
        status: error.status,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ error: error.code, message: error.message }),
      };
    case 's3': {
      const id = requestId.replace(/-/g, '').slice(0, 16).toUpperCase();
      return {
        status: error.status,
        headers: { 'content-type': 'application/xml', 'x-amz-request-id': id },
        body:
          '<?xml version="1.0" encoding="UTF-8"?>\n' +
          `<Error><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message>` +
          `<RequestId>${id}</RequestId></Error>`,
      };
    }
  }
}
