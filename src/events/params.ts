/** Reading request members: each check names the member and says what it must be (ValidationException). */
import { validation } from './errors';

export type Input = Record<string, unknown>;

export function requiredString(input: Input, name: string): string {
  const value = input[name];
  if (value === undefined || value === null)
    throw validation(
      `1 validation error detected: Value null at '${lower(name)}' failed to satisfy constraint: Member must not be null`,
    );
  if (typeof value !== 'string') throw validation(`${name} must be a string.`);
  return value;
}

export function optionalString(input: Input, name: string): string | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw validation(`${name} must be a string.`);
  return value;
}

export function optionalInteger(input: Input, name: string, min: number, max: number): number | undefined {
  const value = input[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw validation(
      `1 validation error detected: Value '${JSON.stringify(value)}' at '${lower(name)}' failed to satisfy constraint: Member must have value between ${min} and ${max}`,
    );
  }
  return value;
}

export function list(input: Input, name: string, min: number, max: number): unknown[] {
  const value = input[name];
  if (!Array.isArray(value)) {
    if (value === undefined || value === null)
      throw validation(
        `1 validation error detected: Value null at '${lower(name)}' failed to satisfy constraint: Member must not be null`,
      );
    throw validation(`${name} must be a list.`);
  }
  if (value.length < min || value.length > max) {
    throw validation(
      `1 validation error detected: Value '${JSON.stringify(value).slice(0, 100)}' at '${lower(name)}' failed to satisfy constraint: Member must have length ${value.length < min ? `greater than or equal to ${min}` : `less than or equal to ${max}`}`,
    );
  }
  return value;
}

/** Rule and target names: 1–64 of letters, digits, '.', '-', '_'. */
export function checkName(value: string, member: string): string {
  if (!/^[.\-_A-Za-z0-9]{1,64}$/.test(value)) {
    throw validation(
      `1 validation error detected: Value '${value}' at '${lower(member)}' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+ and have length between 1 and 64`,
    );
  }
  return value;
}

function lower(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** One page of a list: the items from NextToken on, at most Limit (1–100, default 100), and the next token. */
export function page<T>(input: Input, items: readonly T[]): { items: T[]; nextToken?: string } {
  const limit = optionalInteger(input, 'Limit', 1, 100) ?? 100;
  const token = optionalString(input, 'NextToken');
  let start = 0;
  if (token !== undefined) {
    start = Number(Buffer.from(token, 'base64url').toString('utf8'));
    if (!Number.isInteger(start) || start < 0) throw validation('The NextToken is not valid.');
  }
  const end = start + limit;
  return {
    items: items.slice(start, end),
    ...(end < items.length ? { nextToken: Buffer.from(String(end)).toString('base64url') } : {}),
  };
}
