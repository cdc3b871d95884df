/**
 * SNS errors with their query-protocol codes (`NotFound`, `InvalidParameter`); Step Functions reports them as
 * `SNS.<Code>Exception`.
 */
import { WireError } from '../protocol/wire-error';

export type SnsErrorCode = 'NotFound' | 'InvalidParameter';

export type SnsError = WireError<SnsErrorCode>;

export function snsError(code: SnsErrorCode, message: string): SnsError {
  return new WireError(code, message, { status: code === 'NotFound' ? 404 : 400 });
}
