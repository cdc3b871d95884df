import { resolve } from 'node:path';
import {
  DescribeExecutionCommand,
  StartExecutionCommand,
  StopExecutionCommand,
  type DescribeExecutionOutput,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { expectPositionals, defineCommand } from '../../args';
import {
  CONNECTION_OPTIONS,
  endpointOptions,
  withConnection,
  type Connection,
  type EndpointOptions,
} from '../../connect';
import type { CommandContext } from '../../context';
import { ExitCode, UsageError } from '../../errors';
import { failingStatePath } from '../../format/history';
import { readExecutionInput } from '../../input';
import { loadCliProfile } from '../../profile';
import { loadWorkflow } from '../../workflow';
import { followHistory } from './follow';
import { formatOutcome } from './outcome';
import { ProgressPrinter } from './progress';
import { deployWorkflow } from './state-machine';

const usage = `Usage: fanout run FILE.asl.json [--input JSON|@file] [--name NAME] [--profile FILE] [--endpoint URL] [--data-dir DIR]
                        [--time real|virtual]

Creates (or updates) the state machine named after the file (demo.asl.json -> demo), starts an execution, shows
each state as it is entered and exited on stderr, and prints the output as JSON on stdout. Exits 0 when the
execution SUCCEEDED, 1 otherwise with its error, cause and failing state. \${Name} placeholders in the file are
filled from the profile's "substitutions".

Options:
  --input JSON|@file  execution input, inline or from a file (default {})
  --name NAME         execution name (default: a generated id)
  --profile FILE      the local profile: substitutions, task and job definitions (default fanout.local.json, if present)
  --endpoint URL      use a running endpoint, e.g. http://127.0.0.1:8083 (default: an in-process engine)
  --data-dir DIR      data directory of the in-process engine (default .fanout)
  --time MODE         the in-process engine's clock: real (default) or virtual, where Waits, retry back-offs and
                      timeouts skip ahead whenever nothing else can run (as \`fanout serve --time virtual\`)
  -h, --help          show this help
`;

export const command = defineCommand(
  usage,
  {
    input: 'string',
    name: 'string',
    profile: 'string',
    ...CONNECTION_OPTIONS,
    time: 'string',
  },
  async ({ values, positionals }, context) => {
    const [file = ''] = expectPositionals(positionals, ['FILE'], usage);
    const { endpoint, dataDir } = endpointOptions(values, context.cwd, usage);
    const time = values.time ?? 'real';
    if (time !== 'real' && time !== 'virtual') {
      throw new UsageError(`--time must be real or virtual, got '${time}'`, usage);
    }
    if (values.time !== undefined && endpoint !== undefined)
      throw new UsageError(
        "--time sets the in-process engine's clock; a running endpoint has its own (serve --time)",
        usage,
      );
    const profile = loadCliProfile(values.profile, context.cwd);
    const workflow = loadWorkflow(resolve(context.cwd, file), profile.substitutions);
    if (workflow.unresolved.length > 0) {
      context.stderr(`fanout: warning: no value for \${${workflow.unresolved.join('}, ${')}} in ${file}\n`);
    }
    const input = readExecutionInput(values.input, context.cwd);

    const server: EndpointOptions = {
      endpoint,
      dataDir,
      time,
      ...(profile.path === undefined ? {} : { profile: profile.path }),
    };
    return withConnection(server, context, async (connection) => {
      context.stderr(
        connection.inProcess
          ? `fanout: local engine, data in ${dataDir}\n`
          : `fanout: endpoint ${connection.endpoint}\n`,
      );
      const stateMachineArn = await deployWorkflow(connection.client, workflow);
      const started = await connection.client.send(
        new StartExecutionCommand({
          stateMachineArn,
          input,
          ...(values.name === undefined ? {} : { name: values.name }),
        }),
      );
      const executionArn = started.executionArn ?? '';
      context.stderr(`fanout: execution ${executionArn}\n`);
      return follow(connection, executionArn, context);
    });
  },
);

async function follow(connection: Connection, executionArn: string, context: CommandContext): Promise<number> {
  const { client } = connection;
  const events: HistoryEvent[] = [];
  const printer = new ProgressPrinter((line) => context.stderr(`${line}\n`));
  const interrupt = new AbortController();
  void context.waitForStopSignal().then(() => interrupt.abort(new Error('interrupted')));
  try {
    await followHistory(
      client,
      executionArn,
      (event) => {
        events.push(event);
        printer.onEvent(event);
      },
      { signal: interrupt.signal },
    );
  } catch (error) {
    if (!interrupt.signal.aborted) throw error;
    return interrupted(connection, executionArn, context);
  }
  const execution = await client.send(new DescribeExecutionCommand({ executionArn }));
  return report(execution, events, context);
}

function report(execution: DescribeExecutionOutput, events: readonly HistoryEvent[], context: CommandContext): number {
  const outcome = formatOutcome(execution, failingStatePath(events));
  context.stderr(outcome.status);
  if (outcome.output !== undefined) context.stdout(outcome.output);
  return execution.status === 'SUCCEEDED' ? ExitCode.Ok : ExitCode.Failed;
}

/**
 * Ctrl-C: an in-process engine is about to go away, so its execution is stopped rather than left RUNNING in the
 * data directory; on a separate endpoint it carries on.
 */
async function interrupted(connection: Connection, executionArn: string, context: CommandContext): Promise<number> {
  if (connection.inProcess) {
    await connection.client.send(
      new StopExecutionCommand({ executionArn, error: 'fanout.Interrupted', cause: 'Stopped from the command line' }),
    );
    context.stderr(`\nfanout: interrupted; execution stopped\n`);
  } else {
    context.stderr(`\nfanout: interrupted; the execution continues on ${connection.endpoint}\n`);
  }
  return ExitCode.Interrupted;
}
