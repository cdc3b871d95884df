import { SQSClient } from '@aws-sdk/client-sqs';
import { expectPositionals, defineCommand } from '../../args';
import { CONNECTION_OPTIONS, endpointOptions, withConnection } from '../../connect';
import { ExitCode, UsageError, failed, inputError } from '../../errors';
import {
  DEFAULT_DLQ,
  describeDeadLetter,
  findStateMachineArn,
  receiveAll,
  redrive,
  release,
  resolveQueueUrl,
  type RedriveTarget,
} from '../../../operator';
import { renderDeadLetter, renderDeadLetters } from './render';

const usage = `Usage: fanout dlq list [--queue NAME|URL] [--json]
       fanout dlq show MESSAGE_ID [--queue NAME|URL]
       fanout dlq redrive (--to QUEUE | --start STATE_MACHINE) [--id MESSAGE_ID] [--queue NAME|URL]

Shows and redrives the dead-letter queue: the items a workflow parked with their error and cause.

  list      every message: id, sent, receive count, error, cause, origin (execution @ state)
  show      one message in full (its body parsed when it is JSON)
  redrive   move messages back to work — sent to QUEUE, or each the input of a new execution of
            STATE_MACHINE (name or ARN) — deleting each from the DLQ once that succeeded

Listing receives the messages and makes them visible again (their receive count goes up by one).

Options:
  --queue NAME|URL              the dead-letter queue (default ${DEFAULT_DLQ})
  --to QUEUE                    redrive: the queue (name or URL) to send the messages to
  --start STATE_MACHINE         redrive: start an execution per message, its body as input
  --id MESSAGE_ID               redrive only this message
  --json                        list: print the messages as JSON
  --endpoint URL                a running endpoint (default: open the data directory in-process)
  --data-dir DIR                data directory when no --endpoint is given (default .fanout)
  -h, --help                    show this help
`;

const credentials = { accessKeyId: 'dummy', secretAccessKey: 'dummy' };

export const command = defineCommand(
  usage,
  {
    queue: 'string',
    to: 'string',
    start: 'string',
    id: 'string',
    json: 'boolean',
    ...CONNECTION_OPTIONS,
  },
  async ({ values, positionals }, context) => {
    const [action, ...rest] = positionals;
    if (action === undefined) throw new UsageError('missing list, show or redrive', usage);
    if (action !== 'list' && action !== 'show' && action !== 'redrive') {
      throw new UsageError(`unknown action '${action}': use list, show or redrive`, usage);
    }
    const [messageId] = expectPositionals(rest, action === 'show' ? ['MESSAGE_ID'] : [], usage);
    if (action === 'redrive' && (values.to === undefined) === (values.start === undefined)) {
      throw new UsageError('redrive needs exactly one of --to QUEUE or --start STATE_MACHINE', usage);
    }
    const { endpoint, dataDir } = endpointOptions(values, context.cwd, usage);

    return withConnection({ endpoint, dataDir }, context, async ({ client: sfn, endpoint: url }) => {
      const sqs = new SQSClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 2 });
      try {
        const dlqUrl = await resolveQueueUrl(sqs, values.queue ?? DEFAULT_DLQ);
        const messages = await receiveAll(sqs, dlqUrl);
        const only = action === 'show' ? messageId : values.id;
        const selected = only === undefined ? [...messages] : messages.filter((m) => m.MessageId === only);
        try {
          if (only !== undefined && selected.length === 0) throw inputError(`no message ${only} in ${dlqUrl}`);
          if (action === 'list') {
            const letters = selected.map((m) => describeDeadLetter(m));
            if (values.json) {
              context.stdout(
                `${JSON.stringify(
                  letters.map(({ receiptHandle: _r, ...l }) => l),
                  null,
                  2,
                )}\n`,
              );
            } else if (letters.length === 0) {
              context.stderr(`fanout: ${dlqUrl} is empty\n`);
            } else {
              context.stdout(renderDeadLetters(letters));
            }
            return ExitCode.Ok;
          }
          if (action === 'show') {
            context.stdout(renderDeadLetter(describeDeadLetter(selected[0]!)));
            return ExitCode.Ok;
          }
          let target: RedriveTarget;
          if (values.to !== undefined) {
            target = { queueUrl: await resolveQueueUrl(sqs, values.to) };
          } else {
            const name = values.start!;
            const arn = name.startsWith('arn:') ? name : await findStateMachineArn(sfn, name);
            if (arn === undefined) throw inputError(`no state machine named '${name}'`);
            target = { stateMachineArn: arn };
          }
          const { result, kept } = await redrive({ sqs, sfn }, dlqUrl, selected, target);
          const moved = new Set(selected.filter((m) => !kept.includes(m)));
          messages.splice(0, messages.length, ...messages.filter((m) => !moved.has(m)));
          context.stdout(`redrove ${result.moved} of ${selected.length} message(s)\n`);
          for (const f of result.failed) context.stderr(`fanout: ${f.messageId} kept: ${f.reason}\n`);
          if (result.failed.length > 0) throw failed(`${result.failed.length} message(s) could not be redriven`);
          return ExitCode.Ok;
        } finally {
          await release(sqs, dlqUrl, messages);
        }
      } finally {
        sqs.destroy();
      }
    });
  },
);
