/**
 * StringMatches patterns: "*" matches any run of characters (possibly empty); "\*" is a literal asterisk and
 * "\\" a literal backslash. Nothing else is special. A backslash before any other character makes that
 * character literal too, and a trailing lone backslash stands for itself.
 */

/** Splits a pattern at its unescaped "*"s into the literal pieces between them. */
export function splitWildcardPattern(pattern: string): string[] {
  const pieces: string[] = [];
  let current = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\' && i + 1 < pattern.length) {
      current += pattern[++i];
    } else if (char === '*') {
      pieces.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  pieces.push(current);
  return pieces;
}

/** True when the whole of `value` matches `pattern`. */
export function stringMatches(value: string, pattern: string): boolean {
  const pieces = splitWildcardPattern(pattern);
  const first = pieces[0] ?? '';
  if (pieces.length === 1) return value === first;
  const last = pieces[pieces.length - 1] ?? '';
  if (value.length < first.length + last.length) return false;
  if (!value.startsWith(first) || !value.endsWith(last)) return false;
  // With "*" as the only wildcard, taking each middle piece at its leftmost place never loses a match.
  const end = value.length - last.length;
  let pos = first.length;
  for (const piece of pieces.slice(1, -1)) {
    const at = value.indexOf(piece, pos);
    if (at < 0 || at + piece.length > end) return false;
    pos = at + piece.length;
  }
  return true;
}
