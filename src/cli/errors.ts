/**
 * The CLI's errors and exit codes. Commands throw; the one catch in main.ts maps what they throw to an exit code
 * and a message, so a command never calls process.exit itself.
 */

export const ExitCode = {
  Ok: 0,
  /** The execution did not succeed, or a definition is invalid. */
  Failed: 1,
  Usage: 2,
  /** A file or input could not be read, or a port or data directory is unavailable. */
  Input: 3,
  /** The endpoint answered with an error or could not be reached. */
  Endpoint: 4,
  Internal: 70,
  /** Stopped by Ctrl-C, as shells report a SIGINT. */
  Interrupted: 130,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** As listed by `fanout --help`. */
export const EXIT_CODE_HELP: readonly (readonly [ExitCode, string])[] = [
  [ExitCode.Ok, 'success'],
  [ExitCode.Failed, 'the execution did not succeed, or a definition is invalid'],
  [ExitCode.Usage, 'usage error: unknown command or flag, bad value'],
  [ExitCode.Input, 'a file or input could not be read, or a port or data directory is unavailable'],
  [ExitCode.Endpoint, 'the endpoint answered with an error or could not be reached'],
  [ExitCode.Internal, 'internal error (a bug: please report it)'],
  [ExitCode.Interrupted, 'interrupted (Ctrl-C)'],
];

const BRAND = Symbol.for('fanout.CliError');

/** An error the user can act on: its message is printed as is, without a stack. */
export class CliError extends Error {
  readonly [BRAND] = true;

  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export class UsageError extends CliError {
  constructor(
    message: string,
    /** The usage of the command at fault, printed after the message. */
    readonly usage: string,
  ) {
    super(message, ExitCode.Usage);
    this.name = 'UsageError';
  }
}

export const inputError = (message: string): CliError => new CliError(message, ExitCode.Input);
export const endpointError = (message: string): CliError => new CliError(message, ExitCode.Endpoint);
export const failed = (message: string): CliError => new CliError(message, ExitCode.Failed);

export function isCliError(e: unknown): e is CliError {
  return typeof e === 'object' && e !== null && (e as { [BRAND]?: unknown })[BRAND] === true;
}

export function isUsageError(e: unknown): e is UsageError {
  return isCliError(e) && e instanceof UsageError;
}

export { messageOf } from '../operator';
