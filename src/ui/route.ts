/**
 * The web UI on the shared endpoint, everything under `/ui/` (the S3 routing leaves `/ui` alone):
 *
 * - `/ui/`, `/ui/executions/<ARN>`, `/ui/machines/<ARN>`, `/ui/activities`, `/ui/rules`, `/ui/dlq`: the page shell (one HTML document; the browser code routes);
 * - `/ui/assets/…`: the browser modules (compiled by src/ui/web/tsconfig.json into dist/browser) and elkjs;
 * - `/ui/api/…`: JSON for the page, answered in process by the Step Functions service; the DLQ through the
 *   endpoint's own SQS API with the same functions `fanout dlq` uses.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { ApiRequest, ApiResponse, Route } from '../protocol/http';
import { jsonResponse } from '../protocol/http';
import { isWireError } from '../protocol/wire-error';
import { isInputError, messageOf } from '../operator';
import type { LocalStepFunctions } from '../runtime';
import type { MapRunResultTarget } from '../store/map-runs';
import { dlqRedrive, listDeadLetters } from './dlq';
import { executionDetail, executionList } from './data';
import type { RuleView, TaskLogView } from './resource-views';
import { activityList, machineDetail } from './resources';
import { pageShell } from './shell';

export interface UiRouteOptions {
  service: LocalStepFunctions;
  /** The endpoint's own URL, known once it listens: the DLQ is read through its SQS API. */
  endpointUrl: () => string;
  /** Where a Map Run exports its results, by Map Run ARN. @default unknown */
  resultTarget?: (mapRunArn: string) => MapRunResultTarget | undefined;
  /** The compiled browser modules. @default dist/browser at the project root */
  assetsDir?: string;
  log?: (line: string) => void;
  /** The logs a state of an execution wrote (tasks, jobs, Lambda invocations). @default none */
  taskLogs?: (executionArn: string, stateName: string) => TaskLogView[];
  /** The EventBridge rules with their targets and latest deliveries. @default none */
  rules?: () => RuleView[];
  /**
   * The server's per-run token: the page gets it in its own HTML and sends it with every state-changing call, so a
   * request forged by another page (which cannot read this origin's HTML) is refused. @default a random one
   */
  token?: string;
}

const JS = 'text/javascript; charset=utf-8';
/** Scripts only from this origin; the graph's SVG and the page's CSS are inline. */
const CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
const ASSET_NAME = /^[a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9-]*)*$/;

export function uiRoute(options: UiRouteOptions): Route {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const assetsDir = options.assetsDir ?? resolve(__dirname, '../../dist/browser/ui');
  const elkPath = require.resolve('elkjs/lib/elk.bundled.js');
  const cache = new Map<string, { mtime: number; text: string }>();
  const readAsset = (path: string): string | undefined => {
    try {
      const mtime = statSync(path).mtimeMs;
      const hit = cache.get(path);
      if (hit?.mtime === mtime) return hit.text;
      const text = readFileSync(path, 'utf8');
      cache.set(path, { mtime, text });
      return text;
    } catch {
      return undefined;
    }
  };
  const clients = (): { sqs: SQSClient; sfn: SFNClient } => {
    const common = {
      endpoint: options.endpointUrl(),
      region: options.service.location.region,
      credentials: { accessKeyId: 'fanout', secretAccessKey: 'fanout' },
      maxAttempts: 1,
    };
    return { sqs: new SQSClient(common), sfn: new SFNClient(common) };
  };

  const api = async (request: ApiRequest, path: string, query: URLSearchParams): Promise<ApiResponse> => {
    const get = request.method === 'GET';
    const post = request.method === 'POST';
    if (get && path === 'executions') {
      return ok(executionList(options.service, query.get('status') ?? undefined, query.get('executions') !== '0'));
    }
    if (get && path === 'execution') {
      return ok(executionDetail(options.service, query.get('arn') ?? '', options.resultTarget));
    }
    if (get && path === 'machine') return ok(machineDetail(options.service, query.get('arn') ?? ''));
    if (get && path === 'activities') return ok(activityList(options.service));
    if (get && path === 'rules') return ok(options.rules?.() ?? []);
    if (get && path === 'logs') {
      return ok(options.taskLogs?.(query.get('arn') ?? '', query.get('state') ?? '') ?? []);
    }
    if (post && (path === 'execution/stop' || path === 'execution/redrive')) {
      const value = bodyOf(request)['executionArn'];
      const arn = typeof value === 'string' ? value : '';
      const result =
        path === 'execution/stop'
          ? await options.service.stopExecution({
              executionArn: arn,
              error: 'Stopped',
              cause: 'Stopped from the fanout web page',
            })
          : options.service.redriveExecution({ executionArn: arn });
      return ok(result);
    }
    if (get && path === 'dlq') {
      const c = clients();
      try {
        return ok(await listDeadLetters(c.sqs, query.get('queue') ?? undefined));
      } finally {
        c.sqs.destroy();
        c.sfn.destroy();
      }
    }
    if (post && path === 'dlq/redrive') {
      const c = clients();
      try {
        return ok(await dlqRedrive(c, bodyOf(request)));
      } finally {
        c.sqs.destroy();
        c.sfn.destroy();
      }
    }
    return jsonResponse(404, { message: `No UI API ${request.method} /ui/api/${path}` });
  };

  return async (request) => {
    const url = new URL(request.url, 'http://localhost');
    const path = url.pathname;
    if (path !== '/ui' && !path.startsWith('/ui/')) return undefined;
    if (path === '/ui') return { status: 301, headers: { location: '/ui/' }, body: '' };
    if (path.startsWith('/ui/api/')) {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        const refused = refusal(request, token);
        if (refused) return refused;
      }
      try {
        return await api(request, path.slice('/ui/api/'.length), url.searchParams);
      } catch (error) {
        return apiError(error, options.log);
      }
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return jsonResponse(405, { message: `${request.method} is not allowed on ${path}` });
    }
    if (path.startsWith('/ui/assets/')) {
      const name = path.slice('/ui/assets/'.length).replace(/\.js$/, '');
      const text =
        name === 'elk' ? readAsset(elkPath) : ASSET_NAME.test(name) ? readAsset(`${assetsDir}/${name}.js`) : undefined;
      if (text === undefined) {
        return {
          status: 404,
          headers: { 'content-type': 'text/plain; charset=utf-8' },
          body:
            `No asset ${name}` +
            (name === 'web/app' ? ' (the browser code is built by `npm run build` into dist/browser)' : ''),
        };
      }
      return { status: 200, headers: { 'content-type': JS, 'cache-control': 'no-cache' }, body: text };
    }
    if (
      path === '/ui/' ||
      path === '/ui/dlq' ||
      path === '/ui/activities' ||
      path === '/ui/rules' ||
      path.startsWith('/ui/executions/') ||
      path.startsWith('/ui/machines/')
    ) {
      return {
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': CSP },
        body: pageShell(token),
      };
    }
    return { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: `Nothing here: ${path}` };
  };
}

/**
 * A state-changing call must carry the page's token and a JSON body: `application/json` cannot be sent across
 * origins without a CORS preflight, which the endpoint never grants.
 */
function refusal(request: ApiRequest, token: string): ApiResponse | undefined {
  const contentType = request.headers['content-type'] ?? '';
  if (!contentType.startsWith('application/json')) {
    return jsonResponse(415, {
      error: 'UnsupportedMediaType',
      message: 'The web page API takes application/json bodies.',
    });
  }
  const given = Buffer.from(request.headers['x-fanout-token'] ?? '');
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return jsonResponse(403, {
      error: 'AccessDenied',
      message: "The request lacks the page's token (x-fanout-token): reload the page served by this endpoint.",
    });
  }
  return undefined;
}

function ok(body: unknown): ApiResponse {
  return jsonResponse(200, body);
}

function bodyOf(request: ApiRequest): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(request.body.toString('utf8') || '{}');
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

function apiError(error: unknown, log?: (line: string) => void): ApiResponse {
  if (isWireError(error)) {
    const status = error.code.endsWith('DoesNotExist') ? 404 : 400;
    return jsonResponse(status, { error: error.code, message: error.message });
  }
  if (isInputError(error)) return jsonResponse(400, { message: error.message });
  const name = (error as { name?: unknown } | null)?.name;
  if (typeof name === 'string' && name !== 'Error' && name !== 'TypeError') {
    // An AWS SDK error from the endpoint's own SQS/SFN API: the user's to read.
    return jsonResponse(400, { error: name, message: messageOf(error) });
  }
  log?.(`UI request failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return jsonResponse(500, { message: 'Internal error' });
}
