/**
 * A QueueUrl names the host the SQS client sends to. On AWS a URL whose host does not resolve never reaches SQS:
 * the SDK fails with `SQS.SdkClientException` "Unable to execute HTTP request: <host>: Name or service not known".
 * Locally every queue lives on the endpoint, so the endpoint's own host, loopback addresses and AWS's SQS hosts
 * are taken as SQS; any other host is looked up, and one that does not resolve fails as on AWS.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { StatesError } from '../../engine';

const SQS_HOSTS = /^(sqs\.[a-z0-9-]+\.amazonaws\.com(\.cn)?|queue\.amazonaws\.com|localhost)$/i;

export async function checkQueueHost(queueUrl: string | undefined, endpointUrl: string): Promise<void> {
  if (queueUrl === undefined) return;
  let host: string;
  try {
    host = new URL(queueUrl).hostname;
  } catch {
    throw new StatesError('SQS.SdkClientException', `Unable to execute HTTP request: ${queueUrl}: not a URL`);
  }
  if (host === '' || isIP(host.replace(/^\[|\]$/g, '')) !== 0 || SQS_HOSTS.test(host)) return;
  if (host === new URL(endpointUrl).hostname) return;
  try {
    await lookup(host);
  } catch {
    throw new StatesError(
      'SQS.SdkClientException',
      `Unable to execute HTTP request: ${host}: Name or service not known`,
    );
  }
}
