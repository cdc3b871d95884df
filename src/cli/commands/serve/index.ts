import { atLeast, formatLogRecord, type LogSink } from '../../../runtime';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DEFAULT_SCHEDULES_FILE, loadSchedules } from '../../../schedules';
import { DEFAULT_RULES_FILE } from '../../../events';
import { defineCommand, expectPositionals, parsePort } from '../../args';
import type { CommandContext } from '../../context';
import { serverLog } from '../../context';
import { CliError, ExitCode, UsageError, inputError, messageOf } from '../../errors';
import type { RetentionPolicy } from '../../../store/retention';

const usage = `Usage: fanout serve [--port 8083] [--host 127.0.0.1] [--allow-host NAME]... [--data-dir .fanout]
                   [--profile FILE] [--chaos SPEC]
                   [--schedules FILE | --no-schedules] [--rules FILE | --no-rules]
                   [--log-format text|json] [--log-level info|debug]
                   [--mock-config FILE] [--time real|virtual] [--retention-days 90] [--retention-count N]

Starts the local endpoint: the Step Functions JSON API, so the AWS SDKs and the AWS CLI work against it with
--endpoint-url. Prints its URL on stdout; stops cleanly on Ctrl-C (SIGINT) or SIGTERM.

Options:
  --port N          TCP port; 0 picks a free one (default 8083)
  --host HOST       address to listen on (default 127.0.0.1); the endpoint has no authentication
  --allow-host NAME a host name requests may be addressed to besides loopback names and --host (repeatable);
                    requests to any other Host, and browser requests from other origins, are refused
  --data-dir DIR    where state machines, executions and histories are kept (default .fanout)
  --profile FILE    local profile (substitutions, task and job definitions, capacity); default
                    fanout.local.json when it exists
  --chaos SPEC      inject faults, e.g. spot-interruption=0.1 (interrupt ~10% of FARGATE_SPOT tasks),
                    event-target-throttling=0.5 (throttle ~half of EventBridge's target deliveries)
  --schedules FILE  schedules to fire (docs/schedules.md); default workflows/schedules.json when it exists
  --no-schedules    fire no schedules
  --rules FILE      EventBridge rules to install (docs/events.md); default workflows/rules.json when it exists
  --no-rules        install no rules
  --log-format FMT  text (default) or json: one object per line with time, level, msg, executionArn, stateName
  --log-level LEVEL info (default: executions started, ended, failed) or debug (also every state entered/exited)
  --mock-config FILE  a Step Functions Local mock configuration (default $SFN_MOCK_CONFIG): StartExecution of
                    '<stateMachineArn>#<TestCase>' mocks the states the test case names (docs/testing.md)
  --time MODE       real (default) or virtual: Waits, retry back-offs, heartbeats and timeouts skip ahead
                    whenever nothing else can run; histories carry the virtual timestamps
  --retention-days N  closed executions (histories, Map Run children, task logs) are removed N days after they
                    end (default 90, as AWS keeps them; 0 keeps them forever)
  --retention-count N keep only the newest N closed executions (default: no limit)
  -h, --help        show this help
`;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export const command = defineCommand(
  usage,
  {
    port: 'string',
    host: 'string',
    'allow-host': { type: 'string', multiple: true },
    'data-dir': 'string',
    profile: 'string',
    chaos: 'string',
    schedules: 'string',
    'no-schedules': 'boolean',
    rules: 'string',
    'no-rules': 'boolean',
    'log-format': 'string',
    'log-level': 'string',
    'mock-config': 'string',
    time: 'string',
    'retention-days': 'string',
    'retention-count': 'string',
  },
  async ({ values, positionals }, context) => {
    expectPositionals(positionals, [], usage);
    const port = parsePort(values.port, 8083, usage);
    const host = values.host ?? '127.0.0.1';
    if (host === '') throw new UsageError('--host must not be empty', usage);
    const dataDir = resolve(context.cwd, values['data-dir'] ?? '.fanout');
    if (values.profile !== undefined && !existsSync(resolve(context.cwd, values.profile))) {
      throw inputError(`profile '${values.profile}' does not exist`);
    }
    const defaultProfile = resolve(context.cwd, 'fanout.local.json');
    const profile =
      values.profile !== undefined
        ? resolve(context.cwd, values.profile)
        : existsSync(defaultProfile)
          ? defaultProfile
          : undefined;
    const schedules = values['no-schedules'] ? undefined : schedulesFile(context.cwd, values.schedules, profile);
    const rules = values['no-rules'] ? undefined : rulesFile(context.cwd, values.rules, profile);
    const time = values.time ?? 'real';
    if (time !== 'real' && time !== 'virtual')
      throw new UsageError(`--time must be real or virtual, got '${time}'`, usage);
    const mockConfigPath = values['mock-config'] ?? (context.env['SFN_MOCK_CONFIG'] || undefined);
    const mockConfig = mockConfigPath === undefined ? undefined : resolve(context.cwd, mockConfigPath);
    const retention = retentionPolicy(values['retention-days'], values['retention-count']);
    const logEvent = executionLog(context, values['log-format'] ?? 'text', values['log-level'] ?? 'info');
    if (!LOOPBACK.has(host)) {
      context.stderr(
        `fanout: warning: listening on ${host}: the endpoint has no authentication; anyone who can reach it can start executions\n`,
      );
    }

    // Subscribe before starting, so a signal during startup is not lost.
    const stopped = context.waitForStopSignal();
    const { startServer } = await import('../../../api/server');
    let server;
    try {
      server = await startServer({
        port,
        host,
        ...(values['allow-host'] === undefined ? {} : { allowHosts: values['allow-host'] }),
        dataDir,
        log: serverLog(context, 'fanout: '),
        logEvent,
        ...(profile === undefined ? {} : { profile }),
        ...(values.chaos === undefined ? {} : { chaos: values.chaos }),
        ...(schedules === undefined ? {} : { schedules }),
        ...(rules === undefined ? {} : { rules }),
        ...(mockConfig === undefined ? {} : { mockConfig }),
        time,
        retention,
      });
    } catch (error) {
      throw startFailure(error, host, port, dataDir);
    }
    context.stdout(`${server.url}\n`);
    context.stderr(`fanout: serving ${dataDir}; Ctrl-C to stop\n`);
    const signal = await stopped;
    context.stderr(`fanout: ${signal}: stopping\n`);
    await server.close();
    return ExitCode.Ok;
  },
);

/** `--retention-days` / `--retention-count` as a policy; 0 days and no count keeps everything. */
export function retentionPolicy(days: string | undefined, count: string | undefined): RetentionPolicy | false {
  const whole = (flag: string, text: string): number => {
    const value = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(value)) {
      throw new UsageError(`${flag} must be a whole number, got '${text}'`, usage);
    }
    return value;
  };
  const maxDays = days === undefined ? 90 : whole('--retention-days', days);
  const maxCount = count === undefined ? undefined : whole('--retention-count', count);
  if (maxDays === 0 && maxCount === undefined) return false;
  return {
    maxAgeMs: maxDays === 0 ? Number.MAX_SAFE_INTEGER / 2 : maxDays * 24 * 3600 * 1000,
    ...(maxCount === undefined ? {} : { maxCount }),
  };
}

/** Writes executions' structured records to stderr in the chosen format, from the chosen level up. */
function executionLog(context: CommandContext, format: string, level: string): LogSink {
  if (format !== 'text' && format !== 'json')
    throw new UsageError(`--log-format must be text or json, got '${format}'`, usage);
  if (level !== 'info' && level !== 'debug')
    throw new UsageError(`--log-level must be info or debug, got '${level}'`, usage);
  return (record) => {
    if (atLeast(record.level, level)) context.stderr(`${formatLogRecord(record, format, new Date())}\n`);
  };
}

function startFailure(error: unknown, host: string, port: number, dataDir: string): CliError {
  const code = (error as { code?: unknown }).code;
  const message = messageOf(error);
  // A bad profile or --chaos value: the message names the file and field already.
  const name = (error as { name?: unknown }).name;
  if (name === 'ConfigError' || name === 'MockConfigError' || name === 'InvalidEventPatternException')
    return new CliError(message, ExitCode.Input);
  if (code === 'EADDRINUSE') return new CliError(`port ${port} on ${host} is already in use`, ExitCode.Input);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
    return new CliError(`cannot listen on ${host}: ${message}`, ExitCode.Input);
  }
  return new CliError(`cannot start the server over '${dataDir}': ${message}`, ExitCode.Input);
}

/**
 * The schedules file, checked before the server starts so a bad one stops `serve` (exit 3) with every problem
 * listed: --schedules, else workflows/schedules.json under the profile's directory (or the working directory).
 */
function schedulesFile(cwd: string, given: string | undefined, profile: string | undefined): string | undefined {
  const root = profile === undefined ? cwd : dirname(profile);
  const file = given === undefined ? resolve(root, DEFAULT_SCHEDULES_FILE) : resolve(cwd, given);
  if (given === undefined && !existsSync(file)) return undefined;
  try {
    loadSchedules(file, root);
  } catch (error) {
    throw inputError(messageOf(error));
  }
  return file;
}

/** The rules file: --rules, else workflows/rules.json under the profile's directory (or the working directory). */
function rulesFile(cwd: string, given: string | undefined, profile: string | undefined): string | undefined {
  const root = profile === undefined ? cwd : dirname(profile);
  const file = given === undefined ? resolve(root, DEFAULT_RULES_FILE) : resolve(cwd, given);
  if (given !== undefined && !existsSync(file)) throw inputError(`rules file '${given}' does not exist`);
  return existsSync(file) ? file : undefined;
}
