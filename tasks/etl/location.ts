/**
 * A source's location pattern for one night → where to list and which keys match. Listing uses the longest
 * literal prefix; `*` and `?` then match within one path segment, like a shell glob.
 */
import { BadInputError } from './errors';

export interface ResolvedLocation {
  /** The pattern with the bucket and run date filled in, for messages. */
  readonly uri: string;
  readonly bucket: string;
  /** List objects under this prefix… */
  readonly prefix: string;
  /** …and keep the keys this matches. */
  readonly matches: (key: string) => boolean;
}

export function resolveLocation(pattern: string, vars: { rawBucket: string; runDate: string }): ResolvedLocation {
  const uri = pattern.replace(/\{rawBucket\}/g, vars.rawBucket).replace(/\{runDate\}/g, vars.runDate);
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!match) throw new BadInputError(`location ${uri} is not s3://bucket/key-pattern`);
  const bucket = match[1]!;
  const keyPattern = match[2]!;
  const wildcard = keyPattern.search(/[*?]/);
  const prefix = wildcard === -1 ? keyPattern : keyPattern.slice(0, wildcard);
  const regex = new RegExp(
    `^${keyPattern
      .split('')
      .map((ch) => (ch === '*' ? '[^/]*' : ch === '?' ? '[^/]' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
      .join('')}$`,
  );
  return { uri, bucket, prefix, matches: (key) => regex.test(key) };
}

/** YYYY-MM-DD that is a real calendar day (the night being loaded, UTC). */
export function checkRunDate(text: string | undefined): string {
  if (text === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    throw new BadInputError(`--run-date must be YYYY-MM-DD, got ${JSON.stringify(text ?? null)}`);
  }
  const date = new Date(`${text}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) {
    throw new BadInputError(`--run-date ${text} is not a calendar date`);
  }
  return text;
}
