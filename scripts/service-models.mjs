#!/usr/bin/env node
// Writes models/aws-service-responses.json: the response shape of every operation of the AWS services a Task state
// reaches (optimized integrations and common aws-sdk ones), taken from the AWS SDK's own service models — botocore's
// data/<service>/<version>/service-2.json, the same models the AWS CLI ships — so TestState's fieldValidationMode
// checks mocked results against the real APIs. Only types, required members, enums and min/max are kept.
// Usage: node scripts/service-models.mjs [--botocore DIR]   (default: the botocore python3 imports)
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { botocoreLocation, latestModel } from './botocore.mjs';

const SERVICES = [
  'athena',
  'batch',
  'dynamodb',
  'ecs',
  'events',
  'kms',
  'lambda',
  's3',
  'secretsmanager',
  'sns',
  'sqs',
  'stepfunctions',
];
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { dir: botocore, version: botocoreVersion } = botocoreLocation();

function loadModel(service) {
  const found = latestModel(botocore, service);
  if (found === undefined) throw new Error(`botocore at ${botocore} has no model for ${service}`);
  return found;
}

const out = { source: `botocore ${botocoreVersion} service-2.json`, services: {} };
for (const service of SERVICES) {
  const { version, model } = loadModel(service);
  const shapes = {};
  const keep = (name) => {
    if (name in shapes) return;
    const s = model.shapes[name];
    const t = { type: s.type };
    shapes[name] = t;
    if (s.required?.length) t.required = s.required;
    if (s.enum) t.enum = s.enum;
    if (s.min !== undefined) t.min = s.min;
    if (s.max !== undefined) t.max = s.max;
    if (s.type === 'structure') {
      t.members = {};
      for (const [m, ref] of Object.entries(s.members ?? {})) {
        // Members the service sends in HTTP headers or the status line are still fields of the SDK's response.
        t.members[m] = ref.shape;
        keep(ref.shape);
      }
    } else if (s.type === 'list') {
      t.member = s.member.shape;
      keep(s.member.shape);
    } else if (s.type === 'map') {
      t.value = s.value.shape;
      keep(s.value.shape);
    }
  };
  const operations = {};
  for (const [op, def] of Object.entries(model.operations)) {
    if (!def.output) continue;
    operations[op] = def.output.shape;
    keep(def.output.shape);
  }
  out.services[service] = { apiVersion: version, operations, shapes };
}
mkdirSync(join(root, 'models'), { recursive: true });
const file = join(root, 'models', 'aws-service-responses.json');
writeFileSync(file, JSON.stringify(out) + '\n');
console.log(`${file}: ${Object.keys(out.services).length} services`);
