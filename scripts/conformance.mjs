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
const failures = [];
const [passed, of] = [Number(total[1]), Number(total[4])];
if (passed / of < 0.97) failures.push(`overall ${passed}/${of} is under 97%`);
for (const line of out.split('\n')) {
  const m = /^category (\S+): (\d+) passed, \d+ failed, \d+ errored of (\d+)/.exec(line);
  if (m && Number(m[2]) / Number(m[3]) < 0.9) failures.push(`category ${m[1]} ${m[2]}/${m[3]} is under 90%`);
}
if (failures.length > 0) {
  console.error(`conformance below the bar:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
