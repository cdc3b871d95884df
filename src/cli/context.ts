/** What a command gets from main: where to write, and the process facts it may read. Tests pass their own. */
export interface CommandContext {
  /** Results: JSON, tables, the server URL. */
  stdout: (text: string) => void;
  /** Progress, status and warnings. */
  stderr: (text: string) => void;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Resolves with the signal's name on the first SIGINT or SIGTERM after the call. */
  waitForStopSignal: () => Promise<string>;
}

/** A command's entry point: its arguments after the command name; the exit code when nothing was thrown. */
export type CommandRun = (args: string[], context: CommandContext) => Promise<number>;

export interface Command {
  /** The text of `fanout <command> --help`. */
  usage: string;
  run: CommandRun;
}

/**
 * Where a server's log lines go: stderr, first line only unless FANOUT_DEBUG is set (a stack trace is for
 * developers). The CLI prints the URL itself, so the server's own "listening on" line is dropped.
 */
export function serverLog(context: CommandContext, prefix: string): (line: string) => void {
  const debug = (context.env['FANOUT_DEBUG'] ?? '') !== '';
  return (line) => {
    if (line.startsWith('listening on')) return;
    context.stderr(`${prefix}${debug ? line : (line.split('\n')[0] ?? '')}\n`);
  };
}
