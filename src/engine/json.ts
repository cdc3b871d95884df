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
