/**
 * Where the repository is. infra/ reads workflows/ and builds tasks/, and runs from three places: compiled under
 * dist/infra (the CDK CLI), from source under ts-jest, and from any working directory; so the root is found by
 * walking up to the directory that holds cdk.json rather than assumed relative to this file.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function findProjectRoot(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'cdk.json')) && existsSync(join(dir, 'workflows'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`infra: no project root (a directory with cdk.json and workflows/) above ${start}`);
    }
    dir = parent;
  }
}
