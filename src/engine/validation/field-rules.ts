import type { Diagnostics } from './diagnostics';
import { quoteList } from './values';

export function atMostOne(
  state: Record<string, unknown>,
  names: readonly string[],
  location: string,
  diagnostics: Diagnostics,
): void {
  const present = names.filter((name) => state[name] !== undefined);
  if (present.length > 1) diagnostics.schema(`Only one of these fields is allowed: ${quoteList(present)}`, location);
}

export function exactlyOne(
  state: Record<string, unknown>,
  names: readonly string[],
  location: string,
  diagnostics: Diagnostics,
): void {
  if (names.every((name) => state[name] === undefined))
    diagnostics.schema(`Exactly one of these fields is required: ${quoteList(names)}`, location);
  else atMostOne(state, names, location, diagnostics);
}
