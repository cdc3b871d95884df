const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'EAI_AGAIN']);

/**
 * The code of an error that means "the endpoint could not be reached". Node reports a refused connection to a
 * dual-stack name such as localhost as an AggregateError, with the codes on its inner errors.
 */
export function networkErrorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
  // The SDK's retry layer replaces what fails `instanceof Error` (node's errors seen from another realm, e.g.
  // under jest) by a wrapper that keeps only the text.
  const message = (error as { message?: unknown }).message;
  if (typeof message === 'string' && message.startsWith('AWS SDK error wrapper for ')) {
    const wrapped = /\b(E[A-Z_]+)\b/.exec(message)?.[1];
    if (wrapped !== undefined && NETWORK_CODES.has(wrapped)) return wrapped;
  }
  const inner = (error as { errors?: unknown }).errors;
  if (Array.isArray(inner)) {
    for (const e of inner) {
      const found = networkErrorCode(e);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
