const BRAND = Symbol.for('fanout.InputError');

/**
 * A request that names something that is not there (a queue, a state machine): the CLI exits with its input
 * code, the web page answers 400; either shows the message as is.
 */
export class InputError extends Error {
  readonly [BRAND] = true;

  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

export function isInputError(e: unknown): e is InputError {
  return typeof e === 'object' && e !== null && (e as { [BRAND]?: unknown })[BRAND] === true;
}

/** An error's message; duck-typed because errors from node's own modules fail `instanceof Error` under jest. */
export function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}
