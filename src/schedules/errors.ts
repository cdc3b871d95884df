/** Errors of schedule definitions, branded so callers can tell them from bugs (the CLI maps them to exit code 3). */
const BRAND = Symbol.for('fanout.ScheduleError');

/** A schedule expression or schedules file that cannot be used; the message names what is wrong. */
export class ScheduleExpressionError extends Error {
  readonly [BRAND] = true;

  constructor(message: string) {
    super(message);
    this.name = 'ScheduleExpressionError';
  }
}

export function isScheduleError(error: unknown): error is ScheduleExpressionError {
  return typeof error === 'object' && error !== null && (error as { [BRAND]?: unknown })[BRAND] === true;
}
