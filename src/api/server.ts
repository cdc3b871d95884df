import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TaskRunner } from '../engine/ports';
import { defaultEngine } from '../runtime/engine';
import type { EngineBinding } from '../runtime/engine-binding';
import { LocalStepFunctions } from '../runtime/service';
import { Store } from '../store/store';
import { AWS_JSON_1_0 } from './aws-json';
import { createHandler } from './handler';
import type { ApiRequest, ApiResponse } from './http';
import { stepFunctionsRoute } from './step-functions';

/** Larger than any valid request (definitions ≤ 1 MiB, payloads ≤ 256 KiB, JSON-escaped). */
const MAX_BODY_BYTES = 2 * 1024 * 1024;

export interface ServerOptions {
  /** 0 picks a free port. @default 8083 */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** Where fanout.db lives; created if missing. */
  dataDir: string;
  log?: (line: string) => void;
  /** @default 'us-east-1' */
  region?: string;
  /** Runs Task states. @default a runner that rejects every resource */
  tasks?: TaskRunner;
  /** @default the real engine */
  engine?: EngineBinding;
}

export interface RunningServer {
  url: string;
  port: number;
  service: LocalStepFunctions;
  close(): Promise<void>;
}

/** Starts the local endpoint: the Step Functions JSON API on node:http, state in `<dataDir>/fanout.db`. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = options.log;
  const store = Store.open(options.dataDir, { onError: (e) => log?.(`history write failed: ${String(e)}`) });
  const service = new LocalStepFunctions({
    store,
    engine: options.engine ?? defaultEngine,
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.tasks === undefined ? {} : { tasks: options.tasks }),
    ...(log === undefined ? {} : { log }),
  });
  const handle = createHandler([stepFunctionsRoute(service, log)], log);

  const server = createServer((req, res) => {
    void serve(req, res, handle);
  });
  const host = options.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 8083, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    service.close();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  log?.(`listening on http://${host}:${port}`);
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    service,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => service.close());
      return closing;
    },
  };
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  handle: (request: ApiRequest) => Promise<ApiResponse>,
): Promise<void> {
  let response: ApiResponse;
  try {
    const body = await readBody(req);
    if (body === undefined) {
      response = {
        status: 413,
        headers: { 'content-type': AWS_JSON_1_0 },
        body: JSON.stringify({
          __type: 'com.amazonaws.sfn#ValidationException',
          message: `The request body is larger than ${MAX_BODY_BYTES} bytes.`,
        }),
      };
    } else {
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      response = await handle({ method: req.method ?? 'GET', url: req.url ?? '/', headers, body });
    }
  } catch {
    // The client went away mid-request; there is no one to answer.
    res.destroy();
    return;
  }
  res.writeHead(response.status, { ...response.headers, 'content-length': Buffer.byteLength(response.body) });
  res.end(response.body);
}

/** The request body, or undefined when it exceeds the limit (the rest is discarded). */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
