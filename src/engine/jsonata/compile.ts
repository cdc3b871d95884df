/**
 * Compiled JSONata expressions, cached by their text. A Distributed Map evaluates the same ItemSelector for
 * every item, so parsing once per distinct expression, not once per evaluation, is what keeps it cheap.
 */
import jsonata from 'jsonata';
import { registerAwsFunctions } from './functions';

/** Plenty for the distinct expressions of the definitions one process runs; bounds memory if it runs many. */
export const COMPILED_CACHE_LIMIT = 2000;

const cache = new Map<string, jsonata.Expression>();

/** Parses `text` (throws JSONata's coded syntax error, e.g. S0207) or returns the cached expression. */
export function compileJsonata(text: string): jsonata.Expression {
  const cached = cache.get(text);
  if (cached !== undefined) {
    // Re-insert so the Map's order is least-recently-used first.
    cache.delete(text);
    cache.set(text, cached);
    return cached;
  }
  const expression = jsonata(text);
  registerAwsFunctions(expression);
  if (cache.size >= COMPILED_CACHE_LIMIT) {
    const oldest = cache.keys().next();
    if (oldest.done !== true) cache.delete(oldest.value);
  }
  cache.set(text, expression);
  return expression;
}

/** The number of cached expressions (for tests). */
export function compiledCacheSize(): number {
  return cache.size;
}
