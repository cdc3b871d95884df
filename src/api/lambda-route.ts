/**
 * Lambda's API on the endpoint (REST-JSON under `/2015-03-31/functions`), so `aws lambda invoke --function-name
 * NAME` and @aws-sdk/client-lambda reach the profile's functions: Invoke here, the function, version and alias
 * operations in lambda-functions.ts. Answered before S3, which owns every other path. Functions come from the
 * profile, not CreateFunction.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type LocalLambda, readLogTail } from '../integrations';
import { isWireError, WireError } from '../protocol/wire-error';
import { lambdaFunctionOperation } from './lambda-functions';

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;
const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;
/** Version and alias requests are a few hundred bytes. */
const MAX_REQUEST_BYTES = 256 * 1024;

/** ListFunctions is `/2015-03-31/functions` with or without the slash (botocore drops it); the rest are below it. */
const LAMBDA_PATH = /^\/2015-03-31\/functions(\/|\?|$)/;

export function isLambdaRequest(req: IncomingMessage): boolean {
  return LAMBDA_PATH.test(req.url ?? '');
}

export function handleLambdaRequest(
  lambda: LocalLambda,
  logsDir: string,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  void answer(lambda, logsDir, req, res).catch((e: unknown) => {
    if (isWireError(e)) {
      error(res, e);
      return;
    }
    send(res, 500, { 'x-amzn-ErrorType': 'ServiceException' }, JSON.stringify({ Type: 'Service', message: String(e) }));
  });
}

async function answer(lambda: LocalLambda, logsDir: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://local');
  const match = INVOKE_PATH.exec(url.pathname);
  if (req.method !== 'POST' || match === null) {
    const text = (await readBody(req, MAX_REQUEST_BYTES)).toString('utf8');
    const answered = lambdaFunctionOperation(lambda, req.method ?? 'GET', url.pathname, url.searchParams, () =>
      parseRequest(text),
    );
    if (answered === undefined) {
      throw new WireError(
        'UnknownOperationException',
        `No Lambda operation served locally is ${req.method} ${url.pathname} (docs/integrations.md#lambda-functions)`,
        { status: 404 },
      );
    }
    if (answered.body === undefined) send(res, answered.status, {}, '');
    else send(res, answered.status, { 'content-type': 'application/json' }, JSON.stringify(answered.body));
    return;
  }
  const payload = await readBody(req, MAX_PAYLOAD_BYTES);
  const type = header(req, 'x-amz-invocation-type') ?? 'RequestResponse';
  if (type !== 'RequestResponse' && type !== 'Event' && type !== 'DryRun') {
    error(res, new WireError('InvalidParameterValueException', `Unsupported InvocationType: ${type}`));
    return;
  }
  const clientContext = header(req, 'x-amz-client-context');
  const qualifier = url.searchParams.get('Qualifier');
  try {
    const result = await lambda.invoke({
      functionName: decodeURIComponent(match[1]!),
      ...(qualifier === null ? {} : { qualifier }),
      payload: payload.toString('utf8'),
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
    if (isWireError(e)) error(res, e);
    else throw e;
  }
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      throw new WireError(
        'RequestTooLargeException',
        `Request must be smaller than ${limit} bytes for the ${limit === MAX_PAYLOAD_BYTES ? 'InvokeFunction' : 'requested'} operation`,
        { status: 413 },
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function parseRequest(text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new WireError('InvalidRequestContentException', 'Could not parse request body into json');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new WireError('InvalidRequestContentException', 'The request body must be a JSON object');
  }
  return parsed as Record<string, unknown>;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function error(res: ServerResponse, e: WireError): void {
  send(
    res,
    e.status,
    { 'x-amzn-ErrorType': e.code, 'content-type': 'application/json' },
    JSON.stringify({ Type: e.fault === 'Receiver' ? 'Service' : 'User', message: e.message }),
  );
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}
