/**
 * Queue URLs and ARNs: `http://127.0.0.1:PORT/<accountId>/<name>` and `arn:aws:sqs:<region>:<accountId>:<name>`.
 * A URL is recognised by its path alone (any host), as a client may reach the endpoint by another name.
 */
import { sqsError, type SqsError } from './errors';

const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;
const FIFO_QUEUE_NAME = /^[A-Za-z0-9_-]{1,75}\.fifo$/;

const isQueueName = (name: string): boolean => QUEUE_NAME.test(name) || FIFO_QUEUE_NAME.test(name);

export function queueUrl(baseUrl: string, accountId: string, name: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/${accountId}/${name}`;
}

export function queueArn(region: string, accountId: string, name: string): string {
  return `arn:aws:sqs:${region}:${accountId}:${name}`;
}

/** The queue name in a URL of this account; throws InvalidAddress for anything else. */
export function queueNameOfUrl(url: string, accountId: string): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    throw invalidAddress(url);
  }
  const parts = path.split('/').filter((p) => p !== '');
  if (parts.length !== 2 || parts[0] !== accountId || !isQueueName(parts[1]!)) {
    // A well-formed URL of a queue this endpoint does not have (another account, say) is a missing queue.
    if (parts.length === 2 && isQueueName(parts[1]!)) {
      throw sqsError('QueueDoesNotExist', 'The specified queue does not exist.');
    }
    throw invalidAddress(url);
  }
  return parts[1]!;
}

/** The queue name in an ARN of this account and region, or undefined. */
export function queueNameOfArn(arn: string, region: string, accountId: string): string | undefined {
  const parts = arn.split(':');
  if (parts.length !== 6 || parts[0] !== 'arn' || parts[2] !== 'sqs') return undefined;
  if (parts[3] !== region || parts[4] !== accountId) return undefined;
  return parts[5];
}

/** A standard queue's name has no `.fifo` suffix; a FIFO queue's must have it. */
export function checkQueueName(name: string, fifo: boolean): void {
  if (fifo && !FIFO_QUEUE_NAME.test(name)) {
    throw sqsError(
      'InvalidParameterValue',
      'The name of a FIFO queue can only include alphanumeric characters, hyphens, or underscores, must end with .fifo suffix and be 1 to 80 in length.',
    );
  }
  if (!fifo && !QUEUE_NAME.test(name)) {
    throw sqsError(
      'InvalidParameterValue',
      'Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length',
    );
  }
}

function invalidAddress(url: string): SqsError {
  return sqsError('InvalidAddress', `The address ${url} is not valid for this endpoint.`);
}
