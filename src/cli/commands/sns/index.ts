import { defineCommand } from '../../args';
import { CONNECTION_OPTIONS, endpointOptions, withConnection } from '../../connect';
import { ExitCode, UsageError, endpointError } from '../../errors';
import { truncate } from '../../format/preview';
import { renderTable } from '../../format/table';

const usage = `Usage: fanout sns list [TOPIC] [--json] [--endpoint URL] [--data-dir DIR]

Lists the messages workflows published with sns:publish (locally every message is kept), oldest first.

Options:
  TOPIC                         only this topic (name or ARN)
  --json                        print the messages as JSON
  --endpoint URL                a running endpoint (default: open the data directory in-process)
  --data-dir DIR                data directory when no --endpoint is given (default .fanout)
  -h, --help                    show this help
`;

interface Published {
  topic: string;
  topicArn: string;
  messageId: string;
  message: string;
  subject?: string;
  published: number;
}

export const command = defineCommand(
  usage,
  { json: 'boolean', ...CONNECTION_OPTIONS },
  async ({ values, positionals }, context) => {
    const [action, topicArg, extra] = positionals;
    if (action !== 'list')
      throw new UsageError(action === undefined ? 'missing list' : `unknown action '${action}'`, usage);
    if (extra !== undefined) throw new UsageError(`unexpected argument '${extra}'`, usage);
    const topic = topicArg?.startsWith('arn:') ? topicArg.split(':').pop() : topicArg;
    const { endpoint, dataDir } = endpointOptions(values, context.cwd, usage);

    const messages = await withConnection({ endpoint, dataDir }, context, async ({ endpoint: url }) => {
      const form = new URLSearchParams({ Action: 'ListPublishedMessages', Version: '2010-03-31' });
      if (topic !== undefined) form.set('Topic', topic);
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
      if (!response.ok) throw endpointError(`${url} answered ${response.status}: is it a fanout endpoint?`);
      return ((await response.json()) as { Messages: Published[] }).Messages;
    });
    if (values.json) {
      context.stdout(`${JSON.stringify(messages, null, 2)}\n`);
    } else if (messages.length === 0) {
      context.stderr(`fanout: no messages${topic === undefined ? '' : ` on ${topic}`}\n`);
    } else {
      context.stdout(
        renderTable(
          ['PUBLISHED', 'TOPIC', 'SUBJECT', 'MESSAGE'],
          messages.map((m) => [
            new Date(m.published).toISOString().replace(/\.\d{3}Z$/, 'Z'),
            m.topic,
            m.subject ?? '',
            truncate(m.message, 60),
          ]),
        ),
      );
    }
    return ExitCode.Ok;
  },
);
