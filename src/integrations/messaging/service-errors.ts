/**
 * SDK errors → the Task errors Step Functions reports (spec §4.4–4.6): `SQS.QueueDoesNotExistException`,
 * `StepFunctions.ExecutionAlreadyExistsException`, `S3.NoSuchKeyException`, with the Java SDK's cause format,
 * since that is what AWS's own integrations are built on.
 */
import { randomUUID } from 'node:crypto';
import { StatesError } from '../../engine';

interface SdkError {
  name?: string;
  message?: string;
  Code?: string;
  $fault?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string; extendedRequestId?: string };
}

export interface ServiceErrorStyle {
  /** The error name prefix: `SQS`, `StepFunctions`, `S3`. */
  prefix: string;
  /** `Service:` in the cause: `AmazonSQS`, `AWSStepFunctions`, `S3`. */
  service: string;
  /** The error name for a response no modeled exception matches, e.g. `SQS.AmazonSQSException`. */
  unmodeled?: string;
  /** True when the error has a modeled exception class (rather than a generic service exception). */
  isModeled?: (error: unknown) => boolean;
  /** aws-sdk:* integrations word causes with commas and the extended request id (spec §4.6). */
  sdkStyle?: boolean;
  /** Renames error codes (HeadObject's bare 404 `NotFound` is S3's NoSuchKey). */
  rename?: Readonly<Record<string, string>>;
}

export function serviceError(error: unknown, style: ServiceErrorStyle): StatesError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SdkError;
  const status = e.$metadata?.httpStatusCode;
  if (status === undefined) {
    // No HTTP answer at all: the endpoint is unreachable or the URL is wrong.
    return new StatesError(
      `${style.prefix}.SdkClientException`,
      `Unable to execute HTTP request: ${e.message ?? String(error)}`,
    );
  }
  const rawName = e.name ?? 'Unknown';
  const name = style.rename?.[rawName] ?? rawName;
  const code = e.Code ?? name;
  const message = e.message !== undefined && e.message !== '' && e.message !== 'UnknownError' ? e.message : name;
  const requestId = e.$metadata?.requestId ?? randomUUID();
  const errorName =
    style.isModeled === undefined || style.isModeled(error) || style.rename?.[rawName] !== undefined
      ? `${style.prefix}.${name.endsWith('Exception') ? name : `${name}Exception`}`
      : (style.unmodeled ?? `${style.prefix}.${name}Exception`);
  const cause = style.sdkStyle
    ? `${message} (Service: ${style.service}, Status Code: ${status}, Request ID: ${requestId}, Extended Request ID: ${e.$metadata?.extendedRequestId ?? requestId})`
    : `${message} (Service: ${style.service}; Status Code: ${status}; Error Code: ${code}; Request ID: ${requestId}; Proxy: null)`;
  return new StatesError(errorName, cause);
}

/** A parameter error found before calling the service, worded as the service would answer it. */
export function parameterError(style: ServiceErrorStyle, code: string, message: string): StatesError {
  const errorName = style.unmodeled ?? `${style.prefix}.${code}Exception`;
  return new StatesError(
    errorName,
    style.sdkStyle
      ? `${message} (Service: ${style.service}, Status Code: 400, Request ID: ${randomUUID()})`
      : `${message} (Service: ${style.service}; Status Code: 400; Error Code: ${code}; Request ID: ${randomUUID()}; Proxy: null)`,
  );
}
