import { expectPositionals, defineCommand } from '../../args';
import { parseEndpoint } from '../../client';
import { ExitCode, endpointError } from '../../errors';
import { networkErrorCode } from '../../network-error';
import type { ActivityView } from '../../../ui/resource-views';
import { renderTable } from '../../format/table';

const usage = `Usage: fanout activities [--endpoint URL] [--json]

Lists the activities of a running \`fanout serve\` with the tasks waiting for a worker (GetActivityTask), the
tasks workers hold and have not answered, and the workers polling now. Waiting tasks live in the server's
memory, so this asks the running endpoint.

Options:
  --endpoint URL  the running endpoint (default $FANOUT_ENDPOINT, else http://127.0.0.1:8083)
  --json          print the activities and their tasks as JSON
  -h, --help      show this help
`;

export const command = defineCommand(
  usage,
  { endpoint: 'string', json: 'boolean' },
  async ({ values, positionals }, context) => {
    expectPositionals(positionals, [], usage);
    const endpoint = parseEndpoint(values.endpoint ?? context.env['FANOUT_ENDPOINT'] ?? 'http://127.0.0.1:8083', usage);
    let response: Response;
    try {
      response = await fetch(`${endpoint}/ui/api/activities`);
    } catch (error) {
      throw endpointError(
        `cannot reach ${endpoint} (${networkErrorCode(error) ?? 'no answer'}): is \`fanout serve\` running there?`,
      );
    }
    if (!response.ok) throw endpointError(`${endpoint} answered ${response.status}: is it a fanout endpoint?`);
    const activities = (await response.json()) as ActivityView[];
    if (values.json) {
      context.stdout(`${JSON.stringify(activities, null, 2)}\n`);
      return ExitCode.Ok;
    }
    if (activities.length === 0) {
      context.stderr('fanout: no activities\n');
      return ExitCode.Ok;
    }
    context.stdout(
      renderTable(
        ['ACTIVITY', 'WAITING', 'HELD', 'POLLING'],
        activities.map((a) => [a.name, String(a.waiting.length), String(a.running.length), String(a.pollers)]),
      ),
    );
    const tasks = activities.flatMap((a) => [
      ...a.waiting.map((t) => [a.name, 'waiting', t] as const),
      ...a.running.map((t) => [a.name, 'held', t] as const),
    ]);
    if (tasks.length > 0) {
      context.stdout(
        '\n' +
          renderTable(
            ['ACTIVITY', 'TASK', 'SCHEDULED', 'WORKER', 'STATE', 'EXECUTION'],
            tasks.map(([name, status, t]) => [
              name,
              status,
              isoSeconds(t.scheduled),
              t.workerName ?? '',
              t.stateName,
              t.executionArn,
            ]),
          ),
      );
    }
    return ExitCode.Ok;
  },
);

function isoSeconds(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
