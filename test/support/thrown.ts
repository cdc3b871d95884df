/** For assertions on an error's own fields (an index, an ASL error name, a wire code) beyond its message. */

/** What `fn` throws; the test fails when `fn` returns instead. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

/** The ASL `error` and `cause` of what `fn` throws. */
export function aslFailure(fn: () => unknown): { error: unknown; cause: unknown } {
  const error = thrown(fn) as { error: unknown; cause: unknown };
  return { error: error.error, cause: error.cause };
}
