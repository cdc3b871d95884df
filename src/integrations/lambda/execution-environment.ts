/**
 * One Lambda execution environment: a runtime process (lambda-runtimes/node.cjs or python.py) that loaded the
 * handler once and runs one invocation at a time. Requests go as JSON lines on its stdin, answers come back on
 * fd 3; its stdout and stderr are the function's log, written to the current invocation's log.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { FunctionDefinition } from '../profile';

/** lambda-runtimes/ sits at the project root, three levels above this file in src/ and in dist/. */
const RUNTIMES = resolve(__dirname, '../../../lambda-runtimes');

export interface FunctionError {
  errorType: string;
  errorMessage: string;
  [field: string]: unknown;
}

export type InvocationAnswer =
  | { kind: 'payload'; payload: unknown }
  | { kind: 'error'; error: FunctionError }
  /** The runtime exited or was killed while invoking. */
  | { kind: 'crashed'; exitCode: number | null; signal: NodeJS.Signals | null }
  | { kind: 'timedOut' };

export interface InvocationContext {
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: number;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  clientContext?: unknown;
}

export class ExecutionEnvironment {
  readonly logStreamName: string;
  /** When the init phase ended (ms), and how long it took. */
  readonly ready: Promise<{ initError?: FunctionError; initDurationMs: number }>;
  private readonly process: ChildProcess;
  private readonly pending = new Map<number, (answer: InvocationAnswer) => void>();
  private nextId = 1;
  private log: Writable | undefined;
  private exited = false;

  constructor(
    readonly definition: FunctionDefinition,
    env: Readonly<Record<string, string>>,
    streamName: string,
  ) {
    this.logStreamName = streamName;
    const python = definition.runtime.startsWith('python');
    const started = Date.now();
    this.process = spawn(
      python ? 'python3' : process.execPath,
      [python ? resolve(RUNTIMES, 'python.py') : resolve(RUNTIMES, 'node.cjs')],
      { cwd: definition.code, env: { ...env }, stdio: ['pipe', 'pipe', 'pipe', 'pipe'] },
    );
    this.process.stdin?.on('error', () => undefined);
    for (const stream of [this.process.stdout, this.process.stderr]) {
      stream?.on('data', (chunk: Buffer) => this.log?.write(chunk));
    }
    const answers = createInterface({ input: this.process.stdio[3] as Readable });
    this.ready = new Promise((settle) => {
      let settled = false;
      const done = (initError?: FunctionError): void => {
        if (settled) return;
        settled = true;
        settle({ ...(initError ? { initError } : {}), initDurationMs: Date.now() - started });
      };
      answers.on('line', (line) => {
        let message: {
          ready?: boolean;
          initError?: FunctionError;
          id?: number;
          ok?: boolean;
          payload?: unknown;
          error?: FunctionError;
        };
        try {
          message = JSON.parse(line) as typeof message;
        } catch {
          return;
        }
        if (message.ready === true) done();
        else if (message.initError !== undefined) done(message.initError);
        else if (message.id !== undefined) {
          const resolveAnswer = this.pending.get(message.id);
          this.pending.delete(message.id);
          resolveAnswer?.(
            message.ok === true
              ? { kind: 'payload', payload: message.payload }
              : { kind: 'error', error: message.error ?? { errorType: 'Unknown', errorMessage: '' } },
          );
        }
      });
      this.process.on('error', (error) =>
        done({ errorType: 'Runtime.Unavailable', errorMessage: `${python ? 'python3' : 'node'}: ${error.message}` }),
      );
      this.process.on('exit', (exitCode, signal) => {
        this.exited = true;
        done({
          errorType: 'Runtime.ExitError',
          errorMessage: `Runtime exited with error: exit status ${exitCode ?? signal}`,
        });
        for (const [id, resolveAnswer] of this.pending) {
          this.pending.delete(id);
          resolveAnswer({ kind: 'crashed', exitCode, signal });
        }
      });
    });
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** Runs one invocation; the handler's output goes to `log` meanwhile. A timeout kills the environment. */
  invoke(event: unknown, context: InvocationContext, timeoutMs: number, log: Writable): Promise<InvocationAnswer> {
    this.log = log;
    const id = this.nextId++;
    const deadline = Date.now() + timeoutMs;
    return new Promise<InvocationAnswer>((settle) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        this.kill();
        settle({ kind: 'timedOut' });
      }, timeoutMs);
      this.pending.set(id, (answer) => {
        clearTimeout(timer);
        settle(answer);
      });
      this.process.stdin?.write(`${JSON.stringify({ id, event, context, deadline })}\n`);
    });
  }

  kill(): void {
    if (!this.exited) this.process.kill('SIGKILL');
  }
}
