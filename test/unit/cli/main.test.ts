import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../../src/cli/main';
import { fakeContext } from './fake-context';

const dir = mkdtempSync(join(tmpdir(), 'fanout-main-'));
writeFileSync(join(dir, 'good.asl.json'), '{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}');
writeFileSync(join(dir, 'bad.asl.json'), '{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"Nowhere"}}}');

describe('runCli', () => {
  it('prints help with the commands and exit codes on stdout', async () => {
    const context = fakeContext();
    expect(await runCli(['--help'], context)).toBe(0);
    const help = context.out.join('');
    for (const word of ['serve', 'run', 'validate', 'executions', 'history', 'Exit codes:', '  2  usage error']) {
      expect(help).toContain(word);
    }
  });

  it('treats no arguments, unknown commands and unknown flags as usage errors (exit 2)', async () => {
    for (const argv of [[], ['frobnicate'], ['--frobnicate'], ['validate', '--bogus', 'x.json'], ['run']]) {
      const context = fakeContext();
      expect(await runCli(argv, context)).toBe(2);
      expect(context.err.join('')).toMatch(/Usage: fanout/);
      expect(context.out).toEqual([]);
    }
  });

  it('prints the version from package.json', async () => {
    const context = fakeContext();
    expect(await runCli(['--version'], context)).toBe(0);
    expect(context.out.join('')).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('prints a command usage for <command> --help', async () => {
    const context = fakeContext();
    expect(await runCli(['run', '--help'], context)).toBe(0);
    expect(context.out.join('')).toMatch(/^Usage: fanout run FILE\.asl\.json/);
  });

  it('validates files: OK, diagnostics with locations, unreadable files; the worst exit code wins', async () => {
    const ok = fakeContext(dir);
    expect(await runCli(['validate', 'good.asl.json'], ok)).toBe(0);
    expect(ok.out.join('')).toBe('good.asl.json: OK\n');

    const bad = fakeContext(dir);
    expect(await runCli(['validate', 'good.asl.json', 'bad.asl.json'], bad)).toBe(1);
    expect(bad.out.join('')).toContain(
      "bad.asl.json: ERROR MISSING_TRANSITION_TARGET at /States/A/Next: Missing 'Next' target: Nowhere",
    );

    const missing = fakeContext(dir);
    expect(await runCli(['validate', 'absent.json', 'good.asl.json'], missing)).toBe(3);
    expect(missing.err.join('')).toMatch(/^fanout: cannot read workflow '.*absent\.json': no such file\n$/);
    expect(missing.out.join('')).toBe('good.asl.json: OK\n');
  });

  it('rejects a bad --endpoint, --status or --port before doing anything', async () => {
    const cases: [string[], RegExp][] = [
      [['run', 'good.asl.json', '--endpoint', 'nope'], /--endpoint must be a URL/],
      [['executions', '--status', 'DONE'], /--status must be one of RUNNING/],
      [['serve', '--port', 'x'], /--port must be an integer/],
      [['history', 'not-an-arn'], /expected an execution ARN/],
    ];
    for (const [argv, message] of cases) {
      const context = fakeContext(dir);
      expect(await runCli(argv, context)).toBe(2);
      expect(context.err.join('')).toMatch(message);
    }
  });

  it('reports an unreachable endpoint with exit 4 and no stack', async () => {
    const context = fakeContext(dir);
    const code = await runCli(['run', 'good.asl.json', '--endpoint', 'http://127.0.0.1:9'], context);
    expect(code).toBe(4);
    expect(context.err.join('')).toMatch(/cannot reach http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\)/);
    expect(context.err.join('')).not.toMatch(/\n\s+at /);
  });
});
