/** The queue attributes CreateQueue / SetQueueAttributes accept, their defaults and ranges (SQS's). */
import { sqsError, type SqsError } from './errors';

interface IntegerAttribute {
  min: number;
  max: number;
  default: number;
}

const INTEGER_ATTRIBUTES: Readonly<Record<string, IntegerAttribute>> = {
  DelaySeconds: { min: 0, max: 900, default: 0 },
  MaximumMessageSize: { min: 1024, max: 262144, default: 262144 },
  MessageRetentionPeriod: { min: 60, max: 1209600, default: 345600 },
  ReceiveMessageWaitTimeSeconds: { min: 0, max: 20, default: 0 },
  VisibilityTimeout: { min: 0, max: 43200, default: 30 },
};

/**
 * FIFO queues' attributes and the values each takes. FifoThroughputLimit is kept with no local effect (nothing is
 * throttled locally). On a standard queue these names are unknown, as on AWS.
 */
const FIFO_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  ContentBasedDeduplication: ['true', 'false'],
  DeduplicationScope: ['messageGroup', 'queue'],
  FifoThroughputLimit: ['perQueue', 'perMessageGroupId'],
};

/** Accepted and kept, but with no local effect (no IAM, no KMS). */
const OPAQUE_ATTRIBUTES = new Set([
  'Policy',
  'RedriveAllowPolicy',
  'KmsMasterKeyId',
  'KmsDataKeyReusePeriodSeconds',
  'SqsManagedSseEnabled',
]);

/** Read-only attributes GetQueueAttributes computes. */
export const COMPUTED_ATTRIBUTES = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
  'CreatedTimestamp',
  'LastModifiedTimestamp',
  'QueueArn',
] as const;

export interface RedrivePolicy {
  deadLetterTargetArn: string;
  maxReceiveCount: number;
}

export function defaultQueueAttributes(fifo: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, spec] of Object.entries(INTEGER_ATTRIBUTES)) out[name] = String(spec.default);
  out['SqsManagedSseEnabled'] = 'true';
  if (fifo) {
    out['FifoQueue'] = 'true';
    out['ContentBasedDeduplication'] = 'false';
    out['DeduplicationScope'] = 'queue';
    out['FifoThroughputLimit'] = 'perQueue';
  }
  return out;
}

/** Whether CreateQueue's attributes ask for a FIFO queue (FifoQueue is only valid there, as true or false). */
export function requestsFifo(attributes: Readonly<Record<string, string>>): boolean {
  const value = attributes['FifoQueue'];
  if (value === undefined) return false;
  const normalised = value.toLowerCase();
  if (normalised !== 'true' && normalised !== 'false') throw invalidValue('FifoQueue');
  return normalised === 'true';
}

export function isFifoQueue(attributes: Readonly<Record<string, string>>): boolean {
  return attributes['FifoQueue'] === 'true';
}

/**
 * Validates attributes to set on a queue of the given type; returns them normalised (integers without leading
 * zeros, say). FifoQueue itself is read by `requestsFifo` at creation and refused afterwards.
 */
export function checkQueueAttributes(
  attributes: Readonly<Record<string, string>>,
  queue: { fifo: boolean; creating: boolean },
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(attributes)) {
    const integer = INTEGER_ATTRIBUTES[name];
    const choices = FIFO_ATTRIBUTES[name];
    if (name === 'FifoQueue') {
      if (!queue.creating) throw invalidValue(name, 'Modifying queue type is not supported.');
      if (queue.fifo) out[name] = 'true';
    } else if (choices) {
      if (!queue.fifo) throw sqsError('InvalidAttributeName', `Unknown Attribute ${name}.`);
      const chosen = choices.find((c) => c.toLowerCase() === value.toLowerCase());
      if (chosen === undefined) throw invalidValue(name);
      out[name] = chosen;
    } else if (integer) {
      const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
      if (!Number.isInteger(n) || n < integer.min || n > integer.max) throw invalidValue(name);
      out[name] = String(n);
    } else if (name === 'RedrivePolicy') {
      out[name] = value === '' ? '' : JSON.stringify(parseRedrivePolicy(value));
    } else if (OPAQUE_ATTRIBUTES.has(name)) {
      out[name] = value;
    } else {
      throw sqsError('InvalidAttributeName', `Unknown Attribute ${name}.`);
    }
  }
  return out;
}

export function parseRedrivePolicy(text: string): RedrivePolicy {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalidValue('RedrivePolicy', 'Redrive policy is not a valid JSON map.');
  }
  const policy = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  const arn = policy['deadLetterTargetArn'];
  const rawCount = policy['maxReceiveCount'];
  const count = typeof rawCount === 'string' ? Number(rawCount) : rawCount;
  if (typeof arn !== 'string' || !arn.startsWith('arn:')) {
    throw invalidValue('RedrivePolicy', 'Dead letter target ARN is invalid.');
  }
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 1000) {
    throw invalidValue('RedrivePolicy', 'Invalid value for maxReceiveCount: must be an integer from 1 to 1000.');
  }
  return { deadLetterTargetArn: arn, maxReceiveCount: count };
}

/** The queue's integer attribute, falling back to the default. */
export function integerAttribute(attributes: Readonly<Record<string, string>>, name: string): number {
  const value = Number(attributes[name]);
  return Number.isInteger(value) ? value : (INTEGER_ATTRIBUTES[name]?.default ?? 0);
}

export function isKnownAttribute(name: string): boolean {
  return (
    name in INTEGER_ATTRIBUTES ||
    name in FIFO_ATTRIBUTES ||
    name === 'FifoQueue' ||
    OPAQUE_ATTRIBUTES.has(name) ||
    name === 'RedrivePolicy' ||
    (COMPUTED_ATTRIBUTES as readonly string[]).includes(name)
  );
}

function invalidValue(name: string, reason?: string): SqsError {
  return sqsError(
    'InvalidAttributeValue',
    `Invalid value for the parameter ${name}.${reason === undefined ? '' : ` Reason: ${reason}`}`,
  );
}
