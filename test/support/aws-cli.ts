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
 * so TestState and StartSyncExecution reach the endpoint itself.
 */
export function awsStepFunctions(
  endpoint: string,
  args: readonly string[],
  options: AwsCliOptions = {},
): Promise<Record<string, unknown>> {
  return awsCli(endpoint, ['stepfunctions', ...args], options);
}

export interface AwsCliOptions {
  /** Answers `{}` for calls that print nothing (deletes, tagging). */
  allowEmpty?: boolean;
  /** Which `aws` to run. @default the one on PATH */
  bin?: string;
}

/** One `aws <service> <command> ...` call against `endpoint`, with the same environment as awsStepFunctions. */
export async function awsCli(
  endpoint: string,
  args: readonly string[],
  options: AwsCliOptions = {},
): Promise<Record<string, unknown>> {
  const stdout = await awsCliText(endpoint, [...args, '--output', 'json'], options.bin);
  if (options.allowEmpty === true && stdout.trim() === '') return {};
  return JSON.parse(stdout) as Record<string, unknown>;
}

/** One `aws` call against `endpoint` whose printed text is the answer (`aws s3 ls`, `aws s3 cp`). */
export async function awsCliText(endpoint: string, args: readonly string[], bin = 'aws'): Promise<string> {
  const { stdout } = await run(bin, [...args, '--endpoint-url', endpoint], {
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
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}
