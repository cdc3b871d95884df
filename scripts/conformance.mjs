// Runs one of the AWS-recorded conformance sets of ../shared/conformance against a fresh `fanout serve` (ephemeral
// port, throw-away data directory), prints the harness's lines, and fails when the score is under the set's bar.
//
//   node scripts/conformance.mjs [SET] [harness options…]     SET: executions (default) | history | api | tasks | teststate
//
// FANOUT_SHARED names the shared folder when it is not ../shared beside the checkout. CI sets CI=true: a missing
// shared folder then fails instead of skipping.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shared = resolve(process.env.FANOUT_SHARED ?? resolve(root, '../shared'));

/**
 * Each set: its harness, the summary line it ends with, the bar (share of the total that must pass), and an
 * optional per-category bar read from the harness's category lines (`categoryLine`: name, passed, total).
 */
const SETS = {
  executions: {
    harness: 'conformance/run.mjs',
    args: ['--by-category'],
    summary: /conformance: (\d+) passed, \d+ failed, \d+ errored of (\d+)/,
    bar: 0.97,
    categoryBar: 0.9,
    categoryLine: /^category (\S+): (\d+) passed, .*?of (\d+)/,
  },
  history: {
    harness: 'conformance/history/run.mjs',
    args: [],
    summary: /^history: (\d+) identical of (\d+)/m,
    bar: 0.98,
    // Not 0.95: AWS's own recordings disagree on which event a Distributed Map's MapStateExited follows (docs/engine.md,
    // "History events", rule 9), so scenarios_map_distributed stops at 10 of 13 whichever way the engine writes it.
    categoryBar: 0.75,
    categoryLine: /^ {2}(\S+): (\d+) identical, .*?of (\d+)/,
  },
  api: { harness: 'conformance/api/run.mjs', args: [], summary: /^api: (\d+) passed of (\d+)/m, bar: 0.92 },
  tasks: { harness: 'conformance/tasks/run.mjs', args: [], summary: /^tasks: (\d+) passed of (\d+)/m, bar: 0.95 },
  teststate: {
    harness: 'conformance/teststate/run.mjs',
    args: [],
    summary: /^teststate: (\d+) passed of (\d+)/m,
    bar: 0.9,
    // Its mock-config cases run test cases of the set's own mock configuration (SFN_MOCK_CONFIG in its README).
    mockConfig: 'conformance/teststate/mock-config.json',
  },
};

const argv = process.argv.slice(2);
const setName = argv[0] && !argv[0].startsWith('-') ? argv.shift() : 'executions';
const set = SETS[setName];
if (!set) {
  console.error(`conformance: unknown set "${setName}"; one of ${Object.keys(SETS).join(', ')}`);
  process.exit(2);
}
const harness = join(shared, set.harness);
if (!existsSync(harness)) {
  const message = `conformance: ${harness} not found (set FANOUT_SHARED to the shared folder)`;
  if (process.env.CI === 'true') {
    console.error(message);
    process.exit(1);
  }
  console.log(`${message}; skipped`);
  process.exit(0);
}

const { startServer } = await import(join(root, 'dist/api/server.js'));
const dataDir = mkdtempSync(join(tmpdir(), `fanout-conformance-${setName}-`));
const server = await startServer({
  port: 0,
  dataDir,
  ...(set.mockConfig === undefined ? {} : { mockConfig: join(shared, set.mockConfig) }),
});
const child = spawn(process.execPath, [harness, '--endpoint', server.url, ...set.args, ...argv], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
});
let out = '';
child.stdout.on('data', (d) => {
  out += d;
  process.stdout.write(d);
});
const code = await new Promise((r) => child.on('close', r));
await server.close();
rmSync(dataDir, { recursive: true, force: true });
if (code !== 0) process.exit(code ?? 1);
// Filtered runs (any extra option) are for looking, not for the bar.
if (argv.length > 0) process.exit(0);

const total = set.summary.exec(out);
if (!total) {
  console.error(`conformance ${setName}: no summary line from the harness`);
  process.exit(1);
}
const failures = [];
const [passed, of] = [Number(total[1]), Number(total[2])];
if (passed < set.bar * of) failures.push(`overall ${passed}/${of} is under ${set.bar * 100}%`);
if (set.categoryBar !== undefined) {
  for (const line of out.split('\n')) {
    const m = set.categoryLine.exec(line);
    if (m && Number(m[2]) < set.categoryBar * Number(m[3]))
      failures.push(`category ${m[1]} ${m[2]}/${m[3]} is under ${set.categoryBar * 100}%`);
  }
}
if (failures.length > 0) {
  console.error(`conformance ${setName} below the bar:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
