/**
 * Checks on request fields, with the messages AWS gives. Requests arrive as untrusted JSON, so every check
 * reads an `unknown` value and names the field it rejects.
 */
import { serviceError, invalidName, validationError } from './errors';

/**
 * An operation's request as it arrives: the field names of the SDK's input type, each value not yet checked.
 * Both an SDK-typed object and parsed wire JSON are one, and a misspelt field name does not compile.
 */
export type Request<T> = { readonly [K in keyof T]?: unknown };

/** The values of ListExecutions' `statusFilter`. */
export const EXECUTION_STATUSES = [
  'SUCCEEDED',
  'TIMED_OUT',
  'PENDING_REDRIVE',
  'ABORTED',
  'FAILED',
  'RUNNING',
] as const;

export function requiredString<R extends object>(input: R, field: keyof R & string, maxLength?: number): string {
  const value = input[field];
  if (value === undefined || value === null) throw validationError(field, value, 'Member must not be null');
  return checkString(field, value, maxLength);
}

export function optionalString<R extends object>(
  input: R,
  field: keyof R & string,
  maxLength?: number,
): string | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  return checkString(field, value, maxLength);
}

function checkString(field: string, value: unknown, maxLength?: number): string {
  if (typeof value !== 'string') {
    throw serviceError('ValidationException', `Invalid type for parameter ${field}: expected a string`);
  }
  if (maxLength !== undefined && value.length > maxLength) {
    throw validationError(field, value, `Member must have length less than or equal to ${maxLength}`);
  }
  return value;
}

export function optionalBoolean<R extends object>(input: R, field: keyof R & string): boolean | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') {
    throw serviceError('ValidationException', `Invalid type for parameter ${field}: expected a boolean`);
  }
  return value;
}

export function optionalEnum<T extends string, R extends object = Record<string, unknown>>(
  input: R,
  field: keyof R & string,
  allowed: readonly T[],
): T | undefined {
  const value = optionalString(input, field);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw validationError(field, value, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
  }
  return value as T;
}

/** `maxResults`: 0..1000, where 0 (or absent) means the default page size of 100. */
export function pageSize(input: { readonly maxResults?: unknown }, max = 1000): number {
  const value = input['maxResults'];
  if (value === undefined || value === null) return 100;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw serviceError('ValidationException', 'Invalid type for parameter maxResults: expected an integer');
  }
  if (value > max)
    throw validationError('maxResults', String(value), `Member must have value less than or equal to ${max}`);
  if (value < 0)
    throw validationError('maxResults', String(value), 'Member must have value greater than or equal to 0');
  return value === 0 ? 100 : value;
}

/** Characters AWS refuses in state machine and execution names. */
// eslint-disable-next-line no-control-regex
const FORBIDDEN_NAME_CHARACTERS = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/;

/** A state machine or execution name: 1..80 characters, none of the forbidden ones. */
export function checkName(name: string, field = 'name'): string {
  return checkNameCharacters(checkNameLength(name, field));
}

/** The model constraint on names, which AWS checks before anything else. */
export function checkNameLength(name: string, field = 'name'): string {
  if (name.length < 1) throw validationError(field, name, 'Member must have length greater than or equal to 1');
  if (name.length > 80) throw validationError(field, name, 'Member must have length less than or equal to 80');
  return name;
}

/** The character rule, which AWS checks after the resource lookups (InvalidName). */
export function checkNameCharacters(name: string): string {
  if (FORBIDDEN_NAME_CHARACTERS.test(name)) throw invalidName(name);
  return name;
}
