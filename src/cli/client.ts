/**
 * How the CLI reaches a Step Functions endpoint: the public SDK, the same way any user's code would, whether the
 * endpoint is `fanout serve`, an in-process server, or (with credentials in the environment) AWS itself.
 */
import { SFNClient } from '@aws-sdk/client-sfn';
import { UsageError } from './errors';

/** Local endpoints do not check signatures, but the SDK insists on signing. */
const DUMMY_CREDENTIALS = { accessKeyId: 'dummy', secretAccessKey: 'dummy' };

/**
 * `disableHostPrefix`: TestState and StartSyncExecution would otherwise go to `sync-<host>`, which a local endpoint's
 * address does not resolve as (docs/api.md).
 */
export function createClient(endpoint: string): SFNClient {
  return new SFNClient({
    endpoint,
    region: 'us-east-1',
    credentials: DUMMY_CREDENTIALS,
    maxAttempts: 2,
    disableHostPrefix: true,
  });
}

/** The endpoint as given to --endpoint, checked so a typo is a usage error rather than a network error. */
export function parseEndpoint(text: string, usage: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--endpoint must be a URL such as http://127.0.0.1:8083, got '${text}'`, usage);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--endpoint must be an http(s) URL, got '${text}'`, usage);
  }
  return text.replace(/\/+$/, '');
}
