// The AWS SDK's own service models as the scripts that write models/ read them: botocore's
// data/<service>/<version>/service-2.json (or .json.gz), the models the AWS CLI ships.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** botocore's folder and version: `--botocore DIR` when given, else the botocore python3 imports. */
export function botocoreLocation(argv = process.argv) {
  const argIndex = argv.indexOf('--botocore');
  if (argIndex > 0) return { dir: argv[argIndex + 1], version: 'unknown' };
  const [dir, version] = execFileSync(
    'python3',
    ['-c', 'import botocore, os; print(os.path.dirname(botocore.__file__)); print(botocore.__version__)'],
    { encoding: 'utf8' },
  )
    .trim()
    .split('\n');
  return { dir, version };
}

/** The services botocore has a model folder for, in name order. */
export function botocoreServices(dir) {
  return readdirSync(join(dir, 'data')).sort();
}

/** A service's newest model (`{ version, model }`), or undefined when botocore has none for it. */
export function latestModel(dir, service) {
  const base = join(dir, 'data', service);
  let versions;
  try {
    versions = readdirSync(base).filter((v) => /^\d{4}-\d{2}-\d{2}$/.test(v));
  } catch {
    return undefined;
  }
  const version = versions.sort().at(-1);
  if (version === undefined) return undefined;
  const plain = join(base, version, 'service-2.json');
  const text = existsSync(plain)
    ? readFileSync(plain, 'utf8')
    : existsSync(`${plain}.gz`)
      ? gunzipSync(readFileSync(`${plain}.gz`)).toString()
      : undefined;
  return text === undefined ? undefined : { version, model: JSON.parse(text) };
}
