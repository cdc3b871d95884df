/**
 * The AWS SDK integrations' services and actions, read once from models/aws-sdk-operations.json (written by
 * scripts/aws-sdk-operations.mjs from botocore's service models), for create-time checks of `aws-sdk:*` resources.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ResourceCatalog } from '../engine';

/** Same depth from src/runtime and dist/runtime. */
const OPERATIONS_FILE = join(__dirname, '..', '..', 'models', 'aws-sdk-operations.json');

let services: Map<string, ReadonlySet<string>> | undefined;

export const awsSdkCatalog: ResourceCatalog = {
  awsSdkActions(service) {
    if (services === undefined) {
      const file = JSON.parse(readFileSync(OPERATIONS_FILE, 'utf8')) as { services: Record<string, string[]> };
      services = new Map(Object.entries(file.services).map(([name, actions]) => [name, new Set(actions)]));
    }
    return services.get(service);
  },
};
