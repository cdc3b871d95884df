import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS } from './commands';
import { EXIT_CODE_HELP } from './errors';

export function mainUsage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const commands = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  const codes = EXIT_CODE_HELP.map(([code, text]) => `  ${String(code).padStart(3)}  ${text}`);
  return [
    'fanout: run AWS Step Functions workflows on this machine',
    '',
    'Usage: fanout <command> [options]',
    '',
    'Commands:',
    ...commands,
    '',
    'Options:',
    '  -h, --help     show this help; `fanout <command> --help` for a command',
    '  -v, --version  print the version',
    '',
    'Exit codes:',
    ...codes,
    '',
    'Progress and status go to stderr, results to stdout. FANOUT_DEBUG=1 shows stack traces of internal errors.',
    '',
  ].join('\n');
}

/** The package version; package.json sits two levels up from both src/cli and dist/cli. */
export function version(): string {
  const text = readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8');
  return (JSON.parse(text) as { version?: string }).version ?? 'unknown';
}
