/**
 * A `.waitForTaskToken` task reports its own end: heartbeats while it works (so HeartbeatSeconds does not time it
 * out), then SendTaskSuccess or SendTaskFailure. Errors and causes are cut to the API's limits (256 / 32768).
 */
import {
  SFNClient,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
} from '@aws-sdk/client-sfn';
import { awsClientConfig, type Env } from './aws-config';
import type { Logger } from './log';

/** The part of SFNClient used here, so tests can record calls. */
export interface SfnSender {
  send(command: SendTaskSuccessCommand | SendTaskFailureCommand | SendTaskHeartbeatCommand): Promise<unknown>;
}

export interface Timers {
  setInterval(run: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface TaskTokenReporterOptions {
  token: string;
  /** @default an SFNClient from the environment */
  client?: SfnSender;
  env?: Env;
  /** @default 60 (FANOUT_HEARTBEAT_SECONDS) */
  heartbeatSeconds?: number;
  log?: Logger;
  /** @default the global timers */
  timers?: Timers;
}

const MAX_ERROR = 256;
const MAX_CAUSE = 32768;

export function taskTokenFromEnv(env: Env = process.env): string | undefined {
  const token = env['FANOUT_TASK_TOKEN'] ?? env['TASK_TOKEN'];
  return token === undefined || token === '' ? undefined : token;
}

export class TaskTokenReporter {
  readonly token: string;
  private readonly client: SfnSender;
  private readonly log: Logger | undefined;
  private readonly timers: Timers;
  private readonly heartbeatMs: number;
  private heartbeat: unknown;
  private done = false;

  constructor(options: TaskTokenReporterOptions) {
    this.token = options.token;
    const env = options.env ?? process.env;
    this.client = options.client ?? new SFNClient(awsClientConfig(env, 'SFN'));
    this.log = options.log;
    this.timers = options.timers ?? {
      setInterval: (run, ms) => setInterval(run, ms).unref(),
      clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
    };
    const seconds = options.heartbeatSeconds ?? Number(env['FANOUT_HEARTBEAT_SECONDS'] ?? '60');
    this.heartbeatMs = Math.max(1, Number.isFinite(seconds) && seconds > 0 ? seconds : 60) * 1000;
  }

  /** Sends a heartbeat every interval until succeed/fail. A failed heartbeat is logged, not fatal. */
  startHeartbeats(): void {
    if (this.heartbeat !== undefined || this.done) return;
    this.heartbeat = this.timers.setInterval(() => void this.sendHeartbeat(), this.heartbeatMs);
  }

  async sendHeartbeat(): Promise<void> {
    try {
      await this.client.send(new SendTaskHeartbeatCommand({ taskToken: this.token }));
    } catch (error) {
      this.log?.warn('task heartbeat failed', { error });
    }
  }

  async succeed(output: unknown): Promise<void> {
    this.stop();
    await this.client.send(new SendTaskSuccessCommand({ taskToken: this.token, output: JSON.stringify(output ?? {}) }));
  }

  async fail(error: string, cause: string): Promise<void> {
    this.stop();
    await this.client.send(
      new SendTaskFailureCommand({
        taskToken: this.token,
        error: error.slice(0, MAX_ERROR),
        cause: cause.slice(0, MAX_CAUSE),
      }),
    );
  }

  stop(): void {
    this.done = true;
    if (this.heartbeat !== undefined) this.timers.clearInterval(this.heartbeat);
    this.heartbeat = undefined;
  }
}
