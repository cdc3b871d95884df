/**
 * S3's error model: every failure is an XML `<Error>` with a code and an HTTP status, the way S3 sends it,
 * so SDKs raise their modelled exceptions (NoSuchKey, NoSuchBucket, ...) unchanged.
 */
import { WireError } from '../protocol/wire-error';

export type S3Error = WireError;

/** `details` are the extra `<Error>` children S3 adds for this code, e.g. `{ Key }` for NoSuchKey. */
export function s3Error(
  code: string,
  status: number,
  message: string,
  details: Readonly<Record<string, string>> = {},
): S3Error {
  return new WireError(code, message, { status, details });
}

export const noSuchBucket = (bucket: string): S3Error =>
  s3Error('NoSuchBucket', 404, 'The specified bucket does not exist', { BucketName: bucket });

export const noSuchKey = (key: string): S3Error =>
  s3Error('NoSuchKey', 404, 'The specified key does not exist.', { Key: key });

export const noSuchUpload = (uploadId: string): S3Error =>
  s3Error(
    'NoSuchUpload',
    404,
    'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
    { UploadId: uploadId },
  );

export const invalidArgument = (message: string, name: string, value: string): S3Error =>
  s3Error('InvalidArgument', 400, message, { ArgumentName: name, ArgumentValue: value });

export const malformedXml = (): S3Error =>
  s3Error(
    'MalformedXML',
    400,
    'The XML you provided was not well-formed or did not validate against our published schema',
  );

export const notImplemented = (what: string): S3Error =>
  s3Error('NotImplemented', 501, `${what} is not implemented by fanout's local S3.`);

export const methodNotAllowed = (method: string, resource: string): S3Error =>
  s3Error('MethodNotAllowed', 405, 'The specified method is not allowed against this resource.', {
    Method: method,
    ResourceType: resource,
  });

export const preconditionFailed = (condition: string): S3Error =>
  s3Error('PreconditionFailed', 412, 'At least one of the pre-conditions you specified did not hold', {
    Condition: condition,
  });
