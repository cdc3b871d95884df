// bench/chaos: bulk-ocr over N generated documents on `fanout serve --chaos spot-interruption=P`, with one kill -9
// of the server when about half of the documents are done and a restart on the same data directory and port;
// then every document is accounted for: its output written exactly once, or exactly one DLQ message with its
// reason. Prints a table and one JSON line (documents, interruptions, retries, duplicates, lost, wall time).
//
//   node bench/chaos/run.mjs [--documents 1000] [--scanned 5] [--bad 5] [--chaos 0.2] [--restart-chaos 0.2]
//                            [--per-task 8] [--concurrency 2] [--heartbeat 10] [--keep]
//
// Needs `npm run build` (dist and tasks/dist). The mix: one-page born-digital PDFs (the text-layer path, so a
// thousand documents take minutes), --scanned pages that need OCR and --bad files that must reach the DLQ.
// Exit 0 when nothing is lost or duplicated and every document ended as expected, 1 otherwise.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const {
  SFNClient,
  DescribeExecutionCommand,
  DescribeMapRunCommand,
  ListMapRunsCommand,
} = require('@aws-sdk/client-sfn');
const { generateMix } = require(join(ROOT, 'tasks/dist/ocr/testdata/mix.js'));
const { startBulkOcr, collectBulkOcr } = require(join(ROOT, 'dist/cli/commands/ocr/bulk-ocr.js'));
const { auditBulkOcr } = require(join(ROOT, 'dist/cli/commands/ocr/audit.js'));
const { loadProfile } = require(join(ROOT, 'dist/integrations/index.js'));

const { values: args } = parseArgs({
  options: {
    documents: { type: 'string', default: '1000' },
    scanned: { type: 'string', default: '5' },
    bad: { type: 'string', default: '5' },
    chaos: { type: 'string', default: '0.2' },
    'restart-chaos': { type: 'string' },
    'per-task': { type: 'string', default: '8' },
    concurrency: { type: 'string', default: String(Math.max(1, Math.min(2, availableParallelism()))) },
    heartbeat: { type: 'string', default: '10' },
    keep: { type: 'boolean', default: false },
  },
});
const documents = Number(args.documents);
const restartChaos = args['restart-chaos'] ?? args.chaos;
const PROFILE = join(ROOT, 'fanout.local.json');
const dir = mkdtempSync(join(tmpdir(), 'fanout-chaos-bench-'));
const dataDir = join(dir, 'data');
const serverLog = join(dir, 'server.log');
const note = (line) => process.stderr.write(`chaos: ${line}\n`);

const t0 = Date.now();
const mix = await generateMix(join(dir, 'documents'), {
  documents,
  scanned: Number(args.scanned),
  bad: Number(args.bad),
});
const count = (kind) => mix.filter((d) => d.kind === kind).length;
note(
  `${mix.length} documents in ${dir}: ${count('born-digital')} born-digital, ${count('scanned')} scanned, ${count('bad')} bad (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
);

const port = await freePort();
let server = await serve(args.chaos);
const substitutions = {
  ...loadProfile(PROFILE).substitutions,
  OcrHeartbeatSeconds: args.heartbeat,
  OcrMaxConcurrency: args.concurrency,
};
const started = Date.now();
const run = await startBulkOcr({
  endpoint: server.url,
  client: server.client,
  root: ROOT,
  substitutions,
  source: { kind: 'folder', path: join(dir, 'documents') },
  documentsPerTask: Number(args['per-task']),
  log: note,
});

// kill -9 when about half of the documents are done.
const mapRunArn = await poll(async () => {
  const runs = await server.client.send(new ListMapRunsCommand({ executionArn: run.executionArn }));
  return runs.mapRuns?.[0]?.mapRunArn;
}, 200);
const doneAtCrash = await poll(async () => {
  const c = (await server.client.send(new DescribeMapRunCommand({ mapRunArn }))).itemCounts;
  const done = (c?.succeeded ?? 0) + (c?.failed ?? 0);
  return done >= documents / 2 ? done : undefined;
}, 500);
const crashedAfter = (Date.now() - started) / 1000;
note(`kill -9 of the server after ${crashedAfter.toFixed(0)} s, ${doneAtCrash} documents done`);
await kill9(server);
const restartedAt = Date.now();
server = await serve(restartChaos);
note(`restarted in ${((Date.now() - restartedAt) / 1000).toFixed(1)} s`);

const execution = await poll(async () => {
  const d = await server.client.send(new DescribeExecutionCommand({ executionArn: run.executionArn }));
  return d.status === 'RUNNING' ? undefined : d;
}, 1000);
const wallSeconds = (Date.now() - started) / 1000;
const result = await collectBulkOcr(server.url, run, execution);
const audit = await auditBulkOcr(result, {
  endpoint: server.url,
  client: server.client,
  dataDir,
  serverLog: readFileSync(serverLog, 'utf8'),
});
await stop(server);

// Expected outcomes: each born-digital and scanned document succeeded, each bad one dead-lettered with its reason.
const wrong = [];
for (const doc of mix) {
  const key = `${run.sourcePrefix}${doc.file}`;
  const outcome = result.documents.find((d) => d.key === key);
  const letters = audit.letters.get(key) ?? [];
  if (doc.expect === 'ok' ? outcome?.status !== 'succeeded' : letters[0]?.error !== doc.expect) {
    wrong.push({ file: doc.file, expect: doc.expect, status: outcome?.status, error: letters[0]?.error });
  }
}
const shouldSucceed = mix.filter((d) => d.expect === 'ok').length;
const unrecovered = audit.interrupted.filter((b) => b.status !== 'SUCCEEDED' || !(b.retried || b.answered));

const figures = {
  documents: mix.length,
  bornDigital: count('born-digital'),
  scanned: count('scanned'),
  bad: count('bad'),
  status: execution.status,
  succeeded: audit.succeeded,
  deadLettered: audit.deadLettered,
  outputs: audit.outputs.json,
  shouldSucceed,
  batches: audit.batches,
  tasks: audit.tasks,
  interruptions: audit.interruptions,
  interruptedAfterAnswer: audit.interrupted.filter((b) => !b.retried && b.answered).length,
  unrecoveredInterruptions: unrecovered.length,
  heartbeatTimeouts: audit.heartbeatTimeouts,
  retries: audit.retries,
  redoneDocuments: audit.redone,
  writtenByOrphans: audit.writtenUnlogged.length,
  duplicates: audit.duplicates.length,
  lost: audit.lost.length,
  wrongOutcome: wrong.length,
  doneAtCrash,
  crashAfterSeconds: Math.round(crashedAfter),
  wallSeconds: Math.round(wallSeconds),
  chaos: Number(args.chaos),
  restartChaos: Number(restartChaos),
  documentsPerTask: Number(args['per-task']),
  maxConcurrency: Number(args.concurrency),
  heartbeatSeconds: Number(args.heartbeat),
  cpus: availableParallelism(),
};

console.log(`\nbulk-ocr under chaos: ${figures.documents} documents, spot-interruption=${args.chaos}, one kill -9`);
console.log('| figure | value |');
console.log('| --- | ---: |');
const rows = [
  [
    'documents (born-digital / scanned / bad)',
    `${figures.documents} (${figures.bornDigital} / ${figures.scanned} / ${figures.bad})`,
  ],
  ['execution', figures.status],
  ['outputs (`<key>.json`) / should succeed', `${figures.outputs} / ${figures.shouldSucceed}`],
  ['in the DLQ (one message each)', figures.deadLettered],
  ['batches / task runs', `${figures.batches} / ${figures.tasks}`],
  ['Spot interruptions (StopCode SpotInterruption)', figures.interruptions],
  ['  of which after the task had answered', figures.interruptedAfterAnswer],
  ['heartbeat timeouts', figures.heartbeatTimeouts],
  ['retries (batch attempts beyond the first)', figures.retries],
  ['documents redone after an interrupted attempt', figures.redoneDocuments],
  ['outputs written by orphans after the crash', figures.writtenByOrphans],
  ['documents done at the kill -9', `${figures.doneAtCrash} (after ${figures.crashAfterSeconds} s)`],
  ['duplicates', figures.duplicates],
  ['lost', figures.lost],
  ['wrong outcome', figures.wrongOutcome],
  ['wall time', `${figures.wallSeconds} s`],
];
for (const [name, value] of rows) console.log(`| ${name} | ${value} |`);
for (const w of wrong.slice(0, 20)) note(`wrong outcome: ${JSON.stringify(w)}`);
for (const key of [...audit.duplicates, ...audit.lost].slice(0, 20)) note(`not exactly once: ${key}`);
console.log(JSON.stringify({ bench: 'chaos', ...figures }));

if (!args.keep) rmSync(dir, { recursive: true, force: true });
else note(`kept ${dir}`);
const ok =
  execution.status === 'SUCCEEDED' &&
  figures.duplicates === 0 &&
  figures.lost === 0 &&
  figures.wrongOutcome === 0 &&
  figures.outputs === shouldSucceed &&
  unrecovered.length === 0;
process.exit(ok ? 0 : 1);

/** `node bin/fanout.js serve` on the bench's data directory and port; its stderr (the server log) to server.log. */
async function serve(chaos) {
  const argv = [join(ROOT, 'bin/fanout.js'), 'serve', '--port', String(port), '--data-dir', dataDir];
  argv.push('--profile', PROFILE, '--no-schedules');
  if (Number(chaos) > 0) argv.push('--chaos', `spot-interruption=${chaos}`);
  const child = spawn(process.execPath, argv, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr.pipe(createWriteStream(serverLog, { flags: 'a' }));
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0].trim());
    });
    child.once('exit', (code) => reject(new Error(`fanout serve exited with ${code}; see ${serverLog}`)));
  });
  const client = new SFNClient({
    endpoint: url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'fanout', secretAccessKey: 'fanout' },
  });
  return { child, url, client };
}

async function kill9(s) {
  s.client.destroy();
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGKILL');
  await exited;
}

async function stop(s) {
  s.client.destroy();
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGTERM');
  await exited;
}

async function poll(probe, intervalMs) {
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port: p } = probe.address();
      probe.close(() => resolve(p));
    });
  });
}
