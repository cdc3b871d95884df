/**
 * The entry point of a task program: reads the input, runs `main` with a logger, S3 and the shutdown signal, and
 * reports the end — SendTaskSuccess/Failure when there is a task token, the exit code always (0 success,
 * 1 failure, 143 interrupted by SIGTERM).
 */
import { awsClientConfig, type Env } from './aws-config';
import { readTaskInput } from './input';
import { createLogger, logLevelOf, taskLogFields, type Logger } from './log';
import { TaskS3 } from './s3';
import { EXIT_INTERRUPTED, Shutdown, type ProcessLike } from './shutdown';
import { TaskTokenReporter, taskTokenFromEnv, type SfnSender } from './task-token';

export interface TaskContext {
  log: Logger;
  s3: TaskS3;
  /** Aborted on SIGTERM: stop taking new work, finish or checkpoint the current item. */
  signal: AbortSignal;
  readonly stopping: boolean;
  env: Env;
}

/** A failure with a Step Functions error name (what Catch / Retry match on). */
export class TaskFailure extends Error {
  constructor(
    readonly error: string,
    message: string,
  ) {
    super(message);
    this.name = error;
  }
}

export interface RunTaskOptions {
  env?: Env;
  argv?: readonly string[];
  process?: ProcessLike;
  write?: (line: string) => void;
  s3?: TaskS3;
  sfn?: SfnSender;
}

/** Runs the task and resolves with the exit code (the caller, or `main()` of the program, exits with it). */
export async function runTask<I, O>(
  main: (input: I, context: TaskContext) => Promise<O>,
  options: RunTaskOptions = {},
): Promise<number> {
  const env = options.env ?? process.env;
  const log = createLogger({
    ...(options.write ? { write: options.write } : {}),
    fields: taskLogFields(env),
    level: logLevelOf(env['FANOUT_LOG_LEVEL']),
  });
  const shutdown = new Shutdown({
    ...(options.process ? { process: options.process } : {}),
    onSignal: (signal) => log.warn('stopping: signal received', { signal }),
  });
  const s3 = options.s3 ?? new TaskS3(undefined, env);
  const token = taskTokenFromEnv(env);
  const reporter =
    token === undefined
      ? undefined
      : new TaskTokenReporter({ token, env, log, ...(options.sfn ? { client: options.sfn } : {}) });
  try {
    reporter?.startHeartbeats();
    const input = await readTaskInput<I>({ env, ...(options.argv ? { argv: options.argv } : {}), s3 });
    log.info('task started', { region: awsClientConfig(env).region });
    const output = await main(input, {
      log,
      s3,
      signal: shutdown.signal,
      get stopping() {
        return shutdown.stopping;
      },
      env,
    });
    if (shutdown.stopping) {
      log.warn('task interrupted', { exitCode: EXIT_INTERRUPTED });
      reporter?.stop();
      return EXIT_INTERRUPTED;
    }
    await reporter?.succeed(output);
    log.info('task succeeded');
    return 0;
  } catch (error) {
    if (shutdown.stopping) {
      log.warn('task interrupted', { exitCode: EXIT_INTERRUPTED, error });
      reporter?.stop();
      return EXIT_INTERRUPTED;
    }
    const name = error instanceof TaskFailure ? error.error : error instanceof Error ? error.name : 'Error';
    const cause = error instanceof Error ? error.message : String(error);
    log.error('task failed', { error: name, cause });
    await reporter?.fail(name, cause).catch((e: unknown) => log.error('SendTaskFailure failed', { error: e }));
    return 1;
  } finally {
    reporter?.stop();
    shutdown.dispose();
  }
}
