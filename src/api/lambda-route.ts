/**
 * Lambda's Invoke API on the endpoint (REST-JSON: `POST /2015-03-31/functions/NAME/invocations`), so
 * `aws lambda invoke --function-name NAME` and @aws-sdk/client-lambda reach the profile's functions. Answered
 * before S3, which owns every other path. Only Invoke: functions come from the profile, not CreateFunction.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LambdaServiceError, type LocalLambda, readLogTail } from '../integrations';

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;
const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

export function isLambdaRequest(req: IncomingMessage): boolean {
  return (req.url ?? '').startsWith('/2015-03-31/functions/');
}

export function handleLambdaRequest(
  lambda: LocalLambda,
  logsDir: string,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  void answer(lambda, logsDir, req, res).catch((error: unknown) => {
    send(
      res,
      500,
      { 'x-amzn-ErrorType': 'ServiceException' },
      JSON.stringify({ Type: 'Service', message: String(error) }),
    );
  });
}

async function answer(lambda: LocalLambda, logsDir: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://local');
  const match = INVOKE_PATH.exec(url.pathname);
  if (req.method !== 'POST' || match === null) {
    error(
      res,
      new LambdaServiceError(
        'UnknownOperationException',
        404,
        `Only Invoke is served locally (${req.method} ${url.pathname})`,
      ),
    );
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_PAYLOAD_BYTES) {
      error(
        res,
        new LambdaServiceError(
          'RequestTooLargeException',
          413,
          'Request must be smaller than 6291456 bytes for the InvokeFunction operation',
        ),
      );
      return;
    }
    chunks.push(chunk);
  }
  const type = header(req, 'x-amz-invocation-type') ?? 'RequestResponse';
  if (type !== 'RequestResponse' && type !== 'Event' && type !== 'DryRun') {
    error(res, new LambdaServiceError('InvalidParameterValueException', 400, `Unsupported InvocationType: ${type}`));
    return;
  }
  const clientContext = header(req, 'x-amz-client-context');
  const qualifier = url.searchParams.get('Qualifier');
  try {
    const result = await lambda.invoke({
      functionName: decodeURIComponent(match[1]!),
      ...(qualifier === null ? {} : { qualifier }),
      payload: Buffer.concat(chunks).toString('utf8'),
      invocationType: type,
      ...(clientContext === undefined ? {} : { clientContext: Buffer.from(clientContext, 'base64').toString('utf8') }),
    });
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-amzn-requestid': result.requestId,
      'x-amz-executed-version': result.executedVersion,
    };
    if (result.functionError !== undefined) headers['x-amz-function-error'] = result.functionError;
    if (header(req, 'x-amz-log-type') === 'Tail' && result.logFile !== undefined) {
      headers['x-amz-log-result'] = readLogTail(logsDir, result.logFile);
    }
    send(res, result.statusCode, headers, result.payload);
  } catch (e) {
    if (e instanceof LambdaServiceError) error(res, e);
    else throw e;
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function error(res: ServerResponse, e: LambdaServiceError): void {
  send(
    res,
    e.status,
    { 'x-amzn-ErrorType': e.code, 'content-type': 'application/json' },
    JSON.stringify({ Type: e.status >= 500 ? 'Service' : 'User', message: e.message }),
  );
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}
