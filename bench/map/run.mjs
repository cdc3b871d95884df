// bench/map: a Distributed Map over a generated S3 Inventory on the local endpoint: ItemReader MANIFEST,
// ItemBatcher, Pass children, ResultWriter export. Items per second and peak RSS, each size in its own process
// so the RSS of one does not carry into the next. Prints a table, then one JSON line.
// Usage: npm run build && node bench/map/run.mjs [-- --rows 100000,1000000 --batch 1000 --type STANDARD]
// FANOUT_DIST points at another build output (default dist/).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dist = process.env.FANOUT_DIST ?? join(root, 'dist');
const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000,1000000' },
    batch: { type: 'string', default: '1000' },
    type: { type: 'string', default: 'STANDARD' },
    'rows-per-file': { type: 'string', default: '100000' },
    single: { type: 'boolean', default: false },
  },
});

if (values.single) {
  console.log(JSON.stringify(await runOne(Number(values.rows))));
  process.exit(0);
}

const results = [];
for (const rows of values.rows.split(',').map(Number)) {
  const child = spawnSync(
    process.execPath,
    [
      fileURLToPath(import.meta.url),
      '--single',
      '--rows',
      String(rows),
      '--batch',
      values.batch,
      '--type',
      values.type,
      '--rows-per-file',
      values['rows-per-file'],
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: process.env },
  );
  if (child.status !== 0) throw new Error(`the ${rows}-row run failed`);
  results.push(JSON.parse(child.stdout.trim().split('\n').at(-1)));
}
console.log('rows       batch  children  status     seconds  items/s   peak RSS MB');
for (const r of results) {
  console.log(
    `${String(r.rows).padEnd(10)} ${String(r.batch).padEnd(6)} ${String(r.children).padEnd(9)} ${r.status.padEnd(10)} ` +
      `${r.seconds.toFixed(2).padEnd(8)} ${String(Math.round(r.itemsPerSecond)).padEnd(9)} ${r.peakRssMb.toFixed(0)}`,
  );
}
console.log(JSON.stringify({ bench: 'map', type: values.type, results }));

async function runOne(rows) {
  const batch = Number(values.batch);
  const rowsPerFile = Number(values['rows-per-file']);
  const { startServer } = await import(join(dist, 'api/server.js'));
  const sfnSdk = await import('@aws-sdk/client-sfn');
  const s3Sdk = await import('@aws-sdk/client-s3');
  const dataDir = mkdtempSync(join(tmpdir(), 'fanout-bench-map-'));
  const server = await startServer({ port: 0, dataDir });
  const common = { endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'b', secretAccessKey: 'b' } };
  const sfn = new sfnSdk.SFNClient(common);
  const s3 = new s3Sdk.S3Client({ ...common, forcePathStyle: true });
  try {
    await s3.send(new s3Sdk.CreateBucketCommand({ Bucket: 'inventory' }));
    await s3.send(new s3Sdk.CreateBucketCommand({ Bucket: 'results' }));
    const files = [];
    for (let first = 0, part = 0; first < rows; first += rowsPerFile, part++) {
      const lines = [];
      for (let i = first; i < Math.min(rows, first + rowsPerFile); i++) {
        lines.push(
          `"source","docs/scan-${String(i).padStart(8, '0')}.pdf","${10000 + (i % 5000)}","2024-05-01T00:00:00.000Z"`,
        );
      }
      const body = gzipSync(`${lines.join('\n')}\n`);
      const key = `inv/source/daily/data/part-${part}.csv.gz`;
      await s3.send(new s3Sdk.PutObjectCommand({ Bucket: 'inventory', Key: key, Body: body }));
      files.push({ key, size: body.length, MD5checksum: '' });
    }
    const manifestKey = 'inv/source/daily/2024-05-01T00-00Z/manifest.json';
    await s3.send(
      new s3Sdk.PutObjectCommand({
        Bucket: 'inventory',
        Key: manifestKey,
        Body: JSON.stringify({
          sourceBucket: 'source',
          destinationBucket: 'arn:aws:s3:::inventory',
          version: '2016-11-30',
          creationTimestamp: '1714521600000',
          fileFormat: 'CSV',
          fileSchema: 'Bucket, Key, Size, LastModifiedDate',
          files,
        }),
      }),
    );
    const definition = {
      StartAt: 'Map',
      States: {
        Map: {
          Type: 'Map',
          ItemReader: {
            Resource: 'arn:aws:states:::s3:getObject',
            ReaderConfig: { InputType: 'MANIFEST' },
            Parameters: { Bucket: 'inventory', Key: manifestKey },
          },
          ItemBatcher: { MaxItemsPerBatch: batch },
          ResultWriter: {
            Resource: 'arn:aws:states:::s3:putObject',
            Parameters: { Bucket: 'results', Prefix: 'bench' },
            WriterConfig: { Transformation: 'COMPACT' },
          },
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: values.type },
            StartAt: 'Count',
            States: { Count: { Type: 'Pass', Parameters: { 'count.$': 'States.ArrayLength($.Items)' }, End: true } },
          },
          End: true,
        },
      },
    };
    const { stateMachineArn } = await sfn.send(
      new sfnSdk.CreateStateMachineCommand({
        name: 'bench',
        definition: JSON.stringify(definition),
        roleArn: 'arn:aws:iam::123456789012:role/bench',
      }),
    );
    const started = performance.now();
    const { executionArn } = await sfn.send(new sfnSdk.StartExecutionCommand({ stateMachineArn, input: '{}' }));
    let described;
    for (;;) {
      described = await sfn.send(new sfnSdk.DescribeExecutionCommand({ executionArn }));
      if (described.status !== 'RUNNING') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const seconds = (performance.now() - started) / 1000;
    const { mapRuns } = await sfn.send(new sfnSdk.ListMapRunsCommand({ executionArn }));
    const run = await sfn.send(new sfnSdk.DescribeMapRunCommand({ mapRunArn: mapRuns[0].mapRunArn }));
    if (run.itemCounts.succeeded !== rows)
      throw new Error(`only ${run.itemCounts.succeeded} of ${rows} items succeeded`);
    return {
      rows,
      batch,
      children: run.executionCounts.total,
      status: described.status,
      seconds,
      itemsPerSecond: rows / seconds,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    sfn.destroy();
    s3.destroy();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
