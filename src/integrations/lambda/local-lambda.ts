/**
 * LocalLambda: the functions the profile declares, each run by warm execution environments (runtime processes
 * reused between invocations, as Lambda reuses its sandboxes). An invocation takes an idle environment, or starts
 * one (a cold start: the REPORT line in its log carries `Init Duration`) while fewer than the function's
 * concurrency are running; beyond that it waits for one to be free. Used by the Task integrations and by the
 * Lambda Invoke API on the endpoint.
 */
import { randomUUID } from 'node:crypto';
import type { Writable } from 'node:stream';
import type { FunctionDefinition } from '../profile';
import type { TaskLogs } from '../logs';
import { ExecutionEnvironment, type FunctionError, type InvocationAnswer } from './execution-environment';

/** Environments per function when the profile sets no reservedConcurrency: bounded, two cores are shared. */
export const DEFAULT_FUNCTION_CONCURRENCY = 4;

export interface LambdaLocation {
  region: string;
  accountId: string;
  endpointUrl: string;
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

/** Lambda's own errors (not the function's): ResourceNotFoundException and the like, with their HTTP status. */
export class LambdaServiceError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

interface Pool {
  definition: FunctionDefinition;
  idle: ExecutionEnvironment[];
  running: number;
  waiting: Array<() => void>;
  coldStarts: number;
  environments: number;
}

export class LocalLambda {
  private readonly pools = new Map<string, Pool>();

  constructor(
    functions: ReadonlyMap<string, FunctionDefinition>,
    private readonly location: () => LambdaLocation,
    private readonly logs: () => TaskLogs,
    private readonly log?: (line: string) => void,
  ) {
    for (const [name, definition] of functions) {
      this.pools.set(name, { definition, idle: [], running: 0, waiting: [], coldStarts: 0, environments: 0 });
    }
  }

  has(name: string): boolean {
    return this.pools.has(name);
  }

  functionNames(): string[] {
    return [...this.pools.keys()];
  }

  functionArn(name: string): string {
    const { region, accountId } = this.location();
    return `arn:aws:lambda:${region}:${accountId}:function:${name}`;
  }

  /** Cold starts so far (environments started) of one function. */
  coldStarts(name: string): number {
    return this.pools.get(name)?.coldStarts ?? 0;
  }

  definition(name: string): FunctionDefinition | undefined {
    return this.pools.get(name)?.definition;
  }

  async invoke(request: InvokeRequest): Promise<InvokeResult> {
    const { name, qualifier } = parseFunctionName(request.functionName, request.qualifier);
    const pool = this.pools.get(name);
    if (pool === undefined) {
      throw new LambdaServiceError(
        'ResourceNotFoundException',
        404,
        `Function not found: ${this.functionArn(name)}${qualifier === undefined ? '' : `:${qualifier}`}`,
      );
    }
    if (qualifier !== undefined && qualifier !== '$LATEST') {
      throw new LambdaServiceError(
        'ResourceNotFoundException',
        404,
        `Function not found: ${this.functionArn(name)}:${qualifier} (locally every function has only $LATEST)`,
      );
    }
    let event: unknown;
    try {
      event = request.payload === '' ? {} : JSON.parse(request.payload);
    } catch {
      throw new LambdaServiceError(
        'InvalidRequestContentException',
        400,
        'Could not parse request body into json: Unexpected character',
      );
    }
    const requestId = randomUUID();
    const functionArn = this.functionArn(name);
    const type = request.invocationType ?? 'RequestResponse';
    if (type === 'DryRun') {
      return { statusCode: 204, executedVersion: '$LATEST', payload: '', requestId, functionArn, coldStart: false };
    }
    const run = this.run(pool, event, requestId, request);
    if (type === 'Event') {
      run.catch((error: unknown) =>
        this.log?.(`lambda ${name}: event invocation ${requestId} failed: ${String(error)}`),
      );
      return { statusCode: 202, executedVersion: '$LATEST', payload: '', requestId, functionArn, coldStart: false };
    }
    return run;
  }

  /** Stops every environment. */
  close(): void {
    for (const pool of this.pools.values()) {
      for (const environment of pool.idle) environment.kill();
      pool.idle = [];
    }
  }

  private async run(pool: Pool, event: unknown, requestId: string, request: InvokeRequest): Promise<InvokeResult> {
    const { definition } = pool;
    const functionArn = this.functionArn(definition.name);
    const limit = definition.reservedConcurrency ?? DEFAULT_FUNCTION_CONCURRENCY;
    while (pool.idle.length === 0 && pool.running >= limit) await new Promise<void>((r) => pool.waiting.push(r));
    pool.running++;
    let environment = pool.idle.pop();
    const coldStart = environment === undefined;
    const logs = this.logs();
    const opened = logs.open(
      {
        arn: `${functionArn}:${requestId}`,
        executionArn: request.execution?.executionArn ?? functionArn,
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
        pool.coldStarts++;
        pool.environments++;
        environment = this.start(definition);
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
            requestId,
            functionArn,
            (code: number | null) => opened.close(code),
            coldStart,
          );
        }
      }
      const started = Date.now();
      logStream.write(`START RequestId: ${requestId} Version: $LATEST\n`);
      const answer = await this.invokeWithin(environment, event, requestId, definition, logStream, request.signal);
      const duration = Date.now() - started;
      logStream.write(`END RequestId: ${requestId}\n`);
      logStream.write(
        `REPORT RequestId: ${requestId}\tDuration: ${duration.toFixed(2)} ms\tBilled Duration: ${Math.max(1, Math.ceil(duration))} ms\tMemory Size: ${definition.memorySize} MB` +
          (initDurationMs === undefined ? '' : `\tInit Duration: ${initDurationMs.toFixed(2)} ms`) +
          '\n',
      );
      keep = answer.kind === 'payload' || answer.kind === 'error';
      return {
        ...(await this.result(answer, definition, requestId, functionArn, opened, coldStart)),
        logFile: opened.file,
      };
    } finally {
      pool.running--;
      if (keep && environment?.alive) pool.idle.push(environment);
      pool.waiting.shift()?.();
    }
  }

  private invokeWithin(
    environment: ExecutionEnvironment,
    event: unknown,
    requestId: string,
    definition: FunctionDefinition,
    log: Writable,
    signal: AbortSignal | undefined,
  ): Promise<InvocationAnswer> {
    const context = {
      functionName: definition.name,
      functionVersion: '$LATEST',
      invokedFunctionArn: this.functionArn(definition.name),
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
    definition: FunctionDefinition,
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
          executedVersion: '$LATEST',
          payload: JSON.stringify(answer.payload ?? null),
          requestId,
          functionArn,
          coldStart,
        };
      case 'error':
        return this.failed(
          answer.error,
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
          requestId,
          functionArn,
          (code: number | null) => opened.close(code),
          coldStart,
        );
      case 'crashed':
        await opened.close(answer.exitCode);
        throw new LambdaServiceError(
          'Unknown',
          502,
          `RequestId: ${requestId} Error: Runtime exited ${answer.signal === null ? `with error: exit status ${answer.exitCode}` : `on signal ${answer.signal}`}`,
        );
    }
  }

  private async failed(
    error: FunctionError,
    requestId: string,
    functionArn: string,
    close: (exitCode: number | null) => Promise<void>,
    coldStart: boolean,
  ): Promise<InvokeResult> {
    await close(1);
    return {
      statusCode: 200,
      executedVersion: '$LATEST',
      payload: JSON.stringify(error),
      functionError: 'Unhandled',
      requestId,
      functionArn,
      coldStart,
    };
  }

  private start(definition: FunctionDefinition): ExecutionEnvironment {
    const { region, endpointUrl } = this.location();
    const date = new Date().toISOString().slice(0, 10).replace(/-/g, '/');
    const stream = `${date}/[$LATEST]${randomUUID().replace(/-/g, '')}`;
    const runtimeEnv: Record<string, string> = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      LAMBDA_TASK_ROOT: definition.code,
      LAMBDA_RUNTIME_DIR: definition.code,
      _HANDLER: definition.handler,
      AWS_EXECUTION_ENV: `AWS_Lambda_${definition.runtime}`,
      AWS_LAMBDA_FUNCTION_NAME: definition.name,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
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

/** `name`, `name:qualifier`, `arn:aws:lambda:region:account:function:name[:qualifier]`, `account:function:name`. */
export function parseFunctionName(functionName: string, qualifier?: string): { name: string; qualifier?: string } {
  const parts = functionName.split(':');
  let name: string;
  let fromName: string | undefined;
  if (parts[0] === 'arn') {
    name = parts[6] ?? '';
    fromName = parts[7];
  } else if (parts.length >= 3 && parts[1] === 'function') {
    name = parts[2] ?? '';
    fromName = parts[3];
  } else {
    name = parts[0] ?? '';
    fromName = parts[1];
  }
  const q = qualifier ?? fromName;
  return q === undefined ? { name } : { name, qualifier: q };
}
