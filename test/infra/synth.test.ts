/**
 * `npx cdk synth` as CI runs it — offline, no credentials, no Docker — and cfn-lint over the templates it writes
 * (and the fixture stack's). cfn-lint is preinstalled on the team's machines; where it is absent the lint tests
 * skip with a notice rather than fail.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildStack, FIXTURES, ROOT } from './support';

const hasCfnLint = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' }).status === 0;
if (!hasCfnLint)
  console.warn('test/infra: cfn-lint is not installed; the cfn-lint tests are skipped (pip install cfn-lint)');
const lintIt = hasCfnLint ? it : it.skip;

/** Every offline-synth environment: no AWS_* (no account lookups possible), no version check or telemetry. */
function offlineEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_') && !k.startsWith('CDK_')) env[k] = v;
  return { ...env, CDK_DISABLE_VERSION_CHECK: 'true', CDK_DISABLE_CLI_TELEMETRY: 'true' };
}

/** cfn-lint's errors (not warnings or informational findings) in the given templates. */
function cfnLintErrors(templates: string[]): string[] {
  const run = spawnSync('cfn-lint', ['--format', 'json', '--', ...templates], { encoding: 'utf8' });
  const findings = JSON.parse(run.stdout || '[]') as { Level: string; Rule: { Id: string }; Message: string }[];
  return findings.filter((f) => f.Level === 'Error').map((f) => `${f.Rule.Id} ${f.Message}`);
}

describe('cdk synth', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'fanout-cdk-out-'));
  let synth: ReturnType<typeof spawnSync>;

  beforeAll(() => {
    synth = spawnSync('npx', ['cdk', 'synth', '--no-notices', '--quiet', '--output', outdir], {
      cwd: ROOT,
      env: offlineEnv(),
      encoding: 'utf8',
      timeout: 240_000,
    });
  }, 250_000);

  it('succeeds offline with the committed cdk.context.json, cdk-nag included', () => {
    expect({
      status: synth.status,
      stderr: String(synth.stderr)
        .split('\n')
        .filter((l) => !l.startsWith('npm warn')),
    }).toMatchObject({ status: 0 });
    expect(readdirSync(outdir)).toContain('Fanout.template.json');
  });

  lintIt('writes templates in which cfn-lint finds no error', () => {
    expect(cfnLintErrors([join(outdir, 'Fanout.template.json')])).toEqual([]);
  });

  lintIt('writes a fixture-stack template in which cfn-lint finds no error', () => {
    const built = buildStack({
      workflowsDirectory: join(FIXTURES, 'workflows'),
      schedulesFile: join(FIXTURES, 'workflows/schedules.json'),
    });
    built.app.synth();
    expect(cfnLintErrors([join(built.outdir, 'Fanout.template.json')])).toEqual([]);
  });
});
