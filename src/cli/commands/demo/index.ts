import { loadProfile, type Profile } from '../../../integrations';
import type { RunningServer } from '../../../api/server';
import { expectPositionals, defineCommand } from '../../args';
import { createClient } from '../../client';
import type { CommandContext } from '../../context';
import { serverLog } from '../../context';
import { CliError, ExitCode, UsageError, inputError, messageOf } from '../../errors';
import { networkErrorCode } from '../../network-error';
import { DEMO_RUN_DATE, runEtlNight } from './etl-night';
import type { NightDocument } from './night-document';
import { CONNECTION_OPTIONS, endpointOptions } from '../../connect';

const usage = `Usage: fanout demo etl [--data-dir DIR] [--json] [--endpoint URL] [--run-date YYYY-MM-DD] [--rows MIN-MAX]
                       [--profile FILE]

Runs one night of the nightly ETL (workflows/nightly-etl.asl.json, docs/etl.md): seeds the demo night into the
local S3 unless it is there (50 sources, ~160k rows, with malformed rows, duplicates, late rows, a drifted
schema, a missing and a truncated file), then runs the workflow with real Batch job processes and shows the
outcome. Running it again re-runs the same night; the warehouse does not change. Progress goes to stderr.
Exits 0 when the night SUCCEEDED, 1 otherwise.

Options:
  --data-dir DIR        data directory of the in-process engine (default .fanout)
  --endpoint URL        use a running \`fanout serve\` instead
  --json                print one JSON document (execution, sources, DLQ, warehouse tables) on stdout
  --run-date DATE       the night (default ${DEMO_RUN_DATE})
  --rows MIN-MAX        clean rows per source when seeding (default 1000-5000)
  --profile FILE        local profile (default fanout.local.json)
  -h, --help            show this help
`;

export const command = defineCommand(
  usage,
  {
    ...CONNECTION_OPTIONS,
    json: 'boolean',
    'run-date': 'string',
    rows: 'string',
    profile: 'string',
  },
  async ({ values, positionals }, context) => {
    const [what = ''] = expectPositionals(positionals, ['WHAT'], usage);
    if (what !== 'etl') throw new UsageError(`unknown demo '${what}': the demo is etl`, usage);
    const runDate = values['run-date'] ?? DEMO_RUN_DATE;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(runDate))
      throw new UsageError(`--run-date must be YYYY-MM-DD, got '${runDate}'`, usage);
    const rows = parseRows(values.rows);
    const { endpoint, dataDir } = endpointOptions(values, context.cwd, usage);
    let profile: Profile;
    try {
      profile = loadProfile(values.profile, context.cwd);
    } catch (error) {
      throw inputError(messageOf(error));
    }
    const progress = (line: string): void => context.stderr(`fanout: ${line}\n`);

    const server = endpoint === undefined ? await startInProcess(dataDir, profile, context) : undefined;
    const url = server?.url ?? endpoint ?? '';
    progress(server ? `local engine, data in ${dataDir}` : `endpoint ${url}`);
    const client = createClient(url);
    const interrupt = new AbortController();
    void context.waitForStopSignal().then(() => interrupt.abort(new Error('interrupted')));
    try {
      const { document, seconds } = await runEtlNight({
        endpoint: url,
        client,
        root: profile.root,
        substitutions: profile.substitutions,
        runDate,
        ...(rows === undefined ? {} : { rows }),
        progress,
        signal: interrupt.signal,
      });
      progress(`night ${runDate} ${document.status} in ${seconds.toFixed(1)} s`);
      if (values.json) context.stdout(`${JSON.stringify(document, null, 2)}\n`);
      else context.stdout(render(document));
      if (document.status !== 'SUCCEEDED') {
        context.stderr(`fanout: ${document.status}: ${document.error ?? ''}: ${document.cause ?? ''}\n`);
        return ExitCode.Failed;
      }
      return ExitCode.Ok;
    } catch (error) {
      if (interrupt.signal.aborted) {
        context.stderr(`\nfanout: interrupted${server ? '; the in-process engine stops its execution' : ''}\n`);
        return ExitCode.Interrupted;
      }
      const code = networkErrorCode(error);
      if (code !== undefined)
        throw new CliError(`cannot reach ${url} (${code}): is \`fanout serve\` running there?`, ExitCode.Endpoint);
      throw error;
    } finally {
      client.destroy();
      await server?.close();
    }
  },
);

function parseRows(text: string | undefined): { min: number; max: number } | undefined {
  if (text === undefined) return undefined;
  const [min = NaN, max = min] = text.split('-').map(Number);
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max < min) {
    throw new UsageError(`--rows must be MIN-MAX with 1 <= MIN <= MAX, got '${text}'`, usage);
  }
  return { min, max };
}

async function startInProcess(dataDir: string, profile: Profile, context: CommandContext): Promise<RunningServer> {
  const { startServer } = await import('../../../api/server');
  try {
    return await startServer({
      port: 0,
      dataDir,
      log: serverLog(context, 'fanout: engine: '),
      ...(profile.path === undefined ? {} : { profile: profile.path }),
    });
  } catch (error) {
    throw new CliError(`could not start the engine over '${dataDir}': ${messageOf(error)}`, ExitCode.Input);
  }
}

function render(d: NightDocument): string {
  const n = (v: number | null): string => (v === null ? '-' : String(v));
  const lines = [
    `${'source'.padEnd(26)} ${'status'.padEnd(9)} try ${'read'.padStart(7)} ${'loaded'.padStart(7)} ${'quar.'.padStart(6)} ${'dups'.padStart(5)} ${'late'.padStart(5)}  error`,
  ];
  for (const s of d.sources) {
    lines.push(
      `${s.name.padEnd(26)} ${s.status.padEnd(9)} ${n(s.attempts).padStart(3)} ${n(s.rowsRead).padStart(7)} ${n(s.rowsLoaded).padStart(7)} ` +
        `${n(s.rowsQuarantined).padStart(6)} ${n(s.duplicatesDropped).padStart(5)} ${n(s.lateRowsDropped).padStart(5)}  ${s.error === null ? '' : `${s.error}: ${(s.cause ?? '').slice(0, 80)}`}`,
    );
  }
  const tables = Object.values(d.warehouse.tables);
  lines.push(
    '',
    `${d.status}  ${d.runDate}  ${d.executionArn}`,
    `DLQ: ${d.dlq.messages} message(s) from this night (fanout dlq list)`,
    `warehouse: ${tables.length} tables, ${tables.reduce((a, b) => a + b, 0)} rows`,
  );
  return `${lines.join('\n')}\n`;
}
