/**
 * SNS errors with their query-protocol codes (`NotFound`, `InvalidParameter`); Step Functions reports them as
 * `SNS.<Code>Exception`.
 */
export type SnsErrorCode = 'NotFound' | 'InvalidParameter';

const BRAND = Symbol.for('fanout.SnsError');

export class SnsError extends Error {
  readonly [BRAND] = true;
  readonly httpStatus: number;

  constructor(
    readonly code: SnsErrorCode,
    message: string,
  ) {
    super(message);
    this.name = code;
    this.httpStatus = code === 'NotFound' ? 404 : 400;
  }
}

export function isSnsError(error: unknown): error is SnsError {
  return typeof error === 'object' && error !== null && (error as { [BRAND]?: unknown })[BRAND] === true;
}
