/**
 * The environment a task process starts with. A container does not inherit its host's environment, so only what
 * a process needs to run at all is passed through (PATH, HOME, locale) — never the host's AWS_* settings, which
 * could point a local task at a real account. Then the variables a task on AWS would find: the region, an
 * endpoint (here the local one) and credentials (dummies; the local endpoint does not check them).
 */
import type { IntegrationContext } from './handler';

const PASSED_THROUGH = [
  'PATH',
  'HOME',
  'USER',
  'TMPDIR',
  'TMP',
  'TEMP',
  'LANG',
  'LC_ALL',
  'TZ',
  'SYSTEMROOT',
  'NODE_PATH',
];

export function baseEnvironment(context: IntegrationContext): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of PASSED_THROUGH) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return {
    ...env,
    AWS_ENDPOINT_URL: context.endpointUrl,
    AWS_REGION: context.region,
    AWS_DEFAULT_REGION: context.region,
    AWS_ACCESS_KEY_ID: 'fanout-local',
    AWS_SECRET_ACCESS_KEY: 'fanout-local',
    // The SDK v3 would otherwise warn on stderr about Node versions, cluttering every task log.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}

/** ECS/Batch overrides' `[{Name, Value}]` as a map; later entries win, as in ECS. */
export function environmentFromPairs(pairs: ReadonlyArray<{ Name: string; Value: string }>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { Name, Value } of pairs) env[Name] = Value;
  return env;
}
