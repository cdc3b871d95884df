import { invalidToken, validationError } from './errors';

/**
 * `nextToken` values: opaque to callers, they carry the listing they belong to and the key to continue
 * after. A token from another listing, or garbage, is InvalidToken.
 */
export function encodePageToken(listing: string, key: string | number): string {
  return Buffer.from(JSON.stringify([listing, key]), 'utf8').toString('base64url');
}

export function decodePageToken(token: string | undefined, listing: 'history', maxLength: number): number | undefined;
export function decodePageToken(
  token: string | undefined,
  listing: 'executions' | 'mapRuns' | 'mapRunExecutions' | 'versions',
  maxLength: number,
): number | undefined;
export function decodePageToken(
  token: string | undefined,
  listing: 'stateMachines' | 'aliases' | 'activities',
  maxLength: number,
): string | undefined;
export function decodePageToken(
  token: string | undefined,
  listing: string,
  maxLength: number,
): string | number | undefined {
  if (token === undefined) return undefined;
  if (token.length > maxLength) {
    throw validationError('nextToken', token, `Member must have length less than or equal to ${maxLength}`);
  }
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalidToken(token);
  }
  if (!Array.isArray(decoded) || decoded.length !== 2 || decoded[0] !== listing) throw invalidToken(token);
  const key: unknown = decoded[1];
  const wantNumber = !['stateMachines', 'aliases', 'activities'].includes(listing);
  if (wantNumber ? !Number.isSafeInteger(key) : typeof key !== 'string') throw invalidToken(token);
  return key as string | number;
}
