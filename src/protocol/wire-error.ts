/**
 * The one error type every service on the endpoint answers with. A service throws it from an operation; the route
 * that was called renders it in that service's protocol (an AWS JSON `__type`, a query `<ErrorResponse>`, an S3
 * `<Error>`, Lambda's REST-JSON), so one guard recognises a client's mistake on every route.
 */
export type Fault = 'Sender' | 'Receiver';

export interface WireErrorOptions {
  /** @default 400 */
  status?: number;
  /** Whose fault the failure is; @default Receiver for a 5xx status, Sender otherwise. */
  fault?: Fault;
  /** The code the AWS query protocol sends, where the service's older protocol named the error otherwise (SQS). */
  queryCode?: string;
  /** Extra children of the error document some protocols add for this code (S3's `<Key>`, `<BucketName>`). */
  details?: Readonly<Record<string, string>>;
}

const BRAND = Symbol.for('fanout.WireError');

export class WireError<Code extends string = string> extends Error {
  readonly [BRAND] = true;
  readonly status: number;
  readonly fault: Fault;
  readonly queryCode: string;
  readonly details: Readonly<Record<string, string>>;

  constructor(
    /** The AWS error name: the SDK's exception name, sent as `__type` or `<Code>`. */
    readonly code: Code,
    message: string,
    options: WireErrorOptions = {},
  ) {
    super(message);
    this.name = code;
    this.status = options.status ?? 400;
    this.fault = options.fault ?? faultOf(this.status);
    this.queryCode = options.queryCode ?? code;
    this.details = options.details ?? {};
  }
}

/** Recognises a WireError by its brand, so one thrown by another copy of this module is recognised too. */
export function isWireError(error: unknown): error is WireError {
  return typeof error === 'object' && error !== null && (error as { [BRAND]?: unknown })[BRAND] === true;
}

export function faultOf(status: number): Fault {
  return status >= 500 ? 'Receiver' : 'Sender';
}
