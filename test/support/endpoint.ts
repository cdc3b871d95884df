/**
 * The real local endpoint in the test's own process: `startServer` on an ephemeral port over a temporary data
 * directory, with the unchanged AWS SDK clients pointed at it, as users point theirs. Suites that kill the server or
 * fill its disk start a separate process instead (server-process.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  SFNClient,
  StartExecutionCommand,
  type DescribeExecutionCommandOutput,
} from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { startServer, type RunningServer, type ServerOptions } from '../../src/api/server';
import { loadProfile } from '../../src/integrations';

/** What the endpoint accepts (it checks no signature). */
export const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };
export const REGION = 'us-east-1';
export const ROLE = 'arn:aws:iam::000000000000:role/local';
/** The repository's root, and the profile `fanout serve` and `fanout ocr` read by default. */
export const ROOT = resolve(__dirname, '../..');
export const LOCAL_PROFILE = join(ROOT, 'fanout.local.json');

export interface EndpointOptions extends Omit<ServerOptions, 'port' | 'dataDir'> {
  /** Names the temporary folder, `fanout-<name>-*`. */
  name: string;
  /** The server's data directory: a path inside the temporary folder, or an absolute one. @default the temporary folder */
  dataDir?: string;
  /** The SDK clients' attempts per call. @default 1, so a failure shows as itself rather than after retries */
  maxAttempts?: number;
  /**
   * Prepares the temporary folder before the server starts (writes a profile, a rules file, generates documents);
   * returns more options.
   */
  setUp?: (dir: string) => Partial<ServerOptions> | Promise<Partial<ServerOptions>>;
  /** Runs once the server has closed, before the temporary folder is removed (closes a task runner of the test's). */
  afterClose?: () => Promise<void>;
}

type Substitutions = ReturnType<typeof loadProfile>['substitutions'];

export interface ClientConfig {
  endpoint: string;
  region: string;
  credentials: typeof CREDENTIALS;
  maxAttempts: number;
}

export class TestEndpoint {
  private running: RunningServer;
  private clients: { sfn?: SFNClient; s3?: S3Client; sqs?: SQSClient; events?: EventBridgeClient } = {};
  private stopped = false;

  private constructor(
    private readonly options: EndpointOptions,
    /** The temporary folder, removed by `stop`. */
    readonly dir: string,
    readonly dataDir: string,
    server: RunningServer,
  ) {
    this.running = server;
  }

  static async start(options: EndpointOptions): Promise<TestEndpoint> {
    const dir = mkdtempSync(join(tmpdir(), `fanout-${options.name}-`));
    const dataDir =
      options.dataDir === undefined ? dir : isAbsolute(options.dataDir) ? options.dataDir : join(dir, options.dataDir);
    try {
      const prepared = { ...options, ...(await options.setUp?.(dir)) };
      return new TestEndpoint(prepared, dir, dataDir, await startServer(serverOptions(prepared, dataDir)));
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  get server(): RunningServer {
    return this.running;
  }

  get url(): string {
    return this.running.url;
  }

  /** For any other SDK client (EventBridge, a second SFN client with other settings). */
  get clientConfig(): ClientConfig {
    return { endpoint: this.url, region: REGION, credentials: CREDENTIALS, maxAttempts: this.options.maxAttempts ?? 1 };
  }

  get sfn(): SFNClient {
    // Without it the SDK sends StartSyncExecution and TestState to sync-<host>, which a local address is not.
    return (this.clients.sfn ??= new SFNClient({ ...this.clientConfig, disableHostPrefix: true }));
  }

  get s3(): S3Client {
    return (this.clients.s3 ??= new S3Client({ ...this.clientConfig, forcePathStyle: true }));
  }

  get sqs(): SQSClient {
    return (this.clients.sqs ??= new SQSClient(this.clientConfig));
  }

  get events(): EventBridgeClient {
    return (this.clients.events ??= new EventBridgeClient(this.clientConfig));
  }

  /**
   * What `fanout ocr` and `fanout demo etl` are given to run the repository's workflows here: this endpoint, its
   * client, and the substitutions of the profile it was started with.
   */
  get workflows(): { endpoint: string; client: SFNClient; root: string; substitutions: Substitutions } {
    const profile = this.options.profile;
    if (profile === undefined) throw new Error(`the ${this.options.name} endpoint was started without a profile`);
    return { endpoint: this.url, client: this.sfn, root: ROOT, substitutions: loadProfile(profile).substitutions };
  }

  /** The environment a task's container is given to reach the endpoint, as AWS_ENDPOINT_URL points the SDKs at it. */
  get taskEnv(): Record<string, string> {
    return {
      AWS_ENDPOINT_URL: this.url,
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    };
  }

  /** The queue URL the endpoint gives a queue of this name. */
  queueUrl(name: string): string {
    return `${this.url}/000000000000/${name}`;
  }

  /** Creates a state machine from the definition; returns its ARN. */
  async createStateMachine(name: string, definition: object | string, roleArn = ROLE): Promise<string> {
    const text = typeof definition === 'string' ? definition : JSON.stringify(definition);
    const created = await this.sfn.send(new CreateStateMachineCommand({ name, definition: text, roleArn }));
    return created.stateMachineArn!;
  }

  async startExecution(stateMachineArn: string, input: unknown = {}, name?: string): Promise<string> {
    const started = await this.sfn.send(
      new StartExecutionCommand({
        stateMachineArn,
        input: JSON.stringify(input),
        ...(name === undefined ? {} : { name }),
      }),
    );
    return started.executionArn!;
  }

  /** Polls DescribeExecution until the execution is no longer RUNNING. */
  async untilEnded(executionArn: string, intervalMs = 20, timeoutMs = 60_000): Promise<DescribeExecutionCommandOutput> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const described = await this.sfn.send(new DescribeExecutionCommand({ executionArn }));
      if (described.status !== 'RUNNING') return described;
      if (Date.now() > deadline) throw new Error(`${executionArn} is still RUNNING after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }

  /** Creates the state machine, starts it with the input and waits for its end. */
  async run(
    name: string,
    definition: object,
    input: unknown = {},
    intervalMs?: number,
  ): Promise<DescribeExecutionCommandOutput> {
    const executionArn = await this.startExecution(await this.createStateMachine(name, definition), input);
    return this.untilEnded(executionArn, intervalMs);
  }

  /** Closes the server and starts a new one on the same data directory, as a restarted `fanout serve` would. */
  async restart(): Promise<void> {
    this.destroyClients();
    await this.running.close();
    this.running = await startServer(serverOptions(this.options, this.dataDir));
  }

  /** Closes the clients and the server and removes the temporary folder. Safe to call twice. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.destroyClients();
    try {
      await this.running.close();
      await this.options.afterClose?.();
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }

  private destroyClients(): void {
    for (const client of Object.values(this.clients)) client.destroy();
    this.clients = {};
  }
}

function serverOptions(options: EndpointOptions, dataDir: string): ServerOptions {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { name, dataDir: _dataDir, maxAttempts, setUp, afterClose, ...server } = options;
  return { ...server, port: 0, dataDir };
}

/** Starts the endpoint; `stop` it in `afterAll`. */
export function startEndpoint(options: EndpointOptions): Promise<TestEndpoint> {
  return TestEndpoint.start(options);
}
