/**
 * Describes why a payload is not JSON. AWS parses with Jackson and quotes its message; the two shapes it was
 * recorded with (spec §7, LS-API) are reproduced, anything else gets the JavaScript parser's message.
 */
export function describeJsonError(text: string, error: unknown): string {
  const trimmed = text.trimStart();
  const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(trimmed)?.[0];
  if (word !== undefined && !['true', 'false', 'null'].includes(word)) {
    return `Unrecognized token '${word}': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`;
  }
  const fieldStart = /^\{\s*([^\s"}])/.exec(trimmed)?.[1];
  if (fieldStart !== undefined) {
    return `Unexpected character ('${fieldStart}' (code ${fieldStart.charCodeAt(0)})): was expecting double-quote to start field name`;
  }
  return error instanceof Error ? error.message : String(error);
}
