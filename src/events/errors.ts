/**
 * EventBridge errors. `code` is the Smithy shape name sent as `__type` (and the SDK's exception name).
 */
import { WireError } from '../protocol/wire-error';

export type EventsErrorCode =
  | 'ConcurrentModificationException'
  | 'InvalidEventPatternException'
  | 'LimitExceededException'
  | 'ResourceAlreadyExistsException'
  | 'ResourceNotFoundException'
  | 'ValidationException';

export type EventsError = WireError<EventsErrorCode>;

export function eventsError(code: EventsErrorCode, message: string): EventsError {
  return new WireError(code, message);
}

export function validation(message: string): EventsError {
  return eventsError('ValidationException', message);
}

export function invalidPattern(reason: string): EventsError {
  return eventsError('InvalidEventPatternException', `Event pattern is not valid. Reason: ${reason}`);
}
