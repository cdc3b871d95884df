import { serviceError, invalidExecutionInput } from './errors';
import { describeJsonError } from './json-input';
import { jsonDepthExcess } from './json-depth';

/** Execution input and task output are at most 256 KiB of UTF-8. */
export const MAX_PAYLOAD_BYTES = 256 * 1024;

/** StartExecution's input size, a model constraint AWS checks before looking the machine up. */
export function checkInputSize(text: string): void {
  if (Buffer.byteLength(text, 'utf8') > MAX_PAYLOAD_BYTES) {
    throw serviceError(
      'ValidationException',
      `1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have size less than or equal to ${MAX_PAYLOAD_BYTES} bytes in UTF-8 encoding`,
    );
  }
}

/** StartExecution's input must be JSON text. */
export function checkExecutionInput(text: string): void {
  if (text.trim() === '') throw invalidExecutionInput('Invalid execution input.');
  const tooDeep = jsonDepthExcess(text);
  if (tooDeep !== undefined) throw invalidExecutionInput(tooDeep.message);
  try {
    JSON.parse(text);
  } catch (error) {
    throw invalidExecutionInput(describeJsonError(text, error));
  }
}
