/**
 * LocalLambda: the functions the profile declares, each run by warm execution environments (runtime processes
 * reused between invocations, as Lambda reuses its sandboxes). An invocation takes an idle environment of the
 * version it resolved to, or starts one (a cold start: the REPORT line in its log carries `Init Duration`) while
 * fewer than the function's concurrency are running, all its versions together; beyond that it waits for one to
 * be free. Used by the Task integrations and by the Lambda API on the endpoint.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import type { FunctionDefinition } from '../profile';
import type { TaskLogs } from '../logs';
import { WireError } from '../../protocol/wire-error';
import { ExecutionEnvironment, type FunctionError, type InvocationAnswer } from './execution-environment';
import { parseFunctionName } from './function-name';
import { FunctionVersions } from './function-versions';
import { inMemoryVersionStore, type FunctionVersionStore } from './versions';

/** Environments per function when the profile sets no reservedConcurrency: bounded, two cores are shared. */
export const DEFAULT_FUNCTION_CONCURRENCY = 4;

export interface LambdaLocation {
  region: string;
  accountId: string;
  endpointUrl: string;
  /** Published versions' code is copied under `<dataDir>/lambda`. */
  dataDir: string;
}

export interface InvokeRequest {
  /** Name, `name:qualifier`, or a (partial) function ARN. */
  functionName: string;
  qualifier?: string;
  /** The event as JSON text (Lambda passes the bytes it was given). */
  payload: string;
  /** @default 'RequestResponse' */
  invocationType?: 'RequestResponse' | 'Event' | 'DryRun';
  clientContext?: unknown;
  /** Where the invocation's log is recorded (the execution's task logs); the function's own stream otherwise. */
  execution?: { executionArn: string; stateName: string };
  /** Aborting ends the invocation early (the environment is killed, as a timed-out one). */
  signal?: AbortSignal;
}

export interface InvokeResult {
  statusCode: 200 | 202 | 204;
  executedVersion: string;
  /** The response payload as JSON text ('' for Event and DryRun). */
  payload: string;
  /** `Unhandled` when the function failed; the payload then is the error. */
  functionError?: 'Unhandled';
  requestId: string;
  functionArn: string;
  /** The invocation's log file, relative to `<dataDir>/logs`. */
  logFile?: string;
  coldStart: boolean;
}

/** A function's invocations in flight, all versions together: reserved concurrency is the function's. */
interface Gate {
  limit: number;
  running: number;
  waiting: Array<() => void>;
  coldStarts: number;
}

/** The warm environments of one version of a function (`$LATEST` or N): each version runs its own code. */
interface Pool {
  definition: FunctionDefinition;
  version: string;
  gate: Gate;
  idle: ExecutionEnvironment[];
}

export class LocalLambda {
  readonly versions: FunctionVersions;
  private readonly functions: ReadonlyMap<string, FunctionDefinition>;
  private readonly gates = new Map<string, Gate>();
  private readonly pools = new Map<string, Pool>();

  constructor(
    functions: ReadonlyMap<string, FunctionDefinition>,
    readonly location: () => LambdaLocation,
    private readonly logs: () => TaskLogs,
    private readonly log?: (line: string) => void,
    /** Published versions and aliases. @default kept in memory */
    versionStore?: () => FunctionVersionStore,
  ) {
    this.functions = functions;
    for (const [name, definition] of functions) {
      this.gates.set(name, {
        limit: definition.reservedConcurrency ?? DEFAULT_FUNCTION_CONCURRENCY,
        running: 0,
        waiting: [],
        coldStarts: 0,
      });
    }
    const memory = versionStore === undefined ? inMemoryVersionStore() : undefined;
    this.versions = new FunctionVersions(
      functions,
      versionStore ?? (() => memory!),
      () => join(this.location().dataDir, 'lambda'),
      (name) => this.functionArn(name),
      log,
    );
  }

  has(name: string): boolean {
    return this.functions.has(name);
  }

  functionNames(): string[] {
    return [...this.functions.keys()];
  }

  functionArn(name: string): string {
    const { region, accountId } = this.location();
    return `arn:aws:lambda:${region}:${accountId}:function:${name}`;
  }

  /** Cold starts so far (environments started) of one function, all versions together. */
  coldStarts(name: string): number {
    return this.gates.get(name)?.coldStarts ?? 0;
  }

  definition(name: string): FunctionDefinition | undefined {
    return this.functions.get(name);
  }

  async invoke(request: InvokeRequest): Promise<InvokeResult> {
    const { name, qualifier } = parseFunctionName(request.functionName, request.qualifier);
    const derived = parseFunctionName(request.functionName).qualifier;
    if (request.qualifier !== undefined && derived !== undefined && derived !== request.qualifier) {
      throw new WireError(
        'InvalidParameterValueException',
        'The derived qualifier from the function name does not match the specified qualifier.',
      );
    }
    const resolved = this.versions.resolve(name, qualifier);
    const pool = this.pool(name, resolved.version, resolved.definition);
    let event: unknown;
    try {
      event = request.payload === '' ? {} : JSON.parse(request.payload);
    } catch {
      throw new WireError(
        'InvalidRequestContentException',
        'Could not parse request body into json: Unexpected character',
      );
    }
    const requestId = randomUUID();
    // The ARN the function was invoked by: context.invokedFunctionArn names the alias or version asked for.
    const functionArn = `${this.functionArn(name)}${qualifier === undefined ? '' : `:${qualifier}`}`;
    const type = request.invocationType ?? 'RequestResponse';
    const executedVersion = resolved.version;
    if (type === 'DryRun') {
      return { statusCode: 204, executedVersion, payload: '', requestId, functionArn, coldStart: false };
    }
    const run = this.run(pool, event, requestId, functionArn, request);
    if (type === 'Event') {
      run.catch((error: unknown) =>
        this.log?.(`lambda ${name}: event invocation ${requestId} failed: ${String(error)}`),
      );
      return { statusCode: 202, executedVersion, payload: '', requestId, functionArn, coldStart: false };
    }
    return run;
  }

  /** DeleteFunction of a version: the version and its code copy go, and so do its idle environments. */
  deleteVersion(name: string, version: string): void {
    this.versions.deleteVersion(name, version);
    const pool = this.pools.get(`${name}:${version}`);
    if (pool === undefined) return;
    for (const environment of pool.idle) environment.kill();
    this.pools.delete(`${name}:${version}`);
  }

  /** Stops every environment. */
  close(): void {
    for (const pool of this.pools.values()) {
      for (const environment of pool.idle) environment.kill();
      pool.idle = [];
    }
  }

  private pool(name: string, version: string, definition: FunctionDefinition): Pool {
    const key = `${name}:${version}`;
    let pool = this.pools.get(key);
    if (pool === undefined) {
      pool = { definition, version, gate: this.gates.get(name)!, idle: [] };
      this.pools.set(key, pool);
    }
    return pool;
  }

  private async run(
    pool: Pool,
    event: unknown,
    requestId: string,
    functionArn: string,
    request: InvokeRequest,
  ): Promise<InvokeResult> {
    const { definition, gate, version } = pool;
    while (gate.running >= gate.limit) await new Promise<void>((r) => gate.waiting.push(r));
    gate.running++;
    let environment = pool.idle.pop();
    const coldStart = environment === undefined;
    const logs = this.logs();
    const opened = logs.open(
      {
        arn: `${this.functionArn(definition.name)}:${requestId}`,
        executionArn: request.execution?.executionArn ?? this.functionArn(definition.name),
        stateName: request.execution?.stateName ?? definition.name,
        attempt: 1,
      },
      `lambda-${definition.name}-${requestId}`,
    );
    const logStream: Writable = opened.stream;
    let keep = false;
    try {
      let initDurationMs: number | undefined;
      if (environment === undefined) {
        gate.coldStarts++;
        environment = this.start(definition, version);
        this.log?.(`lambda ${definition.name}: cold start (environment ${environment.logStreamName})`);
        const ready = await environment.ready;
        initDurationMs = ready.initDurationMs;
        if (ready.initError !== undefined) {
          logStream.write(
            `INIT_REPORT Init Duration: ${ready.initDurationMs} ms Phase: init Status: error Error Type: ${ready.initError.errorType}\n`,
          );
          environment.kill();
          return this.failed(
            ready.initError,
            version,
            requestId,
            functionArn,
            (code: number | null) => opened.close(code),
            coldStart,
          );
        }
      }
      const started = Date.now();
      logStream.write(`START RequestId: ${requestId} Version: ${version}\n`);
      const answer = await this.invokeWithin(
        environment,
        event,
        requestId,
        functionArn,
        pool,
        logStream,
        request.signal,
      );
      const duration = Date.now() - started;
      logStream.write(`END RequestId: ${requestId}\n`);
      logStream.write(
        `REPORT RequestId: ${requestId}\tDuration: ${duration.toFixed(2)} ms\tBilled Duration: ${Math.max(1, Math.ceil(duration))} ms\tMemory Size: ${definition.memorySize} MB` +
          (initDurationMs === undefined ? '' : `\tInit Duration: ${initDurationMs.toFixed(2)} ms`) +
          '\n',
      );
      keep = answer.kind === 'payload' || answer.kind === 'error';
      return {
        ...(await this.result(answer, pool, requestId, functionArn, opened, coldStart)),
        logFile: opened.file,
      };
    } finally {
      gate.running--;
      // A version deleted meanwhile has no pool any more: its environment is not kept.
      if (keep && environment?.alive && this.pools.get(`${definition.name}:${version}`) === pool) {
        pool.idle.push(environment);
      } else if (environment?.alive) environment.kill();
      gate.waiting.shift()?.();
    }
  }

  private invokeWithin(
    environment: ExecutionEnvironment,
    event: unknown,
    requestId: string,
    invokedFunctionArn: string,
    { definition, version }: Pool,
    log: Writable,
    signal: AbortSignal | undefined,
  ): Promise<InvocationAnswer> {
    const context = {
      functionName: definition.name,
      functionVersion: version,
      invokedFunctionArn,
      memoryLimitInMB: definition.memorySize,
      awsRequestId: requestId,
      logGroupName: `/aws/lambda/${definition.name}`,
      logStreamName: environment.logStreamName,
    };
    const answer = environment.invoke(event, context, definition.timeout * 1000, log);
    if (signal === undefined) return answer;
    const onAbort = (): void => environment.kill();
    signal.addEventListener('abort', onAbort, { once: true });
    return answer.finally(() => signal.removeEventListener('abort', onAbort));
  }

  private async result(
    answer: InvocationAnswer,
    { definition, version }: Pool,
    requestId: string,
    functionArn: string,
    opened: { close(exitCode: number | null): Promise<void> },
    coldStart: boolean,
  ): Promise<InvokeResult> {
    switch (answer.kind) {
      case 'payload':
        await opened.close(0);
        return {
          statusCode: 200,
          executedVersion: version,
          payload: JSON.stringify(answer.payload ?? null),
          requestId,
          functionArn,
          coldStart,
        };
      case 'error':
        return this.failed(
          answer.error,
          version,
          requestId,
          functionArn,
          (code: number | null) => opened.close(code),
          coldStart,
        );
      case 'timedOut':
        return this.failed(
          {
            errorType: 'Sandbox.Timedout',
            errorMessage: `RequestId: ${requestId} Error: Task timed out after ${definition.timeout.toFixed(2)} seconds`,
          },
          version,
          requestId,
          functionArn,
          (code: number | null) => opened.close(code),
          coldStart,
        );
      case 'crashed':
        await opened.close(answer.exitCode);
        throw new WireError(
          'Unknown',
          `RequestId: ${requestId} Error: Runtime exited ${answer.signal === null ? `with error: exit status ${answer.exitCode}` : `on signal ${answer.signal}`}`,
          { status: 502 },
        );
    }
  }

  private async failed(
    error: FunctionError,
    version: string,
    requestId: string,
    functionArn: string,
    close: (exitCode: number | null) => Promise<void>,
    coldStart: boolean,
  ): Promise<InvokeResult> {
    await close(1);
    return {
      statusCode: 200,
      executedVersion: version,
      payload: JSON.stringify(error),
      functionError: 'Unhandled',
      requestId,
      functionArn,
      coldStart,
    };
  }

  private start(definition: FunctionDefinition, version: string): ExecutionEnvironment {
    const { region, endpointUrl } = this.location();
    const date = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
    const stream = `${date}/[${version}]${randomUUID().replace(/-/g, '')}`;
    const runtimeEnv: Record<string, string> = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      LAMBDA_TASK_ROOT: definition.code,
      LAMBDA_RUNTIME_DIR: definition.code,
      _HANDLER: definition.handler,
      AWS_EXECUTION_ENV: `AWS_Lambda_${definition.runtime}`,
      AWS_LAMBDA_FUNCTION_NAME: definition.name,
      AWS_LAMBDA_FUNCTION_VERSION: version,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(definition.memorySize),
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${definition.name}`,
      AWS_LAMBDA_LOG_STREAM_NAME: stream,
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      AWS_ENDPOINT_URL: endpointUrl,
      AWS_ACCESS_KEY_ID: 'fanout',
      AWS_SECRET_ACCESS_KEY: 'fanout',
      AWS_SESSION_TOKEN: 'fanout',
      PYTHONUNBUFFERED: '1',
      PYTHONDONTWRITEBYTECODE: '1',
      ...definition.environment,
    };
    return new ExecutionEnvironment(definition, runtimeEnv, stream);
  }
}
