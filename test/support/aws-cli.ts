import { execFile, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');

/** Whether the AWS CLI is on PATH; suites that drive it name the skip in their title when it is not. */
export const hasAws = spawnSync('aws', ['--version'], { stdio: 'ignore' }).status === 0;

/** The environment without a profile or endpoint of the developer's that would take precedence. */
const ambient = Object.fromEntries(
  Object.entries(process.env).filter(
    ([name]) => !/^AWS_(PROFILE|DEFAULT_PROFILE|ENDPOINT_URL.*|SESSION_TOKEN)$/.test(name),
  ),
);

/**
 * One `aws stepfunctions` call against `endpoint` with dummy credentials and no config files; async, because the
 * server answering it may live in the calling process. Host-prefix injection is off, as docs/api.md tells users,
 * so TestState and StartSyncExecution reach the endpoint itself. `allowEmpty` answers `{}` for calls that print
 * nothing (deletes, tagging).
 */
export function awsStepFunctions(
  endpoint: string,
  args: readonly string[],
  options: { allowEmpty?: boolean } = {},
): Promise<Record<string, unknown>> {
  return awsCli(endpoint, ['stepfunctions', ...args], options);
}

/** One `aws <service> <command> ...` call against `endpoint`, with the same environment as awsStepFunctions. */
export async function awsCli(
  endpoint: string,
  args: readonly string[],
  options: { allowEmpty?: boolean } = {},
): Promise<Record<string, unknown>> {
  const { stdout } = await run('aws', [...args, '--endpoint-url', endpoint, '--output', 'json'], {
    cwd: ROOT,
    env: {
      ...ambient,
      AWS_ACCESS_KEY_ID: 'dummy',
      AWS_SECRET_ACCESS_KEY: 'dummy',
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_PAGER: '',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_DISABLE_HOST_PREFIX_INJECTION: 'true',
    },
  });
  if (options.allowEmpty === true && stdout.trim() === '') return {};
  return JSON.parse(stdout) as Record<string, unknown>;
}
