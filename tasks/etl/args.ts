/**
 * The command line: `etl <command> [--source NAME] [--run-date D] [--sources PATH|s3://…]`. AWS Batch fills
 * flags from the job's Parameters (`Ref::source` in the command); ECS and the local runner can set ETL_SOURCE /
 * ETL_RUN_DATE instead, or pass the task input `{source, runDate}` as FANOUT_INPUT. Flags win over the environment.
 */
import { BadInputError } from './errors';

export const COMMANDS = ['extract-transform', 'load', 'report'] as const;
export type Command = (typeof COMMANDS)[number];

export interface EtlArgs {
  readonly command: Command;
  readonly source: string | undefined;
  readonly runDate: string | undefined;
  /** A path or an s3:// URI; undefined = ETL_SOURCES, else the file shipped with the program. */
  readonly sources: string | undefined;
}

export interface InputDefaults {
  readonly source?: unknown;
  readonly runDate?: unknown;
}

const FLAGS = new Set(['--source', '--run-date', '--sources', '--input', '--input-file']);

export function parseArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  input: InputDefaults = {},
): EtlArgs {
  const [command, ...rest] = argv;
  if (!COMMANDS.includes(command as Command)) {
    throw new BadInputError(`unknown command ${JSON.stringify(command ?? '')}; expected one of ${COMMANDS.join(', ')}`);
  }
  const flags = new Map<string, string>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (!FLAGS.has(name)) throw new BadInputError(`unknown option ${arg}`);
    const value = eq === -1 ? rest[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '') throw new BadInputError(`${name} needs a value`);
    flags.set(name, value);
  }
  const pick = (flag: string, variable: string, fallback: unknown): string | undefined => {
    const value = flags.get(flag) ?? env[variable] ?? (typeof fallback === 'string' ? fallback : undefined);
    return value === '' ? undefined : value;
  };
  const args: EtlArgs = {
    command: command as Command,
    source: pick('--source', 'ETL_SOURCE', input.source),
    runDate: pick('--run-date', 'ETL_RUN_DATE', input.runDate),
    sources: pick('--sources', 'ETL_SOURCES', undefined),
  };
  if (args.command === 'extract-transform' && args.source === undefined) {
    throw new BadInputError('extract-transform needs --source NAME (or ETL_SOURCE)');
  }
  if (args.runDate === undefined)
    throw new BadInputError(`${args.command} needs --run-date YYYY-MM-DD (or ETL_RUN_DATE)`);
  return args;
}

export const USAGE = `usage: etl <command> [options]

commands:
  extract-transform --source NAME --run-date YYYY-MM-DD   one source's night → lake, quarantine, metrics
  load --run-date YYYY-MM-DD                              refresh the warehouse from the night's lake
  report --run-date YYYY-MM-DD                            the night's report from the metrics

options:
  --sources PATH|s3://bucket/key   the sources file (ETL_SOURCES; default: workflows/etl-sources.json)

environment:
  ETL_SOURCE, ETL_RUN_DATE         instead of the flags; FANOUT_INPUT='{"source":…,"runDate":…}' too
  ETL_RAW_BUCKET, ETL_LAKE_BUCKET  override the sources file's rawBucket / lakeBucket
  ETL_THREADS, ETL_MEMORY_LIMIT    DuckDB threads and memory limit (e.g. 2GB); ETL_TMPDIR scratch space
  AWS_ENDPOINT_URL, AWS_REGION, …  where S3 is

exit codes: 0 succeeded · 1 failed (retry may help) · 3 bad input (missing/unreadable file, bad arguments)
            · 143 stopped by SIGTERM (safe to re-run)
The result JSON is the last line of stdout.`;
