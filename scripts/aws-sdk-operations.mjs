#!/usr/bin/env node
// Writes models/aws-sdk-operations.json: every AWS service's API actions, named as a Task's `aws-sdk:<service>:<action>`
// Resource names them (service: the model's serviceId lower-cased without spaces or dashes, as the AWS SDK for Java v2
// names its clients, e.g. "SFN" → sfn, "CloudWatch Logs" → cloudwatchlogs; action: the operation in lowerCamelCase),
// taken from the AWS SDK's own service models: botocore's data/<service>/<version>/service-2.json, the models the AWS
// CLI ships. CreateStateMachine checks `aws-sdk:*` resources against it (docs/api.md).
// Usage: node scripts/aws-sdk-operations.mjs [--botocore DIR]   (default: the botocore python3 imports)
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argIndex = process.argv.indexOf('--botocore');
const [botocore, botocoreVersion] =
  argIndex > 0
    ? [process.argv[argIndex + 1], 'unknown']
    : execFileSync(
        'python3',
        ['-c', 'import botocore, os; print(os.path.dirname(botocore.__file__)); print(botocore.__version__)'],
        { encoding: 'utf8' },
      )
        .trim()
        .split('\n');

const services = {};
for (const service of readdirSync(join(botocore, 'data')).sort()) {
  const base = join(botocore, 'data', service);
  let versions;
  try {
    versions = readdirSync(base).filter((v) => /^\d{4}-\d{2}-\d{2}$/.test(v));
  } catch {
    continue;
  }
  const version = versions.sort().at(-1);
  if (version === undefined) continue;
  const plain = join(base, version, 'service-2.json');
  const text = existsSync(plain)
    ? readFileSync(plain, 'utf8')
    : existsSync(`${plain}.gz`)
      ? gunzipSync(readFileSync(`${plain}.gz`)).toString()
      : undefined;
  if (text === undefined) continue;
  const model = JSON.parse(text);
  const id = (model.metadata.serviceId ?? service).toLowerCase().replace(/[\s-]/g, '');
  const actions = Object.keys(model.operations).map((op) => op[0].toLowerCase() + op.slice(1));
  services[id] = [...new Set([...(services[id] ?? []), ...actions])].sort();
}
mkdirSync(join(root, 'models'), { recursive: true });
const file = join(root, 'models', 'aws-sdk-operations.json');
writeFileSync(file, JSON.stringify({ source: `botocore ${botocoreVersion} service-2.json`, services }) + '\n');
const count = Object.values(services).reduce((n, a) => n + a.length, 0);
console.log(`${file}: ${Object.keys(services).length} services, ${count} actions`);
