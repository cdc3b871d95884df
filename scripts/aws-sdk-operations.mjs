#!/usr/bin/env node
// Writes models/aws-sdk-operations.json: every AWS service's API actions, named as a Task's `aws-sdk:<service>:<action>`
// Resource names them (service: the model's serviceId lower-cased without spaces or dashes, as the AWS SDK for Java v2
// names its clients, e.g. "SFN" → sfn, "CloudWatch Logs" → cloudwatchlogs; action: the operation in lowerCamelCase),
// taken from the AWS SDK's own service models: botocore's data/<service>/<version>/service-2.json, the models the AWS
// CLI ships. CreateStateMachine checks `aws-sdk:*` resources against it (docs/api.md).
// Usage: node scripts/aws-sdk-operations.mjs [--botocore DIR]   (default: the botocore python3 imports)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { botocoreLocation, botocoreServices, latestModel } from './botocore.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { dir: botocore, version: botocoreVersion } = botocoreLocation();

const services = {};
for (const service of botocoreServices(botocore)) {
  const { model } = latestModel(botocore, service) ?? {};
  if (model === undefined) continue;
  const id = (model.metadata.serviceId ?? service).toLowerCase().replace(/[\s-]/g, '');
  const actions = Object.keys(model.operations).map((op) => op[0].toLowerCase() + op.slice(1));
  services[id] = [...new Set([...(services[id] ?? []), ...actions])].sort();
}
mkdirSync(join(root, 'models'), { recursive: true });
const file = join(root, 'models', 'aws-sdk-operations.json');
writeFileSync(file, JSON.stringify({ source: `botocore ${botocoreVersion} service-2.json`, services }) + '\n');
const count = Object.values(services).reduce((n, a) => n + a.length, 0);
console.log(`${file}: ${Object.keys(services).length} services, ${count} actions`);
