/**
 * Turns what JSONata returns into plain JSON. JSONata results can be undefined, functions (lambdas, regular
 * expressions, built-ins), arrays carrying sequence markers, or numbers JSON cannot hold; none of those may
 * leak into state output or variables.
 */
import type { Json, JsonObject } from '../json';

/** The result is, or contains, something JSON cannot represent (a function). */
export class UnsupportedResultError extends Error {}

/**
 * A deep copy holding only JSON values. Undefined object members are dropped and undefined array items become
 * null, as JSON serialisation does; -0 becomes 0 and non-finite numbers null, as JSON.stringify prints them.
 * The copy also detaches the result from the bindings, so later changes to one never reach the other.
 */
export function normaliseJsonataResult(value: unknown): Json {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) return null;
      return value === 0 ? 0 : value;
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : normaliseJsonataResult(item)));
      const copy: JsonObject = {};
      for (const [key, member] of Object.entries(value)) {
        if (member !== undefined) copy[key] = normaliseJsonataResult(member);
      }
      return copy;
    }
    default:
      // function, or a bigint/symbol no JSON input can produce
      throw new UnsupportedResultError();
  }
}
