/** A JSON value as ASL sees it: state input, output, Parameters templates, the context object. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deep copy that also drops `undefined`, as JSON serialisation would. */
export function cloneJson<T extends Json>(value: T): T {
  return structuredClone(value);
}

/** Serialises a value the way AWS prints it in causes and history events: compact JSON. */
export function stringifyJson(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

/**
 * The texts values were parsed from. AWS prints a value that passed through unchanged as it was given: the execution
 * input keeps its own spelling (`["Hello", "World"]`, spaces and all) in the state events it reaches untouched.
 */
const givenTexts = new WeakMap<object, string>();

/** Parses a JSON text and remembers it as the spelling of the (object or array) value. */
export function parseJsonKeepingText(text: string): Json {
  const value = JSON.parse(text) as Json;
  keepText(value, text);
  return value;
}

/** Remembers `text` as the spelling of `value` (objects and arrays; other values print the one way anyway). */
export function keepText(value: Json, text: string): void {
  if (typeof value === 'object' && value !== null) givenTexts.set(value, text);
}

/** Whether `value` has a remembered spelling. */
export function hasKeptText(value: Json): boolean {
  return typeof value === 'object' && value !== null && givenTexts.has(value);
}

/** A value's JSON text for history events and the next state: its remembered spelling, else compact JSON. */
export function jsonText(value: Json): string {
  return (typeof value === 'object' && value !== null ? givenTexts.get(value) : undefined) ?? stringifyJson(value);
}

/** Size in bytes of the UTF-8 encoding of the JSON text, which is what AWS's 256 KiB payload quota measures. */
export function jsonByteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** The type names AWS uses in messages such as "Expected 'array', but was 'boolean'". */
export function jsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
