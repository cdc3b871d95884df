import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { expectPositionals, defineCommand } from '../../args';
import { parseEndpoint } from '../../client';
import { ExitCode, UsageError, inputError } from '../../errors';
import { readTextFile } from '../../files';
import { HEADLESS_CHROMIUM_ARGS } from './chromium';
import { renderDefinitionSvg } from './render';

const usage = `Usage: fanout graph FILE.asl.json --out graph.svg|graph.png
       fanout graph EXECUTION_ARN [--endpoint URL]

Draws a workflow's graph as the web page does (the same layout, Choice rules, Parallel branches and Map bodies
nested), for reviews and docs: SVG directly, PNG through headless Chromium. Given an execution ARN instead,
prints the URL of its page on a running \`fanout serve\`.

Options:
  --out FILE      where to write the picture: .svg, or .png (needs Chromium: apt-get install chromium, or
                  FANOUT_CHROMIUM=/path/to/chrome)
  --endpoint URL  the endpoint serving the page (default http://127.0.0.1:8083)
  -h, --help      show this help
`;

const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export const command = defineCommand(
  usage,
  { out: 'string', endpoint: 'string' },
  async ({ values, positionals }, context) => {
    const [target = ''] = expectPositionals(positionals, ['FILE_OR_EXECUTION_ARN'], usage);
    if (target.startsWith('arn:')) {
      if (!target.includes(':execution:')) throw new UsageError(`expected an execution ARN, got '${target}'`, usage);
      const endpoint = parseEndpoint(
        values.endpoint ?? context.env['FANOUT_ENDPOINT'] ?? 'http://127.0.0.1:8083',
        usage,
      );
      context.stdout(`${endpoint}/ui/executions/${encodeURIComponent(target)}\n`);
      return ExitCode.Ok;
    }
    const out = values.out;
    if (out === undefined) throw new UsageError('missing --out graph.svg or --out graph.png', usage);
    const format = extname(out).toLowerCase();
    if (format !== '.svg' && format !== '.png')
      throw new UsageError(`--out must end in .svg or .png, got '${out}'`, usage);
    const file = resolve(context.cwd, target);
    const text = readTextFile(file, 'workflow');
    let definition: unknown;
    try {
      definition = JSON.parse(text);
    } catch (error) {
      throw inputError(`${target} is not JSON: ${(error as Error).message}`);
    }
    const { svg, width, height } = await renderDefinitionSvg(definition);
    const outPath = resolve(context.cwd, out);
    if (format === '.svg') {
      writeFileSync(outPath, svg);
    } else {
      screenshot(svg, width, height, outPath, context.env['FANOUT_CHROMIUM']);
    }
    context.stderr(`fanout: wrote ${out} (${width}×${height})\n`);
    return ExitCode.Ok;
  },
);

/** PNG through headless Chromium's own --screenshot: no browser driver needed. */
function screenshot(svg: string, width: number, height: number, outPath: string, configured?: string): void {
  const executable = configured ?? CHROMIUM_CANDIDATES.find((c) => existsSync(c));
  if (executable === undefined || !existsSync(executable)) {
    throw inputError(
      'a PNG needs Chromium, and none was found (apt-get install chromium, or set FANOUT_CHROMIUM); ' +
        '--out graph.svg works without it',
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'fanout-graph-'));
  try {
    const page = join(dir, 'graph.html');
    writeFileSync(page, `<!doctype html><html><body style="margin:0;background:#fff">${svg}</body></html>`);
    const result = spawnSync(
      executable,
      [
        '--headless',
        ...HEADLESS_CHROMIUM_ARGS,
        '--hide-scrollbars',
        `--user-data-dir=${join(dir, 'profile')}`,
        `--window-size=${width},${height}`,
        `--screenshot=${outPath}`,
        `file://${page}`,
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    if (result.status !== 0 || !existsSync(outPath)) {
      const why = result.error?.message ?? result.stderr.trim().split('\n').pop() ?? `exit ${result.status}`;
      throw inputError(`Chromium (${executable}) could not draw the PNG: ${why}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
