/**
 * The `fanout` entry point (bin/fanout.js calls `main`). It picks the command, runs it, and is the one place
 * where errors become exit codes.
 */
import { COMMANDS } from './commands';
import type { CommandContext } from './context';
import { ExitCode, UsageError } from './errors';
import { mainUsage, version } from './help';
import { reportError } from './report-error';

/** Runs the CLI and returns its exit code; main() wires it to the process. */
export async function runCli(argv: readonly string[], context: CommandContext): Promise<number> {
  try {
    return await dispatch([...argv], context);
  } catch (error) {
    const debug = (context.env['FANOUT_DEBUG'] ?? '') !== '';
    const report = reportError(error, debug);
    context.stderr(report.message);
    return report.exitCode;
  }
}

async function dispatch(argv: string[], context: CommandContext): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    // `fanout` alone is a usage error, asking for help is not.
    (first === undefined ? context.stderr : context.stdout)(mainUsage());
    return first === undefined ? ExitCode.Usage : ExitCode.Ok;
  }
  if (first === '--version' || first === '-v') {
    context.stdout(`${version()}\n`);
    return ExitCode.Ok;
  }
  const entry = Object.prototype.hasOwnProperty.call(COMMANDS, first) ? COMMANDS[first] : undefined;
  if (entry === undefined) {
    const what = first.startsWith('-') ? `unknown option '${first}'` : `unknown command '${first}'`;
    throw new UsageError(what, mainUsage());
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    context.stdout(command.usage);
    return ExitCode.Ok;
  }
  return command.run(rest, context);
}

export async function main(argv: string[]): Promise<void> {
  const context: CommandContext = {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    waitForStopSignal,
  };
  const code = await runCli(argv, context);
  process.exitCode = code;
  // Let stdout drain rather than process.exit(); but a handle someone forgot must not keep the CLI alive.
  setTimeout(() => process.exit(code), 2000).unref();
}

function waitForStopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
