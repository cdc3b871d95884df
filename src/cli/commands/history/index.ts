import { GetExecutionHistoryCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import { expectPositionals, defineCommand } from '../../args';
import { CONNECTION_OPTIONS, endpointOptions, withConnection } from '../../connect';
import { ExitCode, UsageError } from '../../errors';
import { renderHistoryTable } from '../../format/history';

const usage = `Usage: fanout history EXECUTION_ARN [--json] [--endpoint URL] [--data-dir DIR]

Prints an execution's event history: id, time since start, type, state, and a detail (error and cause, or a
preview of the output). With --json, the events as GetExecutionHistory returns them.

Options:
  --json          print the events as JSON
  --endpoint URL  ask a running endpoint (default: open the data directory in-process)
  --data-dir DIR  data directory when no --endpoint is given (default .fanout)
  -h, --help      show this help
`;

export const command = defineCommand(
  usage,
  { json: 'boolean', ...CONNECTION_OPTIONS },
  async ({ values, positionals }, context) => {
    const [executionArn = ''] = expectPositionals(positionals, ['EXECUTION_ARN'], usage);
    if (!executionArn.startsWith('arn:')) {
      throw new UsageError(
        `expected an execution ARN (arn:aws:states:...:execution:...), got '${executionArn}'`,
        usage,
      );
    }
    const { endpoint, dataDir } = endpointOptions(values, context.cwd, usage);

    const events = await withConnection({ endpoint, dataDir }, context, async ({ client }) => {
      const all: HistoryEvent[] = [];
      let nextToken: string | undefined;
      do {
        const page = await client.send(
          new GetExecutionHistoryCommand({
            executionArn,
            maxResults: 1000,
            ...(nextToken === undefined ? {} : { nextToken }),
          }),
        );
        all.push(...(page.events ?? []));
        nextToken = page.nextToken;
      } while (nextToken !== undefined);
      return all;
    });
    context.stdout(values.json === true ? `${JSON.stringify({ events }, null, 2)}\n` : renderHistoryTable(events));
    return ExitCode.Ok;
  },
);
