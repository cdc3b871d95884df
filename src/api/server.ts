import {
  defaultEngine,
  type EngineBinding,
  loadMockConfig,
  LocalStepFunctions,
  type LogSink,
  VirtualClock,
} from '../runtime';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { TaskRunner } from '../engine';
import {
  FunctionVersionTables,
  loadProfile,
  localTaskRunner,
  type LocalTaskRunner,
  lockDataDir,
  parseChaos,
  stateLogTails,
  stopOrphans,
} from '../integrations';
import { s3ObjectStore, type ObjectStore } from '../map/objects';
import { isS3Request, LocalS3, localS3Client } from '../s3';
import { LocalSns, SnsTables, snsRoute } from '../sns';
import { LocalSqs, SqsTables, sqsRoute } from '../sqs';
import { EventsTables, eventsRoute, LocalEvents } from '../events';
import { eventsTargets, publishObjectEvent, ruleScheduleExpressions, throttled } from './events-targets';
import { installRulesFile } from './events-rules';
import { ruleViews } from './events-page';
import { Store } from '../store/store';
import { createHandler } from './handler';
import { handleLambdaRequest, isLambdaRequest } from './lambda-route';
import type { ApiRequest, ApiResponse } from '../protocol/http';
import { stepFunctionsRoute } from './step-functions';
import { startServerSchedules } from '../schedules';
import { uiRoute } from '../ui/route';
import type { WireError } from '../protocol/wire-error';
import { protocolOf, wireAnswer } from './protocol-error';
import { requestGuard } from './request-guard';
import type { RetentionPolicy } from '../store/retention';
import { BodyBudget, readBody, type BodyLimits } from './request-body';
import { MODULE_SCHEMAS } from './schema';

/** Larger than any valid request (definitions ≤ 1 MiB, payloads ≤ 256 KiB, JSON-escaped). */
const MAX_BODY_BYTES = 2 * 1024 * 1024;
/** Request bodies held at once across connections: 32 bodies of the largest size. */
const MAX_BUFFERED_BYTES = 64 * 1024 * 1024;
/** A buffered body (at most 2 MiB) arrives well within this on any link; a trickle is cut off. */
const BODY_TIMEOUT_MS = 30_000;
/**
 * A connection with no traffic either way for this long is closed: longer than any long poll (GetActivityTask
 * waits 60 s), short enough that stalled uploads and idle sockets do not pile up.
 */
const IDLE_SOCKET_MS = 120_000;

export interface ServerOptions {
  /** 0 picks a free port. @default 8083 */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** Host names besides loopback and `host` that requests may be addressed to (request-guard.ts). @default none */
  allowHosts?: readonly string[];
  /** Where fanout.db lives; created if missing. */
  dataDir: string;
  log?: (line: string) => void;
  /** Structured records of what executions do, with their execution and state (docs/reliability.md). */
  logEvent?: LogSink;
  /** @default 'us-east-1' */
  region?: string;
  /** Runs Task states. @default the local integrations (ECS, Batch, SQS, …) over `profile` */
  tasks?: TaskRunner;
  /** The local profile file (relative to the working directory). @default fanout.local.json, if present */
  profile?: string;
  /** Fault injection for the default task runner, e.g. `spot-interruption=0.1`. @default none */
  chaos?: string;
  /** @default the real engine */
  engine?: EngineBinding;
  /**
   * A schedules file (workflows/schedules.json) to fire while the server runs: its workflows are deployed at start
   * with the profile's substitutions (docs/schedules.md). @default no schedules
   */
  schedules?: string;
  /**
   * A rules file (workflows/rules.json) to install on the default event bus at start: its workflows deployed
   * with the profile's substitutions, its queues and watched buckets created (docs/events.md). @default none
   */
  rules?: string;
  /** Step Functions Local's mock configuration file: `StartExecution` of `<arn>#<TestCase>` runs that test case. */
  mockConfig?: string;
  /** `virtual`: Waits, back-offs, heartbeats and timeouts skip ahead whenever nothing else can run. @default 'real' */
  time?: 'real' | 'virtual';
  /** How long and how many closed executions are kept; false keeps all. @default 90 days (docs/reliability.md) */
  retention?: RetentionPolicy | false;
  /** Bounds on buffered request bodies (request-body.ts). @default 2 MiB each, 64 MiB in all, 30 s to arrive */
  bodies?: { maxBytes?: number; maxBufferedBytes?: number; timeoutMs?: number };
}

/**
 * A protocol answered at the node:http level, before any body is read: for protocols that stream bodies
 * (S3 uploads and downloads of GBs) rather than fit the buffered `Route`s.
 */
export interface RawHandler {
  accepts(req: IncomingMessage): boolean;
  handle(req: IncomingMessage, res: ServerResponse): void;
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
  const region = options.region ?? 'us-east-1';
  let url = '';
  let objectStore: ObjectStore | undefined;
  let lambdaVersions: FunctionVersionTables | undefined;
  // Read before anything opens, so a bad profile or --chaos leaves nothing to clean up.
  const chaos = options.chaos === undefined ? undefined : parseChaos(options.chaos);
  const runner: LocalTaskRunner | undefined =
    options.tasks === undefined
      ? localTaskRunner({
          profile: loadProfile(options.profile),
          ...(chaos === undefined ? {} : { chaos }),
          // The URL is known only once listening; tasks run only after that.
          context: () => ({
            endpointUrl: url,
            region,
            accountId: service.location.accountId,
            dataDir: options.dataDir,
          }),
          ...(log === undefined ? {} : { log }),
          // The store opens below; functions are invoked only once the server listens.
          lambdaVersions: () => (lambdaVersions ??= new FunctionVersionTables(store.db)),
        })
      : undefined;
  // One server per data directory; then the task processes a crashed server left behind are stopped before
  // any execution resumes and re-runs its task (docs/reliability.md).
  const mockConfig = options.mockConfig === undefined ? undefined : loadMockConfig(options.mockConfig);
  const clock = options.time === 'virtual' ? new VirtualClock() : undefined;
  const lock = lockDataDir(options.dataDir);
  let store: Store;
  try {
    await stopOrphans(options.dataDir, log === undefined ? {} : { log });
    store = Store.open(options.dataDir, {
      modules: MODULE_SCHEMAS,
      onError: (e) => log?.(`history write failed: ${String(e)}`),
    });
  } catch (error) {
    lock.release();
    throw error;
  }
  const tasks: TaskRunner = options.tasks ?? (runner as TaskRunner);
  const service = new LocalStepFunctions({
    store,
    engine: options.engine ?? defaultEngine,
    ...(options.region === undefined ? {} : { region: options.region }),
    tasks: clock === undefined ? tasks : clock.holdDuring(tasks),
    ...(clock === undefined ? {} : { clock }),
    ...(mockConfig === undefined ? {} : { mockConfig }),
    ...(log === undefined ? {} : { log }),
    ...(options.logEvent === undefined ? {} : { logEvent: options.logEvent }),
    ...(options.retention === undefined ? {} : { retention: options.retention }),
    logsDir: join(options.dataDir, 'logs'),
    // Distributed Maps read and write S3 through this endpoint's own S3, once it listens.
    objects: () => (objectStore ??= s3ObjectStore(localS3Client(url))),
  });
  const regionOption = options.region === undefined ? {} : { region: options.region };
  const sqs = new LocalSqs({ tables: new SqsTables(store.db), ...regionOption });
  const sns = new LocalSns({
    tables: new SnsTables(store.db),
    ...regionOption,
    ...(log === undefined ? {} : { log }),
    deliverToSqs: (delivery) => {
      const name = delivery.queueArn.split(':').pop()!;
      const { QueueUrl } = sqs.getQueueUrl({ QueueName: name });
      // A FIFO topic's group and deduplication ids carry over to a FIFO queue; a standard queue takes the group.
      sqs.sendMessage({
        QueueUrl,
        MessageBody: delivery.body,
        ...(delivery.messageAttributes === undefined ? {} : { MessageAttributes: delivery.messageAttributes }),
        ...(delivery.messageGroupId === undefined ? {} : { MessageGroupId: delivery.messageGroupId }),
        ...(delivery.messageDeduplicationId === undefined || !name.endsWith('.fifo')
          ? {}
          : { MessageDeduplicationId: delivery.messageDeduplicationId }),
      });
    },
  });
  const events = new LocalEvents({
    tables: new EventsTables(store.db),
    ports: throttled(eventsTargets(service, sqs), chaos?.eventTargetThrottling ?? 0),
    scheduleExpressions: ruleScheduleExpressions,
    region,
    accountId: service.location.accountId,
    ...(log === undefined ? {} : { log }),
  });
  const ui = uiRoute({
    service,
    endpointUrl: () => url,
    resultTarget: (mapRunArn) => store.mapRuns.get(mapRunArn)?.resultTarget,
    taskLogs: (executionArn, stateName) => stateLogTails(options.dataDir, executionArn, stateName),
    rules: () => ruleViews(events),
    ...(log === undefined ? {} : { log }),
  });
  const handle = createHandler(
    [ui, stepFunctionsRoute(service, log), sqsRoute(sqs, log), snsRoute(sns, log), eventsRoute(events, log)],
    log,
  );

  const s3 = LocalS3.open({
    dataDir: options.dataDir,
    ...regionOption,
    ...(log === undefined ? {} : { log }),
    onObjectEvent: (event) => publishObjectEvent(events, event),
  });
  const rawHandlers: RawHandler[] = [
    ...(runner === undefined
      ? []
      : [
          {
            accepts: isLambdaRequest,
            handle: (req: IncomingMessage, res: ServerResponse) =>
              handleLambdaRequest(runner.lambda, join(options.dataDir, 'logs'), req, res),
          },
        ]),
    { accepts: isS3Request, handle: (req, res) => s3.handle(req, res) },
  ];

  const host = options.host ?? '127.0.0.1';
  const bodyLimits: BodyLimits = {
    maxBytes: options.bodies?.maxBytes ?? MAX_BODY_BYTES,
    timeoutMs: options.bodies?.timeoutMs ?? BODY_TIMEOUT_MS,
    budget: new BodyBudget(options.bodies?.maxBufferedBytes ?? MAX_BUFFERED_BYTES),
  };
  const guard = requestGuard({ host, ...(options.allowHosts === undefined ? {} : { allowHosts: options.allowHosts }) });
  const server = createServer((req, res) => {
    const refused = guard(req);
    if (refused) {
      answerEarly(req, res, refused);
      return;
    }
    const raw = rawHandlers.find((handler) => handler.accepts(req));
    if (raw) raw.handle(req, res);
    else void serve(req, res, handle, bodyLimits);
  });
  // S3 uploads take as long as they take, so no deadline per request (node's 5 minutes would cut big ones off):
  // buffered bodies have their own deadline, and a socket idle either way is closed.
  server.requestTimeout = 0;
  server.headersTimeout = 20_000;
  server.timeout = IDLE_SOCKET_MS;
  const releaseServices = async (): Promise<void> => {
    events.close();
    s3.close();
    service.close();
    // Stopping the executions stopped their tasks; this ends the ones that outlive their state.
    await runner?.close();
    lock.release();
  };
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 8083, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await releaseServices();
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  url = `http://${host}:${port}`;
  log?.(`listening on http://${host}:${port}`);
  sqs.setBaseUrl(`http://${host}:${port}`);
  // Executions a crashed server left RUNNING go on now that tasks can reach the endpoint.
  service.resumeRunning();
  const resumed = events.start();
  if (resumed > 0) log?.(`events: ${resumed} deliveries waiting to retry taken up`);
  // After listening: the workflows' task processes and integrations reach the endpoint by its URL.
  const scheduler =
    options.schedules === undefined
      ? undefined
      : await startServerSchedules({
          service,
          store,
          file: options.schedules,
          profile: options.profile,
          url,
          ...(log === undefined ? {} : { log }),
        });
  if (options.rules !== undefined) {
    try {
      installRulesFile({ file: options.rules, profile: options.profile, url, service, sqs, s3, events });
    } catch (error) {
      scheduler?.close();
      await releaseServices();
      server.close();
      throw error;
    }
  }
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    service,
    close() {
      closing ??= new Promise<void>((resolve) => {
        // Long polls (ReceiveMessage WaitTimeSeconds) end first, or they would hold the process for up to 20 s.
        sqs.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(async () => {
        scheduler?.close();
        await releaseServices();
      });
      return closing;
    },
  };
}

/**
 * Answers before the body is read (a refusal, a body over the limit): the rest of the body is discarded as it
 * arrives, so the connection stays usable. A body cut off for taking too long closes its connection instead.
 */
function answerEarly(req: IncomingMessage, res: ServerResponse, error: WireError): void {
  const answer = wireAnswer(protocolOf(req.method, req.url, req.headers), error, req.headers);
  const close = error.status === 408;
  res.writeHead(answer.status, {
    ...answer.headers,
    'content-length': Buffer.byteLength(answer.body),
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(answer.body);
  if (close) res.once('finish', () => req.socket.destroy());
  else req.resume();
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  handle: (request: ApiRequest) => Promise<ApiResponse>,
  limits: BodyLimits,
): Promise<void> {
  let response: ApiResponse;
  try {
    const read = await readBody(req, protocolOf(req.method, req.url, req.headers), limits);
    if (!read.ok) {
      answerEarly(req, res, read.error);
      return;
    }
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    // Aborted when the client hangs up first, so a long poll (GetActivityTask) hands its task to no one.
    const gone = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) gone.abort();
    });
    response = await handle({
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers,
      body: read.body,
      signal: gone.signal,
    });
  } catch {
    // The client went away mid-request; there is no one to answer.
    res.destroy();
    return;
  }
  res.writeHead(response.status, { ...response.headers, 'content-length': Buffer.byteLength(response.body) });
  res.end(response.body);
}
