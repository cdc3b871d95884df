// bench/soak: months of nights on one data directory. Starts `fanout serve` in its own process with a retention
// count, then measures, side by side in one run:
//   1. DescribeExecution latency idle (p50/p99);
//   2. the same while heavy inline Maps run (--map-items items each, --heavy at once);
//   3. DeleteStateMachine of a machine with --delete Map executions: how long the call takes to return, probes
//      answered meanwhile (p50/p99/max, failures), and how long the background purge takes;
//   4. a soak of --executions executions (one in --map-every with an inline Map of --soak-items items, the rest
//      ten Pass states) under --retention: the database size printed as it goes, which must stay bounded. With
//      --soak-deadline (an ISO time) no execution starts after it: a busy machine reports the count that ran.
//
//   node bench/soak/run.mjs [--executions 100000] [--retention 10000] [--delete 5000] [--map-items 1000]
//                           [--heavy 4] [--soak-items 20] [--map-every 10] [--concurrency 16] [--keep]
//                           [--soak-deadline 2026-01-01T02:00:00Z]
//
// Needs `npm run build`. Prints progress on stderr, the figures as a table and one JSON line on stdout.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const Database = require('better-sqlite3');
const {
  SFNClient,
  CreateStateMachineCommand,
  StartExecutionCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  DeleteStateMachineCommand,
} = require('@aws-sdk/client-sfn');

const { values: args } = parseArgs({
  options: {
    executions: { type: 'string', default: '100000' },
    retention: { type: 'string', default: '10000' },
    delete: { type: 'string', default: '5000' },
    'map-items': { type: 'string', default: '1000' },
    heavy: { type: 'string', default: '4' },
    'soak-items': { type: 'string', default: '20' },
    'map-every': { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '16' },
    probes: { type: 'string', default: '200' },
    'soak-deadline': { type: 'string' },
    keep: { type: 'boolean', default: false },
    phases: { type: 'string', default: 'latency,soak,delete' },
    'node-args': { type: 'string', default: '' },
    baseline: { type: 'string' },
  },
});
const n = (name) => Number(args[name]);
const ROLE = 'arn:aws:iam::000000000000:role/soak';
const progress = (line) => process.stderr.write(`soak: ${line}\n`);

/** Starts `fanout serve` of the checkout at `root` on a fresh data directory. */
async function startServer(root) {
  const dataDir = mkdtempSync(join(tmpdir(), 'fanout-soak-'));
  const nodeArgs = args['node-args'] ? args['node-args'].split(' ') : [];
  const child = spawn(
    process.execPath,
    [
      ...nodeArgs,
      join(root, 'bin/fanout.js'),
      'serve',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--no-schedules',
      '--retention-count',
      String(n('retention')),
      '--log-level',
      'info',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], cwd: dataDir },
  );
  let log = '';
  child.stderr.on('data', (chunk) => (log += chunk));
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /http:\/\/\S+/.exec(out);
      if (match) resolve(match[0]);
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}): ${log}`)));
  });
  progress(`server of ${root} at ${url}, data in ${dataDir}`);
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping) progress(`the server exited (${code ?? signal}) mid-run; its log ends:\n${log.slice(-4000)}`);
  });
  const options = { endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'soak', secretAccessKey: 'soak' } };
  // Probes try once, so a request the server fails to answer shows; the workload retries as the SDKs do by default.
  const client = new SFNClient({ ...options, maxAttempts: 1 });
  const workClient = new SFNClient({ ...options, maxAttempts: 3 });
  const stop = async () => {
    stopping = true;
    client.destroy();
    workClient.destroy();
    child.kill('SIGTERM');
    if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
    if (!args.keep) rmSync(dataDir, { recursive: true, force: true });
  };
  return { dataDir, sfn: client, work: workClient, stop };
}

/** Retries the workload's SDK calls made (a connection reset, a 5xx), reported beside the figures. */
let workRetries = 0;
async function send(command) {
  const output = await work.send(command);
  workRetries += (output.$metadata.attempts ?? 1) - 1;
  return output;
}

const phases = new Set(args.phases.split(','));
// The server of the phase being measured; the latency phase may swap in a --baseline checkout's for a while.
let { dataDir, sfn, work, stop } = await startServer(ROOT);

const passChain = (count) => {
  const states = {};
  for (let i = 0; i < count; i++)
    states[`S${i}`] = { Type: 'Pass', ...(i === count - 1 ? { End: true } : { Next: `S${i + 1}` }) };
  return { StartAt: 'S0', States: states };
};
const inlineMap = (items) => ({
  StartAt: 'Items',
  States: {
    Items: { Type: 'Pass', Result: Array.from({ length: items }, (_, i) => ({ i })), Next: 'Each' },
    Each: {
      Type: 'Map',
      MaxConcurrency: 0,
      ItemProcessor: { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', End: true } } },
      ResultSelector: { 'n.$': 'States.ArrayLength($)' },
      End: true,
    },
  },
});
const create = async (name, definition) =>
  (await sfn.send(new CreateStateMachineCommand({ name, roleArn: ROLE, definition: JSON.stringify(definition) })))
    .stateMachineArn;

const dbBytes = () =>
  ['fanout.db', 'fanout.db-wal'].reduce(
    (sum, f) => sum + (existsSync(join(dataDir, f)) ? statSync(join(dataDir, f)).size : 0),
    0,
  );
/** Closed top-level executions the server still keeps (read-only; WAL lets it read beside the server). */
const kept = () => {
  const db = new Database(join(dataDir, 'fanout.db'), { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare(`SELECT count(*) FROM executions WHERE map_run_arn IS NULL AND status != 'RUNNING'`)
      .pluck()
      .get();
  } finally {
    db.close();
  }
};
const mib = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const stats = (samples) => {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: +pct(s, 50).toFixed(1), p99: +pct(s, 99).toFixed(1), max: +(s.at(-1) ?? NaN).toFixed(1), n: s.length };
};

async function waitEnd(arn) {
  for (;;) {
    const { status } = await send(new DescribeExecutionCommand({ executionArn: arn }));
    if (status !== 'RUNNING') return status;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Probes DescribeExecution until `until()` says stop (or `count` probes): latencies in ms, failures counted. */
async function probe(arn, { count = Infinity, until = () => false } = {}) {
  const samples = [];
  let failures = 0;
  for (let i = 0; i < count && !until(); i++) {
    const started = performance.now();
    try {
      await sfn.send(new DescribeExecutionCommand({ executionArn: arn }), { abortSignal: AbortSignal.timeout(30_000) });
      samples.push(performance.now() - started);
    } catch {
      failures += 1;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  return { ...stats(samples), failures };
}

/** A finished execution of ten Pass states to describe. */
async function probeTarget() {
  const small = await create('probe-target', passChain(10));
  const arn = (await sfn.send(new StartExecutionCommand({ stateMachineArn: small, name: 'target' }))).executionArn;
  await waitEnd(arn);
  return arn;
}

/** DescribeExecution of `target` idle, then while --heavy inline Maps of --map-items items run. */
async function measureLatency(target) {
  const idle = await probe(target, { count: n('probes') });
  progress(`idle DescribeExecution p50 ${idle.p50} ms, p99 ${idle.p99} ms`);
  const heavy = await create('heavy', inlineMap(n('map-items')));
  const heavyArns = [];
  for (let i = 0; i < n('heavy'); i++) {
    heavyArns.push((await send(new StartExecutionCommand({ stateMachineArn: heavy }))).executionArn);
  }
  let heavyDone = false;
  const heavyEnded = Promise.all(heavyArns.map(waitEnd)).then(() => (heavyDone = true));
  const probes = probe(target, { until: () => heavyDone });
  const started = performance.now();
  await heavyEnded;
  const loaded = {
    ...(await probes),
    heavyMaps: n('heavy'),
    items: n('map-items'),
    seconds: +((performance.now() - started) / 1000).toFixed(1),
  };
  progress(`under ${n('heavy')} Maps of ${n('map-items')} items: p50 ${loaded.p50} ms, p99 ${loaded.p99} ms`);
  return { idle, loaded };
}

const figures = {};
try {
  const target = await probeTarget();

  if (phases.has('latency')) {
    if (args.baseline) {
      const current = { dataDir, sfn, work, stop };
      ({ dataDir, sfn, work, stop } = await startServer(args.baseline));
      try {
        figures.baseline = await measureLatency(await probeTarget());
      } finally {
        await stop();
        ({ dataDir, sfn, work, stop } = current);
      }
    }
    Object.assign(figures, await measureLatency(target));
  }

  if (phases.has('delete')) {
    // 4. DeleteStateMachine of many Map executions, probes running
    const doomed = await create('doomed', inlineMap(n('soak-items')));
    const count = n('delete');
    let made = 0;
    const makeOne = async () => {
      for (;;) {
        if (made >= count) return;
        made += 1;
        const { executionArn } = await send(new StartExecutionCommand({ stateMachineArn: doomed }));
        await waitEnd(executionArn);
      }
    };
    await Promise.all(Array.from({ length: n('concurrency') }, makeOne));
    progress(`${count} Map executions of 'doomed' made; deleting`);
    // A fresh probe target: the soak's retention may have removed the first one.
    const small = await create('probe-target-2', passChain(10));
    const fresh = (await sfn.send(new StartExecutionCommand({ stateMachineArn: small }))).executionArn;
    await waitEnd(fresh);
    let gone = false;
    const during = probe(fresh, { until: () => gone });
    const t0 = performance.now();
    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: doomed }));
    const returnedMs = performance.now() - t0;
    for (;;) {
      try {
        await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: doomed }));
      } catch (error) {
        if (error.name === 'StateMachineDoesNotExist') break;
        throw error;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const purgeMs = performance.now() - t0;
    gone = true;
    figures.delete = {
      executions: count,
      returnedMs: +returnedMs.toFixed(1),
      purgedSeconds: +(purgeMs / 1000).toFixed(1),
      probes: await during,
    };
    progress(
      `DeleteStateMachine returned in ${figures.delete.returnedMs} ms, purged in ${figures.delete.purgedSeconds} s`,
    );
  }
  if (phases.has('soak')) {
    // 3. soak under retention
    const chain = await create('nightly', passChain(10));
    const mapped = await create('nightly-map', inlineMap(n('soak-items')));
    const total = n('executions');
    // A machine too busy for the full count stops starting executions at the deadline and reports how many ran.
    const deadline = args['soak-deadline'] ? Date.parse(args['soak-deadline']) : Infinity;
    let next = 0;
    let finished = 0;
    let maxDb = 0;
    let maxKept = 0;
    const soakStarted = performance.now();
    const worker = async () => {
      for (;;) {
        const i = next++;
        if (i >= total || Date.now() >= deadline) return;
        const stateMachineArn = i % n('map-every') === 0 ? mapped : chain;
        const { executionArn } = await send(new StartExecutionCommand({ stateMachineArn }));
        await waitEnd(executionArn);
        finished += 1;
        if (finished % Math.max(1, Math.min(1000, Math.floor(total / 20))) === 0) {
          const size = dbBytes();
          const closed = kept();
          maxDb = Math.max(maxDb, size);
          maxKept = Math.max(maxKept, closed);
          progress(`${finished}/${total} executions, database ${mib(size)}, ${closed} closed kept`);
        }
      }
    };
    await Promise.all(Array.from({ length: n('concurrency') }, worker));
    const finalDb = dbBytes();
    const finalKept = kept();
    figures.soak = {
      executions: finished,
      ...(finished < total ? { planned: total, stoppedAtDeadline: args['soak-deadline'] } : {}),
      retention: n('retention'),
      seconds: +((performance.now() - soakStarted) / 1000).toFixed(1),
      maxDatabase: mib(Math.max(maxDb, finalDb)),
      finalDatabase: mib(finalDb),
      maxKept: Math.max(maxKept, finalKept),
      finalKept,
    };
    progress(`soak done: largest database ${figures.soak.maxDatabase}`);
  }
} finally {
  await stop();
}

const row = (what, value) => console.log(`| ${what.padEnd(58)} | ${String(value).padEnd(24)} |`);
console.log(`| ${'measure'.padEnd(58)} | ${'value'.padEnd(24)} |`);
console.log(`| ${'-'.repeat(58)} | ${'-'.repeat(24)} |`);
if (figures.baseline) {
  const { idle, loaded } = figures.baseline;
  row(`baseline ${args.baseline}: DescribeExecution idle p50 / p99 (ms)`.slice(0, 58), `${idle.p50} / ${idle.p99}`);
  row(
    `… under ${loaded.heavyMaps} inline Maps of ${loaded.items} items p50 / p99 / max (ms)`,
    `${loaded.p50} / ${loaded.p99} / ${loaded.max}`,
  );
}
if (figures.idle) {
  row('DescribeExecution idle p50 / p99 (ms)', `${figures.idle.p50} / ${figures.idle.p99}`);
  row(
    `… under ${figures.loaded.heavyMaps} inline Maps of ${figures.loaded.items} items p50 / p99 / max (ms)`,
    `${figures.loaded.p50} / ${figures.loaded.p99} / ${figures.loaded.max}`,
  );
}
if (figures.soak) {
  const { executions, planned, retention } = figures.soak;
  const cut = planned === undefined ? '' : ` of ${planned} (deadline)`;
  row(`soak: ${executions} executions${cut}, retention ${retention}`, `${figures.soak.seconds} s`);
  row('database: largest seen / at the end', `${figures.soak.maxDatabase} / ${figures.soak.finalDatabase}`);
  row('closed executions kept: most seen / at the end', `${figures.soak.maxKept} / ${figures.soak.finalKept}`);
}
if (figures.delete) {
  row(`DeleteStateMachine of ${figures.delete.executions} Map executions returned in (ms)`, figures.delete.returnedMs);
  row('… purged in the background in (s)', figures.delete.purgedSeconds);
  row(
    '… probes meanwhile p50 / p99 / max (ms), failures',
    `${figures.delete.probes.p50} / ${figures.delete.probes.p99} / ${figures.delete.probes.max}, ${figures.delete.probes.failures}`,
  );
}
row('workload SDK calls retried (connection reset, 5xx)', workRetries);
console.log(JSON.stringify({ ...figures, workRetries }));
