#!/usr/bin/env node
// The ETL's ceiling: DuckDB running the ETL's own transform (tasks/etl/transform.ts — the same SQL) directly on
// the demo night's local files, one source after another with every core — no S3, no containers, no workflow.
// The end-to-end bench divides its rows/s by this one (target ≥ 0.7).
//
//   node bench/etl/baseline.mjs [--dir DIR] [--run-date 2026-11-20] [--seed 42] [--rows 1000-5000] [--json]
// Generates the night into DIR first when DIR has none (default: a temp directory).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const dist = '../../tasks/dist/etl';
const { transform } = require(`${dist}/transform.js`);
const { Db } = require(`${dist}/duckdb.js`);
const { parseSourcesFile } = require(`${dist}/sources.js`);
const { resolveLocation } = require(`${dist}/location.js`);
const { layout } = require(`${dist}/layout.js`);
const { generateNight } = require(`${dist}/demo/generate-night.js`);
const { directorySink } = require(`${dist}/demo/sinks.js`);

const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    'run-date': { type: 'string', default: '2026-11-20' },
    seed: { type: 'string', default: '42' },
    rows: { type: 'string', default: '1000-5000' },
    json: { type: 'boolean', default: false },
    sources: { type: 'string', default: new URL('../../workflows/etl-sources.json', import.meta.url).pathname },
  },
});
const runDate = values['run-date'];
const config = parseSourcesFile(readFileSync(values.sources, 'utf8'), values.sources);
const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'etl-baseline-'));
const manifestPath = join(dir, config.rawBucket, `_demo/dt=${runDate}/manifest.json`);
if (!existsSync(manifestPath)) {
  const [min, max] = values.rows.split('-').map(Number);
  await generateNight({
    config,
    runDate,
    seed: Number(values.seed),
    rows: { min, max: max ?? min },
    sink: directorySink(dir),
  });
}
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const expected = new Map(manifest.sources.map((s) => [s.name, s.expected]));

const scratch = mkdtempSync(join(tmpdir(), 'etl-baseline-out-'));
const rows = [];
const started = performance.now();
for (const source of config.sources) {
  const location = resolveLocation(source.location, { rawBucket: config.rawBucket, runDate });
  const files = listLocal(join(dir, location.bucket), location).map((key) => ({
    path: join(dir, location.bucket, key),
    name: key,
  }));
  const t0 = performance.now();
  const db = await Db.open({ tempDirectory: join(scratch, 'spill') });
  try {
    if (files.length === 0) throw new Error('no file');
    const outDir = join(scratch, source.name);
    mkdirSync(outDir, { recursive: true });
    const result = await transform(db, {
      source,
      runDate,
      files,
      previousWatermark: previousWatermark(source.name),
      outDir,
    });
    const want = expected.get(source.name);
    const matches = want ? Object.entries(want).every(([k, v]) => result.counts[k] === v) : false;
    rows.push({
      source: source.name,
      status: 'SUCCEEDED',
      ...result.counts,
      seconds: (performance.now() - t0) / 1000,
      matchesManifest: matches,
    });
  } catch (error) {
    rows.push({
      source: source.name,
      status: 'FAILED',
      error: String(error.message).split('\n')[0],
      seconds: (performance.now() - t0) / 1000,
    });
  } finally {
    db.close();
  }
}
const wall = (performance.now() - started) / 1000;
rmSync(scratch, { recursive: true, force: true });
const ok = rows.filter((r) => r.status === 'SUCCEEDED');
const rowsRead = ok.reduce((n, r) => n + r.rowsRead, 0);
const summary = {
  runDate,
  dir,
  sources: rows.length,
  succeeded: ok.length,
  failed: rows.length - ok.length,
  rowsRead,
  rowsLoaded: ok.reduce((n, r) => n + r.rowsLoaded, 0),
  seconds: Number(wall.toFixed(3)),
  rowsPerSecond: Math.round(rowsRead / wall),
  matchesManifest: ok.every((r) => r.matchesManifest),
};
if (values.json) console.log(JSON.stringify({ ...summary, perSource: rows }));
else {
  console.log('source                     status      read   loaded  quarant.  dups  late  seconds');
  for (const r of rows) {
    console.log(
      `${r.source.padEnd(26)} ${r.status.padEnd(9)} ${String(r.rowsRead ?? '-').padStart(6)} ${String(r.rowsLoaded ?? '-').padStart(8)}` +
        ` ${String(r.rowsQuarantined ?? '-').padStart(9)} ${String(r.duplicatesDropped ?? '-').padStart(5)} ${String(r.lateRowsDropped ?? '-').padStart(5)}` +
        ` ${r.seconds.toFixed(3).padStart(8)}${r.error ? `  ${r.error.slice(0, 60)}` : ''}`,
    );
  }
  console.log(JSON.stringify(summary));
}

function listLocal(root, location) {
  const out = [];
  const walk = (rel) => {
    const abs = join(root, rel);
    if (!existsSync(abs)) return;
    for (const name of readdirSync(abs)) {
      const key = rel ? `${rel}/${name}` : name;
      if (statSync(join(root, key)).isDirectory()) walk(key);
      else if (key.startsWith(location.prefix) && location.matches(key)) out.push(key);
    }
  };
  walk(location.prefix.includes('/') ? location.prefix.slice(0, location.prefix.lastIndexOf('/')) : '');
  return out.sort();
}

function previousWatermark(source) {
  const root = join(dir, config.lakeBucket, layout.watermarkPrefix(source));
  if (!existsSync(root)) return null;
  const nights = readdirSync(root)
    .map((f) => /^dt=(\d{4}-\d{2}-\d{2})\.json$/.exec(f)?.[1])
    .filter((d) => d && d < runDate)
    .sort();
  const last = nights.at(-1);
  return last ? JSON.parse(readFileSync(join(root, `dt=${last}.json`), 'utf8')).highWaterMark : null;
}
