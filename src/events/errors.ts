/**
 * EventBridge errors. `code` is the Smithy shape name sent as `__type` (and the SDK's exception name).
 */
export type EventsErrorCode =
  | 'ConcurrentModificationException'
  | 'InvalidEventPatternException'
  | 'LimitExceededException'
  | 'ResourceAlreadyExistsException'
  | 'ResourceNotFoundException'
  | 'ValidationException';

const BRAND = Symbol.for('fanout.EventsError');

export class EventsError extends Error {
  readonly [BRAND] = true;
  constructor(
    readonly code: EventsErrorCode,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

export function isEventsError(error: unknown): error is EventsError {
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[BRAND] === true;
}

export function validation(message: string): EventsError {
  return new EventsError('ValidationException', message);
}

export function invalidPattern(reason: string): EventsError {
  return new EventsError('InvalidEventPatternException', `Event pattern is not valid. Reason: ${reason}`);
}
