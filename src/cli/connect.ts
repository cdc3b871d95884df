/**
 * An endpoint for the duration of one command: the one given with --endpoint, or a server started in this
 * process on an ephemeral port over the data directory. Both are then used the same way, through the SDK, so
 * there is one code path to test.
 */
import { resolve } from 'node:path';
import type { SFNClient } from '@aws-sdk/client-sfn';
import type { RunningServer } from '../api/server';
import { createClient, parseEndpoint } from './client';
import type { CommandContext } from './context';
import { serverLog } from './context';
import { CliError, ExitCode, endpointError, messageOf } from './errors';
import { networkErrorCode } from './network-error';

export interface EndpointOptions {
  /** Undefined: start an in-process server. */
  endpoint: string | undefined;
  dataDir: string;
  /** The profile the in-process server runs tasks with. @default fanout.local.json in the working directory, if any */
  profile?: string;
  /** The in-process server's clock (`fanout serve --time`). @default 'real' */
  time?: 'real' | 'virtual';
}

/** `--endpoint URL` and `--data-dir DIR`, the options of every command that reaches an endpoint or opens one. */
export const CONNECTION_OPTIONS = { endpoint: 'string', 'data-dir': 'string' } as const;

/** The endpoint and data directory CONNECTION_OPTIONS name; the data directory defaults to `.fanout`. */
export function endpointOptions(
  values: { endpoint?: string; 'data-dir'?: string },
  cwd: string,
  usage: string,
): { endpoint: string | undefined; dataDir: string } {
  return {
    endpoint: values.endpoint === undefined ? undefined : parseEndpoint(values.endpoint, usage),
    dataDir: resolve(cwd, values['data-dir'] ?? '.fanout'),
  };
}

export interface Connection {
  client: SFNClient;
  endpoint: string;
  /** True when this process started the server (closing it ends the executions it runs). */
  inProcess: boolean;
}

export async function withConnection<T>(
  options: EndpointOptions,
  context: CommandContext,
  use: (connection: Connection) => Promise<T>,
): Promise<T> {
  const server = options.endpoint === undefined ? await startInProcess(options, context) : undefined;
  const endpoint = server?.url ?? options.endpoint ?? '';
  const client = createClient(endpoint);
  try {
    return await use({ client, endpoint, inProcess: server !== undefined });
  } catch (error) {
    const code = networkErrorCode(error);
    if (code !== undefined)
      throw endpointError(`cannot reach ${endpoint} (${code}): is \`fanout serve\` running there?`);
    throw error;
  } finally {
    client.destroy();
    await server?.close();
  }
}

async function startInProcess(options: EndpointOptions, context: CommandContext): Promise<RunningServer> {
  const { startServer } = await import('../api/server');
  const { dataDir } = options;
  try {
    return await startServer({
      port: 0,
      host: '127.0.0.1',
      dataDir,
      log: serverLog(context, 'fanout: engine: '),
      ...(options.profile === undefined ? {} : { profile: options.profile }),
      ...(options.time === undefined ? {} : { time: options.time }),
    });
  } catch (error) {
    throw new CliError(`could not open the data directory '${dataDir}': ${messageOf(error)}`, ExitCode.Input);
  }
}
