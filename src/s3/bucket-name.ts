import { s3Error } from './errors';

/**
 * S3's general-purpose bucket naming rules
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html). A valid name is also a
 * safe directory-free identifier: it never contains `/`, `\`, NUL or a `..` segment.
 */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return 'Bucket names must be between 3 (min) and 63 (max) characters long.';
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) {
    return 'Bucket names can consist only of lowercase letters, numbers, periods (.), and hyphens (-), and must begin and end with a letter or number.';
  }
  if (name.includes('..')) return 'Bucket names must not contain two adjacent periods.';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return 'Bucket names must not be formatted as an IP address.';
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name)) return 'Bucket names must not start with a reserved prefix.';
  if (/(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name))
    return 'Bucket names must not end with a reserved suffix.';
  return undefined;
}

/** What us-east-1 once accepted: up to 255 letters (either case), digits, periods, hyphens and underscores. */
export const LEGACY_BUCKET_NAME = /^(?!.*\.\.)[A-Za-z0-9][A-Za-z0-9._-]{2,254}$/;

export function assertBucketName(name: string): void {
  const problem = bucketNameProblem(name);
  if (problem !== undefined)
    throw s3Error('InvalidBucketName', 400, `${problem} (${JSON.stringify(name)})`, { BucketName: name });
}
