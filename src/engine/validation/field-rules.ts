import type { Diagnostics } from './diagnostics';
import { quoteList } from './values';

export function exactlyOne(
  state: Record<string, unknown>,
  names: readonly string[],
  location: string,
  diagnostics: Diagnostics,
): void {
  const present = names.filter((name) => state[name] !== undefined);
  if (present.length === 0)
    diagnostics.schema(`Exactly one of these fields is required: ${quoteList(names)}`, location);
  else if (present.length > 1)
    diagnostics.schema(`Only one of these fields is allowed: ${quoteList(present)}`, location);
}

export function atMostOne(
  state: Record<string, unknown>,
  names: readonly string[],
  location: string,
  diagnostics: Diagnostics,
): void {
  const present = names.filter((name) => state[name] !== undefined);
  if (present.length > 1) diagnostics.schema(`Only one of these fields is allowed: ${quoteList(present)}`, location);
}
