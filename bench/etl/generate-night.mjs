#!/usr/bin/env node
// Writes one demo night of raw data for the ETL sources (tasks/etl/demo/generate-night.ts, compiled to
// tasks/dist by `npm run build`) into a directory or an S3 endpoint, and prints the manifest (expected counts).
//
//   node bench/etl/generate-night.mjs [--dir DIR | --endpoint URL] [--run-date 2026-11-20] [--seed 42]
//                                     [--rows 1000-5000] [--only a,b] [--sources workflows/etl-sources.json]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const { generateNight } = require('../../tasks/dist/etl/demo/generate-night.js');
const { directorySink, s3Sink } = require('../../tasks/dist/etl/demo/sinks.js');
const { parseSourcesFile } = require('../../tasks/dist/etl/sources.js');

const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    endpoint: { type: 'string' },
    'run-date': { type: 'string', default: '2026-11-20' },
    seed: { type: 'string', default: '42' },
    rows: { type: 'string', default: '1000-5000' },
    only: { type: 'string' },
    sources: { type: 'string', default: new URL('../../workflows/etl-sources.json', import.meta.url).pathname },
  },
});
if (!values.dir === !values.endpoint) {
  console.error('give exactly one of --dir DIR or --endpoint URL');
  process.exit(3);
}
const [min, max] = values.rows.split('-').map(Number);
const config = parseSourcesFile(readFileSync(values.sources, 'utf8'), values.sources);
let sink;
if (values.dir) sink = directorySink(values.dir);
else {
  const { S3Client } = require('@aws-sdk/client-s3');
  sink = s3Sink(
    new S3Client({
      endpoint: values.endpoint,
      region: process.env.AWS_REGION ?? 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'fanout', secretAccessKey: 'fanout' },
    }),
  );
}
const started = performance.now();
const night = await generateNight({
  config,
  runDate: values['run-date'],
  seed: Number(values.seed),
  rows: { min, max: max ?? min },
  sink,
  ...(values.only ? { only: values.only.split(',') } : {}),
});
console.error(
  `generated ${night.sources.length} sources, ${night.rows} rows in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
console.log(JSON.stringify(night));
