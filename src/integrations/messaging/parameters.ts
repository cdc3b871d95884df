/** Small readers for a Task's Parameters (a JSON object, PascalCase members). */
import type { Json, JsonObject } from '../../engine';

export function asObject(parameters: Json): JsonObject | undefined {
  return typeof parameters === 'object' && parameters !== null && !Array.isArray(parameters) ? parameters : undefined;
}

/** A string member as is; any other JSON value as its JSON text (how Step Functions sends an object body). */
export function asText(value: Json | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}
