/**
 * ASL timestamps: parsing what Wait (Timestamp, TimestampPath) and the Choice Timestamp* operators accept,
 * and formatting the context object's timestamps.
 */
import { compareInstants, parseOffsetDateTime } from './offset-date-time';

export { compareInstants, parseOffsetDateTime } from './offset-date-time';
export type { Instant } from './offset-date-time';
export { formatTimestamp } from './format';

/**
 * Parses an ISO-8601 extended offset date-time exactly as AWS accepts it: returns epoch milliseconds
 * (sub-millisecond precision truncated) or undefined when AWS rejects it.
 */
export function parseTimestamp(text: string): number | undefined {
  const instant = parseOffsetDateTime(text);
  if (instant === undefined) return undefined;
  return instant.epochSecond * 1000 + Math.floor(instant.nano / 1_000_000);
}

/**
 * Compares two timestamps at nanosecond precision, as the Choice Timestamp* operators do: negative, zero or
 * positive; undefined when either is not a timestamp AWS accepts.
 */
export function compareTimestamps(a: string, b: string): number | undefined {
  const left = parseOffsetDateTime(a);
  const right = parseOffsetDateTime(b);
  if (left === undefined || right === undefined) return undefined;
  return compareInstants(left, right);
}
