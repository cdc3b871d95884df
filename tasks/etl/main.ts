/**
 * The ETL container program: one process per command, the same in a Batch container and as a local child
 * process. Logs are JSON lines on stdout; the last line is the result (or `{status: FAILED, error, cause}`); the
 * exit code says how it ended (see USAGE).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TaskExitCode } from '../common/exit-codes';
import { createLogger, parseS3Uri, readTaskInput, Shutdown, taskLogFields, type Env, type Logger } from '../common/src';
import { parseArgs, USAGE, type EtlArgs, type InputDefaults } from './args';
import type { EtlContext } from './context';
import { duckDbEnv } from './duckdb';
import { EtlError, InterruptedError, SourcesFileError } from './errors';
import { extractTransform } from './extract-transform';
import { layout } from './layout';
import { load } from './load';
import { S3ObjectStore, type ObjectStore } from './object-store';
import { report } from './report';
import { parseSourcesFile, type SourcesConfig } from './sources';

export interface RunEtlOptions {
  env?: Env;
  /** @default an S3ObjectStore from the environment */
  store?: ObjectStore;
  /** Where log lines and the result line go. @default process.stdout */
  write?: (line: string) => void;
  signal?: AbortSignal;
}

export interface EtlOutcome {
  exitCode: number;
  result: unknown;
}

/** Runs one command; never throws: failures become the outcome's exit code and a FAILED result. */
export async function runEtl(argv: readonly string[], options: RunEtlOptions = {}): Promise<EtlOutcome> {
  const env = options.env ?? process.env;
  const write = options.write ?? ((line: string) => void process.stdout.write(line));
  const log = createLogger({ write, fields: taskLogFields(env), level: logLevel(env['FANOUT_LOG_LEVEL']) });
  const ownStore = options.store === undefined ? S3ObjectStore.fromEnv(env) : undefined;
  const store = options.store ?? ownStore!;
  let args: EtlArgs | undefined;
  let config: SourcesConfig | undefined;
  try {
    const input = hasInput(argv, env) ? await readTaskInput<InputDefaults>({ env, argv }) : {};
    args = parseArgs(argv, env, input);
    config = withBucketOverrides(await readSources(args.sources, env, store), env);
    const context: EtlContext = {
      config,
      store,
      log: log.child({ command: args.command }),
      duckdb: duckDbEnv(env),
      ...(env['ETL_TMPDIR'] ? { tmpDir: env['ETL_TMPDIR'] } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    };
    const result =
      args.command === 'extract-transform'
        ? await extractTransform(context, args.source!, args.runDate!)
        : args.command === 'load'
          ? await load(context, args.runDate!)
          : await report(context, args.runDate!);
    write(`${JSON.stringify(result)}\n`);
    return { exitCode: TaskExitCode.Succeeded, result };
  } catch (caught) {
    const error =
      options.signal?.aborted && !(caught instanceof EtlError) ? new InterruptedError(String(caught)) : caught;
    const name = error instanceof Error ? error.name : 'Error';
    const cause = error instanceof Error ? error.message : String(error);
    const exitCode = error instanceof EtlError ? error.exitCode : 1;
    log.error('etl failed', { error: name, cause, exitCode });
    const result = {
      status: 'FAILED',
      error: name,
      cause,
      ...(args?.source === undefined ? {} : { source: args.source }),
      ...(args?.runDate === undefined ? {} : { runDate: args.runDate }),
    };
    write(`${JSON.stringify(result)}\n`);
    if (args?.command === 'extract-transform' && args.source !== undefined && args.runDate !== undefined && config) {
      await recordFailure(store, config.lakeBucket, layout.failureKey(args.source, args.runDate), {
        ...result,
        exitCode,
        jobId: env['AWS_BATCH_JOB_ID'] ?? null,
        attempt: Number(env['AWS_BATCH_JOB_ATTEMPT'] ?? 1),
      }).catch((e: unknown) => log.warn('could not record the failure', { cause: String(e) }));
    }
    return { exitCode, result };
  } finally {
    ownStore?.destroy();
  }
}

/**
 * Batch keeps only the exit code of a failed job; the workflow reads this object to tell the DLQ *why* (e.g. "no
 * file for run date"). `jobId` lets it ignore an object a previous job left behind.
 */
async function recordFailure(store: ObjectStore, bucket: string, key: string, record: object): Promise<void> {
  await store.putText(bucket, key, `${JSON.stringify(record)}\n`, 'application/json');
}

/** tasks/common does not export its level parser; the same rule: anything unknown is info. */
function logLevel(text: string | undefined): 'debug' | 'info' | 'warn' | 'error' {
  return text === 'debug' || text === 'warn' || text === 'error' ? text : 'info';
}

function hasInput(argv: readonly string[], env: Env): boolean {
  return argv.some((a) => a.startsWith('--input')) || !!env['FANOUT_INPUT'];
}

/** The sources file: a path, an s3:// URI (edit sources without a new image), or the one shipped alongside. */
async function readSources(where: string | undefined, env: Env, store: ObjectStore): Promise<SourcesConfig> {
  if (where?.startsWith('s3://')) {
    const { bucket, key } = parseS3Uri(where);
    const text = await store.getText(bucket, key);
    if (text === undefined) throw new SourcesFileError(`the sources file ${where} does not exist`);
    return parseSourcesFile(text, where);
  }
  // tasks/dist/etl/main.js (and /app/tasks/dist/etl in the image) → workflows/ at the root; ts-jest runs from tasks/etl.
  const candidates = where
    ? [resolve(where)]
    : [
        resolve(__dirname, '../../../workflows/etl-sources.json'),
        resolve(__dirname, '../../workflows/etl-sources.json'),
      ];
  const path = candidates.find((p) => existsSync(p));
  if (path === undefined)
    throw new SourcesFileError(
      `no sources file at ${candidates.join(' or ')}${env['ETL_SOURCES'] ? ' (ETL_SOURCES)' : ''}`,
    );
  return parseSourcesFile(readFileSync(path, 'utf8'), path);
}

function withBucketOverrides(config: SourcesConfig, env: Env): SourcesConfig {
  return {
    ...config,
    rawBucket: env['ETL_RAW_BUCKET'] || config.rawBucket,
    lakeBucket: env['ETL_LAKE_BUCKET'] || config.lakeBucket,
  };
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h') {
    process.stdout.write(`${USAGE}\n`);
    process.exitCode = argv.length === 0 ? TaskExitCode.BadInput : 0;
    return;
  }
  const shutdown = new Shutdown({ onSignal: (signal) => logSignal(signal) });
  try {
    const outcome = await runEtl(argv, { signal: shutdown.signal });
    process.exitCode = outcome.exitCode;
  } finally {
    shutdown.dispose();
  }
}

let signalLog: Logger | undefined;
function logSignal(signal: string): void {
  signalLog ??= createLogger({ fields: taskLogFields(process.env) });
  signalLog.warn('stopping: signal received', { signal });
}

if (require.main === module) void main();
