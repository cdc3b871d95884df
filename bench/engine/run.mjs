// bench/engine: executions per second of a 10-state Pass/Choice machine with its history persisted to SQLite,
// the time of a 10,000-iteration inline Map, and peak RSS. Prints a table, then one JSON line.
// Usage: npm run bench:engine [-- --executions 2000 --map-items 10000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

// The SDK's Node 22 notice does not apply: the lockfile pins its version.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { values } = parseArgs({
  options: {
    executions: { type: 'string', default: '2000' },
    'map-items': { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '64' },
  },
});
const executions = Number(values.executions);
const mapItems = Number(values['map-items']);
const concurrency = Number(values.concurrency);

const { startServer } = await import(join(root, 'dist/api/server.js'));
const { SFNClient, CreateStateMachineCommand, StartExecutionCommand, DescribeExecutionCommand } =
  await import('@aws-sdk/client-sfn');

/** Ten states: Pass and Choice alternating, with a little data flow so each does real work. */
const tenStates = {
  StartAt: 'S0',
  States: Object.fromEntries(
    Array.from({ length: 10 }, (_, i) => {
      const name = `S${i}`;
      const next = i < 9 ? { Next: `S${i + 1}` } : { End: true };
      if (i % 2 === 1 && i < 9) {
        return [
          name,
          {
            Type: 'Choice',
            Choices: [{ Variable: '$.n', NumericGreaterThanEquals: 0, Next: `S${i + 1}` }],
            Default: `S${i + 1}`,
          },
        ];
      }
      return [name, { Type: 'Pass', Parameters: { 'n.$': 'States.MathAdd($.n, 1)', 'doc.$': '$.doc' }, ...next }];
    }),
  ),
};
const bigMap = {
  StartAt: 'M',
  States: {
    M: {
      Type: 'Map',
      ItemsPath: '$.items',
      ItemSelector: { 'i.$': '$$.Map.Item.Index', 'v.$': '$$.Map.Item.Value' },
      ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
      ResultSelector: { 'count.$': 'States.ArrayLength($)' },
      End: true,
    },
  },
};

const dataDir = mkdtempSync(join(tmpdir(), 'fanout-bench-'));
const server = await startServer({ port: 0, dataDir });
const { service } = server;
const role = 'arn:aws:iam::000000000000:role/bench';
const rows = [];
let peakRss = process.memoryUsage().rss;
const sample = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);

async function pool(n, limit, job) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, n) }, async () => {
      while (next < n) await job(next++);
    }),
  );
}

// 1. In process: the service API straight into the engine and the store.
{
  const { stateMachineArn } = service.createStateMachine({
    name: 'ten-states',
    definition: JSON.stringify(tenStates),
    roleArn: role,
  });
  const t0 = performance.now();
  await pool(executions, concurrency, async (i) => {
    const { executionArn } = service.startExecution({
      stateMachineArn,
      input: JSON.stringify({ n: i, doc: `doc-${i}` }),
    });
    const d = await service.waitForExecution(executionArn);
    if (d.status !== 'SUCCEEDED') throw new Error(`execution ${executionArn} ended ${d.status}`);
  });
  const s = (performance.now() - t0) / 1000;
  rows.push({
    bench: '10-state Pass/Choice, in process',
    n: executions,
    seconds: s,
    rate: executions / s,
    unit: 'executions/s',
  });
}

// 2. Over HTTP with @aws-sdk/client-sfn, as users drive it.
{
  const sfn = new SFNClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  const { stateMachineArn } = await sfn.send(
    new CreateStateMachineCommand({ name: 'ten-states-http', definition: JSON.stringify(tenStates), roleArn: role }),
  );
  const n = Math.max(1, Math.floor(executions / 4));
  const t0 = performance.now();
  await pool(n, 16, async (i) => {
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ n: i, doc: `d${i}` }) }),
    );
    await service.waitForExecution(executionArn);
    const d = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (d.status !== 'SUCCEEDED') throw new Error(`execution ended ${d.status}`);
  });
  const s = (performance.now() - t0) / 1000;
  rows.push({ bench: '10-state Pass/Choice, over HTTP (SDK)', n, seconds: s, rate: n / s, unit: 'executions/s' });
  sfn.destroy();
}

// 3. One execution with a 10,000-iteration inline Map (every iteration's events persisted).
{
  const { stateMachineArn } = service.createStateMachine({
    name: 'big-map',
    definition: JSON.stringify(bigMap),
    roleArn: role,
  });
  const items = Array.from({ length: mapItems }, (_, i) => ({ id: i }));
  const t0 = performance.now();
  const { executionArn } = service.startExecution({ stateMachineArn, input: JSON.stringify({ items }) });
  const d = await service.waitForExecution(executionArn);
  const s = (performance.now() - t0) / 1000;
  if (d.status !== 'SUCCEEDED' || JSON.parse(d.output).count !== mapItems)
    throw new Error(`map ended ${d.status}: ${d.output ?? d.cause}`);
  rows.push({
    bench: `inline Map of ${mapItems} iterations`,
    n: mapItems,
    seconds: s,
    rate: mapItems / s,
    unit: 'iterations/s',
  });
}

clearInterval(sample);
peakRss = Math.max(peakRss, process.memoryUsage().rss);
await server.close();
rmSync(dataDir, { recursive: true, force: true });

const pad = (s, n) => String(s).padEnd(n);
console.log(`${pad('benchmark', 42)}${pad('n', 8)}${pad('seconds', 10)}rate`);
for (const r of rows)
  console.log(`${pad(r.bench, 42)}${pad(r.n, 8)}${pad(r.seconds.toFixed(2), 10)}${r.rate.toFixed(0)} ${r.unit}`);
console.log(`peak RSS: ${(peakRss / 1048576).toFixed(0)} MB`);
console.log(JSON.stringify({ bench: 'engine', rows, peakRssMB: Math.round(peakRss / 1048576) }));
