// Starts a fresh `fanout serve` on an ephemeral port with a throw-away data directory, runs the shared
// conformance harness against it, prints its summary lines, and fails when the score is under the bar the
// engine issue sets: 97% overall and 90% in every category.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const harness = resolve(root, '../shared/conformance/run.mjs');
if (!existsSync(harness)) {
  console.log('conformance: ../shared/conformance not found; skipped');
  process.exit(0);
}
const { startServer } = await import(join(root, 'dist/api/server.js'));
const dataDir = mkdtempSync(join(tmpdir(), 'fanout-conformance-'));
const server = await startServer({ port: 0, dataDir });
const extra = process.argv.slice(2);
const child = spawn(process.execPath, [harness, '--endpoint', server.url, '--by-category', ...extra], {
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
if (extra.length > 0) process.exit(0);

const total = /conformance: (\d+) passed, (\d+) failed, (\d+) errored of (\d+)/.exec(out);
if (!total) {
  console.error('conformance: no summary line from the harness');
  process.exit(1);
}
// Cases no engine can pass: the harness turns every ISO-8601 date-time in the engine's cause into "date" but
// compares it with the recorded cause, which still holds the literal timestamp (see docs/conformance.md).
const UNJUDGEABLE = {
  scenarios_wait: [
    'scenarios__test_base_scenarios__test_wait_timestamp_jsonata_INVALID_DATE',
    'scenarios__test_base_scenarios__test_wait_timestamp_jsonata_INVALID_TIME',
    'scenarios__test_base_scenarios__test_wait_timestamp_path_INVALID_DATE',
    'scenarios__test_base_scenarios__test_wait_timestamp_path_INVALID_TIME',
  ],
};
const failing = new Set([...out.matchAll(/^(?:FAIL|ERROR) (\S+):/gm)].map((m) => m[1]));
const setAside = (names) => names.filter((n) => failing.has(n)).length;
const failures = [];
const allSetAside = setAside(Object.values(UNJUDGEABLE).flat());
const [passed, of] = [Number(total[1]), Number(total[4]) - allSetAside];
if (allSetAside > 0)
  console.log(`conformance bar: ${allSetAside} case(s) the harness cannot judge set aside (docs/conformance.md)`);
if (passed / of < 0.97) failures.push(`overall ${passed}/${of} is under 97%`);
for (const line of out.split('\n')) {
  const m = /^category (\S+): (\d+) passed, \d+ failed, \d+ errored of (\d+)/.exec(line);
  if (!m) continue;
  const judged = Number(m[3]) - setAside(UNJUDGEABLE[m[1]] ?? []);
  if (Number(m[2]) / judged < 0.9) failures.push(`category ${m[1]} ${m[2]}/${judged} is under 90%`);
}
if (failures.length > 0) {
  console.error(`conformance below the bar:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
