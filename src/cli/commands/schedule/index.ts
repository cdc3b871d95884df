import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DescribeExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { loadProfile, type Profile } from '../../../integrations';
import {
  DEFAULT_SCHEDULES_FILE,
  Scheduler,
  eventTime,
  fireTimesBetween,
  loadSchedules,
  nextFireTime,
  type Schedule,
} from '../../../schedules';
import type { ScheduleFiringTable } from '../../../store/schedule-firings';
import { MODULE_SCHEMAS } from '../../../api/schema';
import { Store } from '../../../store/store';
import { expectPositionals, defineCommand } from '../../args';
import { parseEndpoint } from '../../client';
import { withConnection } from '../../connect';
import type { CommandContext } from '../../context';
import { ExitCode, UsageError, inputError, messageOf } from '../../errors';
import { sleep } from '../../sleep';
import { forEndpoint, sdkTarget } from './targets';

const usage = `Usage: fanout schedule list [--count N] [--now ISO] [--json] [--schedules FILE] [--data-dir DIR]
       fanout schedule run-missed [--since ISO] [--until ISO] [--schedule NAME] [--dry-run]
                                  [--endpoint URL] [--data-dir DIR] [--schedules FILE] [--profile FILE]

list        each schedule with its next fire times (UTC and its time zone) and the last slot it fired
run-missed  fires the slots in (since, until] that were never fired — \`fanout serve\` does not replay slots
            that passed while it was down. Each slot fires at most once, also across runs (recorded in the data
            directory's SQLite). Without --endpoint an in-process engine runs them and waits for them to end.

Options:
  --count N          fire times to show per schedule (default 3)
  --now ISO          compute from this instant instead of the clock
  --since ISO        first instant to consider (default: the last slot the schedule fired)
  --until ISO        last instant to consider (default: now)
  --schedule NAME    only this schedule
  --dry-run          list the missed slots, fire nothing
  --endpoint URL     a running \`fanout serve\` (its --data-dir must be given too: the firings live there)
  --data-dir DIR     data directory (default .fanout)
  --schedules FILE   schedules file (default workflows/schedules.json)
  --profile FILE     local profile (default fanout.local.json when it exists)
  --json             print JSON
  -h, --help         show this help
`;

export const command = defineCommand(
  usage,
  {
    count: 'string',
    now: 'string',
    since: 'string',
    until: 'string',
    schedule: 'string',
    'dry-run': 'boolean',
    endpoint: 'string',
    'data-dir': 'string',
    schedules: 'string',
    profile: 'string',
    json: 'boolean',
  },
  async ({ values, positionals }, context) => {
    const [action = ''] = expectPositionals(positionals, ['ACTION'], usage);
    const profile = readProfile(context, values.profile);
    const file = resolve(
      values.schedules === undefined ? profile.root : context.cwd,
      values.schedules ?? DEFAULT_SCHEDULES_FILE,
    );
    let schedules: Schedule[];
    try {
      schedules = loadSchedules(file, profile.root);
    } catch (error) {
      throw inputError(messageOf(error));
    }
    if (values.schedule !== undefined) {
      schedules = schedules.filter((s) => s.name === values.schedule);
      if (schedules.length === 0) throw inputError(`no schedule named '${values.schedule}' in ${file}`);
    }
    const dataDir = resolve(context.cwd, values['data-dir'] ?? '.fanout');
    const now = instant(values.now, '--now') ?? Date.now();
    if (action === 'list') {
      const count = Number(values.count ?? 3);
      if (!Number.isInteger(count) || count < 1) throw new UsageError('--count must be a positive integer', usage);
      return list(schedules, dataDir, now, count, values.json === true, context);
    }
    if (action === 'run-missed') {
      const endpoint = values.endpoint === undefined ? undefined : parseEndpoint(values.endpoint, usage);
      return runMissed(
        {
          schedules,
          profile,
          dataDir,
          endpoint,
          since: instant(values.since, '--since'),
          until: instant(values.until, '--until') ?? now,
          dryRun: values['dry-run'] === true,
          json: values.json === true,
        },
        context,
      );
    }
    throw new UsageError(`unknown action '${action}': use list or run-missed`, usage);
  },
);

function readProfile(context: CommandContext, path: string | undefined): Profile {
  try {
    return loadProfile(path, context.cwd);
  } catch (error) {
    throw inputError(messageOf(error));
  }
}

function instant(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const t = Date.parse(text);
  if (Number.isNaN(t)) throw new UsageError(`${flag} must be an ISO-8601 date-time, got '${text}'`, usage);
  return t;
}

function fireOptions(s: Schedule): { timeZone: string; anchor?: number } {
  return { timeZone: s.timeZone, ...(s.startDate === undefined ? {} : { anchor: s.startDate }) };
}

/** Reads firings when the data directory exists; never creates one just to list. */
function withFirings<T>(dataDir: string, use: (firings: ScheduleFiringTable | undefined) => T): T {
  if (!existsSync(join(dataDir, 'fanout.db'))) return use(undefined);
  const store = Store.open(dataDir, { modules: MODULE_SCHEMAS });
  try {
    return use(store.scheduleFirings);
  } finally {
    store.close();
  }
}

function list(
  schedules: readonly Schedule[],
  dataDir: string,
  now: number,
  count: number,
  json: boolean,
  context: CommandContext,
): number {
  const rows = withFirings(dataDir, (firings) =>
    schedules.map((s) => {
      const next: number[] = [];
      let t: number | undefined = now;
      while (s.enabled && next.length < count && (t = nextFireTime(s.expression, t, fireOptions(s))) !== undefined)
        next.push(t);
      const last = firings?.last(s.name);
      return {
        name: s.name,
        expression: s.expression.text,
        timezone: s.timeZone,
        state: s.enabled ? 'ENABLED' : 'DISABLED',
        workflow: s.workflow,
        next: next.map(eventTime),
        nextLocal: next.map((n) => localTime(n, s.timeZone)),
        lastFired:
          last === undefined
            ? null
            : { slot: eventTime(last.slot), executionArn: last.executionArn, error: last.error },
      };
    }),
  );
  if (json) {
    context.stdout(`${JSON.stringify(rows, null, 2)}\n`);
    return ExitCode.Ok;
  }
  for (const r of rows) {
    context.stdout(`${r.name}  ${r.expression}  ${r.timezone}  ${r.state}  → ${r.workflow}\n`);
    if (r.next.length === 0) context.stdout('  next: none\n');
    r.next.forEach((n, i) =>
      context.stdout(`  next: ${n}${r.timezone === 'UTC' ? '' : `  (${r.nextLocal[i]} ${r.timezone})`}\n`),
    );
    context.stdout(
      `  last fired: ${r.lastFired === null ? 'never' : `${r.lastFired.slot} ${r.lastFired.executionArn ?? `(failed: ${r.lastFired.error ?? '?'})`}`}\n`,
    );
  }
  return ExitCode.Ok;
}

function localTime(t: number, zone: string): string {
  return new Date(t).toLocaleString('sv-SE', { timeZone: zone }).replace(' ', 'T');
}

interface RunMissedOptions {
  schedules: readonly Schedule[];
  profile: Profile;
  dataDir: string;
  endpoint: string | undefined;
  since: number | undefined;
  until: number;
  dryRun: boolean;
  json: boolean;
}

async function runMissed(options: RunMissedOptions, context: CommandContext): Promise<number> {
  const store = Store.open(options.dataDir, { modules: MODULE_SCHEMAS });
  try {
    const firings = store.scheduleFirings;
    const missed: { schedule: Schedule; slot: number }[] = [];
    for (const schedule of options.schedules) {
      if (!schedule.enabled) continue;
      const since = options.since ?? firings.last(schedule.name)?.slot;
      if (since === undefined) {
        context.stderr(`fanout: schedule ${schedule.name} never fired here; give --since to say from when\n`);
        continue;
      }
      for (const slot of fireTimesBetween(schedule.expression, since, options.until, fireOptions(schedule))) {
        if (!firings.has(schedule.name, slot)) missed.push({ schedule, slot });
      }
    }
    context.stderr(`fanout: ${missed.length} missed slot${missed.length === 1 ? '' : 's'}\n`);
    if (options.dryRun || missed.length === 0) {
      const out = missed.map((m) => ({ schedule: m.schedule.name, slot: eventTime(m.slot) }));
      context.stdout(
        options.json ? `${JSON.stringify(out, null, 2)}\n` : out.map((m) => `${m.schedule}  ${m.slot}\n`).join(''),
      );
      return ExitCode.Ok;
    }
    return await withConnection(
      { endpoint: options.endpoint, dataDir: options.dataDir },
      context,
      async (connection) => {
        const scheduler = new Scheduler({
          schedules: options.schedules,
          firings,
          target: sdkTarget(connection.client, forEndpoint(options.profile.substitutions, connection.endpoint)),
          location: { region: 'us-east-1', accountId: '000000000000' },
          log: (line) => context.stderr(`fanout: ${line}\n`),
        });
        const results = [];
        for (const { schedule, slot } of missed) {
          results.push({
            schedule: schedule.name,
            slot: eventTime(slot),
            ...(await scheduler.fire(schedule, slot, 'run-missed')),
          });
        }
        let code: number = results.some((r) => r.status === 'failed') ? ExitCode.Failed : ExitCode.Ok;
        // An in-process engine stops with this command: wait for what it started.
        if (connection.inProcess) {
          for (const r of results) {
            if (r.status !== 'started') continue;
            const status = await waitFor(connection.client, r.executionArn, context);
            Object.assign(r, { executionStatus: status });
            if (status !== 'SUCCEEDED') code = ExitCode.Failed;
          }
        }
        context.stdout(
          options.json
            ? `${JSON.stringify(results, null, 2)}\n`
            : results
                .map((r) => `${r.schedule}  ${r.slot}  ${r.status === 'started' ? r.executionArn : r.status}\n`)
                .join(''),
        );
        return code;
      },
    );
  } finally {
    store.close();
  }
}

async function waitFor(client: SFNClient, executionArn: string, context: CommandContext): Promise<string> {
  const started = Date.now();
  let lastReport = 0;
  for (;;) {
    const execution = await client.send(new DescribeExecutionCommand({ executionArn }));
    const status = execution.status ?? 'UNKNOWN';
    if (status !== 'RUNNING') {
      context.stderr(
        `fanout: ${executionArn} ${status}${execution.error ? `: ${execution.error}: ${execution.cause ?? ''}` : ''}\n`,
      );
      return status;
    }
    if (Date.now() - lastReport > 10_000) {
      lastReport = Date.now();
      context.stderr(`fanout: waiting for ${executionArn} (${Math.round((Date.now() - started) / 1000)} s)\n`);
    }
    await sleep(500);
  }
}
