/** Argument checks shared by the intrinsic functions; a failed check is States.IntrinsicFailure. */
import { IntrinsicFailureError } from '../../errors';
import { isJsonObject, jsonTypeName, stringifyJson, type Json, type JsonObject } from '../../json';
import type { IntrinsicName } from '../ast';

export function intrinsicFailure(name: IntrinsicName, detail: string): IntrinsicFailureError {
  return new IntrinsicFailureError(`Invalid arguments in ${name}: ${detail}`);
}

function wrongType(name: IntrinsicName, position: number, expected: string, value: Json): IntrinsicFailureError {
  return intrinsicFailure(
    name,
    `argument ${position + 1} must be ${expected}, but was '${jsonTypeName(value)}' for value: ${stringifyJson(value)}`,
  );
}

export function arrayArg(name: IntrinsicName, args: readonly Json[], position: number): Json[] {
  const value = args[position] ?? null;
  if (!Array.isArray(value)) throw wrongType(name, position, 'an array', value);
  return value;
}

export function stringArg(name: IntrinsicName, args: readonly Json[], position: number): string {
  const value = args[position] ?? null;
  if (typeof value !== 'string') throw wrongType(name, position, 'a string', value);
  return value;
}

export function numberArg(name: IntrinsicName, args: readonly Json[], position: number): number {
  const value = args[position] ?? null;
  if (typeof value !== 'number') throw wrongType(name, position, 'a number', value);
  return value;
}

export function integerArg(name: IntrinsicName, args: readonly Json[], position: number): number {
  const value = args[position] ?? null;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw wrongType(name, position, 'an integer', value);
  return value;
}

export function booleanArg(name: IntrinsicName, args: readonly Json[], position: number): boolean {
  const value = args[position] ?? null;
  if (typeof value !== 'boolean') throw wrongType(name, position, 'a boolean', value);
  return value;
}

export function objectArg(name: IntrinsicName, args: readonly Json[], position: number): JsonObject {
  const value = args[position] ?? null;
  if (!isJsonObject(value)) throw wrongType(name, position, 'an object', value);
  return value;
}

/** AWS caps the text States.Base64Encode/Decode and States.Hash accept. */
export const MAX_TEXT_LENGTH = 10_000;

export function limitedStringArg(name: IntrinsicName, args: readonly Json[], position: number): string {
  const value = stringArg(name, args, position);
  if (value.length > MAX_TEXT_LENGTH) {
    throw intrinsicFailure(name, `the input exceeds the maximum of ${MAX_TEXT_LENGTH} characters`);
  }
  return value;
}
