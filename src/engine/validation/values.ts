import type { JsonObject } from '../json';
import { isJsonObject } from '../json';

export { isJsonObject };
export type { JsonObject };

export function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

/** A JSONata expression is a whole string `{% ... %}`; anything else is a literal. */
export function isJsonataExpression(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('{%') && value.endsWith('%}');
}

export function quoteList(values: readonly string[]): string {
  return `[${values.join(', ')}]`;
}
