/**
 * `fanout serve` as a real separate process started from the TypeScript sources (test/fixtures/bad-input/
 * start-server.js, transpiled on load, so a test never runs a stale dist/), for tests that kill -9 it and start it
 * again on the same data directory; and small helpers for following executions across the restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { GetExecutionHistoryCommand, SFNClient, type HistoryEvent } from '@aws-sdk/client-sfn';

/** Starts the server in its own process from the sources; prints its URL once it listens. */
const SERVER_SCRIPT = resolve(__dirname, '../fixtures/bad-input/start-server.js');

export interface ServerProcess {
  process: ChildProcess;
  url: string;
  client: SFNClient;
}

export interface ServerProcessOptions {
  dataDir: string;
  /** @default no profile */
  profile?: string;
  /** The server's log lines are appended here. @default none */
  logFile?: string;
  /** `--chaos`, e.g. `spot-interruption=0.2`. @default none */
  chaos?: string;
  /** @default 0 (any free port) */
  port?: number;
  env?: NodeJS.ProcessEnv;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

const spawned: ChildProcess[] = [];

export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    [
      SERVER_SCRIPT,
      options.dataDir,
      options.profile ?? '-',
      options.logFile ?? '-',
      options.chaos ?? '-',
      String(options.port ?? 0),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env },
  );
  spawned.push(child);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolveUrl(line.trim());
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
  });
  const client = new SFNClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: options.credentials ?? { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
  return { process: child, url, client };
}

/** SIGKILLs every server process this module started that is still running (for afterAll). */
export function killServerProcesses(): void {
  for (const child of spawned) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

export async function kill9(server: ServerProcess): Promise<void> {
  server.client.destroy();
  const exited = new Promise((r) => server.process.once('exit', r));
  server.process.kill('SIGKILL');
  await exited;
}

export async function stopGracefully(server: ServerProcess): Promise<void> {
  server.client.destroy();
  const exited = new Promise((r) => server.process.once('exit', r));
  server.process.kill('SIGTERM');
  await exited;
}

/** A free TCP port on 127.0.0.1, so a restarted server can listen where the first one did. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

export async function history(client: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(
      new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, ...(nextToken ? { nextToken } : {}) }),
    );
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

export { until } from './until';
