import type { ExecutionListItem, ExecutionStatus } from '@aws-sdk/client-sfn';
import { expectPositionals, defineCommand } from '../../args';
import { CONNECTION_OPTIONS, endpointOptions, withConnection } from '../../connect';
import { ExitCode, UsageError, inputError } from '../../errors';
import { findStateMachineArn, listExecutions, listStateMachines } from '../../../operator';
import { renderExecutionsTable } from './table';

const STATUSES = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'] as const;

const usage = `Usage: fanout executions [--status STATUS] [--state-machine NAME|ARN] [--endpoint URL] [--data-dir DIR]

Lists executions, newest first: name, state machine, status, start time and duration.

Options:
  --status STATUS               only executions in this status: ${STATUSES.join(', ')}
  --state-machine NAME|ARN      only this state machine's executions
  --endpoint URL                ask a running endpoint (default: open the data directory in-process)
  --data-dir DIR                data directory when no --endpoint is given (default .fanout)
  -h, --help                    show this help
`;

export const command = defineCommand(
  usage,
  {
    status: 'string',
    'state-machine': 'string',
    ...CONNECTION_OPTIONS,
  },
  async ({ values, positionals }, context) => {
    expectPositionals(positionals, [], usage);
    const status = parseStatus(values.status);
    const { endpoint, dataDir } = endpointOptions(values, context.cwd, usage);
    const machine = values['state-machine'];

    const executions = await withConnection({ endpoint, dataDir }, context, async ({ client }) => {
      let arns: string[];
      if (machine === undefined) {
        arns = (await listStateMachines(client)).flatMap((m) =>
          m.stateMachineArn === undefined ? [] : [m.stateMachineArn],
        );
      } else if (machine.startsWith('arn:')) {
        arns = [machine];
      } else {
        const arn = await findStateMachineArn(client, machine);
        if (arn === undefined) throw inputError(`no state machine named '${machine}'`);
        arns = [arn];
      }
      const all: ExecutionListItem[] = [];
      for (const arn of arns) all.push(...(await listExecutions(client, arn, status)));
      return all;
    });
    if (executions.length === 0) {
      context.stderr('fanout: no executions\n');
      return ExitCode.Ok;
    }
    context.stdout(renderExecutionsTable(executions, new Date()));
    return ExitCode.Ok;
  },
);

function parseStatus(text: string | undefined): ExecutionStatus | undefined {
  if (text === undefined) return undefined;
  const status = STATUSES.find((s) => s === text.toUpperCase());
  if (status === undefined)
    throw new UsageError(`--status must be one of ${STATUSES.join(', ')}, got '${text}'`, usage);
  return status;
}
