/**
 * How AWS's Java runtime prints JSON values with toString(): States.Format arguments and Jayway error messages
 * show objects as `{a=1, b=[x, y]}` and strings without quotes.
 */
import type { Json } from '../json';

export function javaText(value: Json): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return javaNumberText(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(javaText).join(', ')}]`;
  return `{${Object.entries(value)
    .map(([k, v]) => `${k}=${javaText(v)}`)
    .join(', ')}}`;
}

/** JSON numbers print as JavaScript does, except that -0 has no sign. */
export function javaNumberText(value: number): string {
  return Object.is(value, -0) ? '0' : String(value);
}

/** The class name Jayway's default (json-smart) provider reports for a value in "but found '...'" messages. */
export function javaClassName(value: Json): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return 'java.lang.String';
  if (typeof value === 'boolean') return 'java.lang.Boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'java.lang.Integer' : 'java.lang.Double';
  if (Array.isArray(value)) return 'net.minidev.json.JSONArray';
  return 'net.minidev.json.JSONObject';
}
