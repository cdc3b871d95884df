/** `s3://bucket[/prefix]` as the command takes it. */
import { UsageError } from '../../errors';

export interface S3Location {
  bucket: string;
  prefix: string;
}

export function parseS3Url(text: string, what: string, usage: string): S3Location {
  const match = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(text);
  if (match === null) throw new UsageError(`${what} must look like s3://bucket[/prefix], got '${text}'`, usage);
  return { bucket: match[1]!, prefix: match[2] ?? '' };
}
