import { resolve } from 'node:path';
import { expectPositionals, defineCommand, parsePort } from '../../args';
import { ExitCode } from '../../errors';
import type { CheckResult, Verdict } from './checks';

const usage = `Usage: fanout doctor [--data-dir .fanout] [--port 8083]

Checks that this machine can run fanout: the Node.js version, the native modules (better-sqlite3, sharp,
DuckDB), the OCR model (tesseract eng traineddata), free disk, the data directory (SQLite integrity, schema
version, files left by an interrupted write) and that the port is free. Prints one line per check, with what
to do about each problem. Exit code 1 when a check fails (warnings do not fail).

Options:
  --data-dir DIR  the data directory to check (default .fanout)
  --port N        the port fanout serve will use (default 8083)
  -h, --help      show this help
`;

const MARK: Record<Verdict, string> = { ok: '✔', warn: '⚠', fail: '✖' };

export const command = defineCommand(
  usage,
  { 'data-dir': 'string', port: 'string' },
  async ({ values, positionals }, context) => {
    expectPositionals(positionals, [], usage);
    const dataDir = resolve(context.cwd, values['data-dir'] ?? '.fanout');
    const port = parsePort(values.port, 8083, usage);
    const { runChecks } = await import('./checks');
    const results = await runChecks({ dataDir, port });
    context.stdout(render(results));
    const failed = results.filter((r) => r.verdict === 'fail').length;
    const warned = results.filter((r) => r.verdict === 'warn').length;
    context.stdout(
      failed === 0
        ? `\nAll checks passed${warned > 0 ? ` (${warned} warning${warned > 1 ? 's' : ''})` : ''}.\n`
        : `\n${failed} check${failed > 1 ? 's' : ''} failed.\n`,
    );
    return failed === 0 ? ExitCode.Ok : ExitCode.Failed;
  },
);

export function render(results: readonly CheckResult[]): string {
  return results
    .map((r) => `${MARK[r.verdict]} ${r.name}: ${r.detail}${r.fix === undefined ? '' : `\n    → ${r.fix}`}\n`)
    .join('');
}
