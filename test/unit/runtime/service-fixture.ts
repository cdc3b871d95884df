/** What the runtime's unit suites share: the role and ARN prefix they create machines with, and service errors as text. */
import { isWireError } from '../../../src/protocol/wire-error';
import { defaultEngine } from '../../../src/runtime/engine';
import { LocalStepFunctions } from '../../../src/runtime/service';
import { Store } from '../../../src/store/store';

export const ROLE = 'arn:aws:iam::123456789012:role/r';
export const SM = 'arn:aws:states:us-east-1:000000000000:stateMachine:';

/** `Code: message` of the WireError `fn` throws; undefined when it returns. Any other error is rethrown. */
export function errorOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (isWireError(error)) return `${error.code}: ${error.message}`;
    throw error;
  }
  return undefined;
}

/** A state machine of one Pass state, for tests about what surrounds a machine rather than what it runs. */
export const PASS = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });

/** The service over an in-memory store and the real engine; `close` it after the test. */
export function inMemoryService(): LocalStepFunctions {
  return new LocalStepFunctions({ store: Store.inMemory(), engine: defaultEngine });
}
