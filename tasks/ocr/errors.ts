/**
 * Why a document failed. Each document fails alone with one of these codes (what a DLQ consumer or a report
 * groups by) and a sentence a person can act on; the rest of its batch carries on.
 */
export const FailureReason = {
  /** Zero bytes. */
  Empty: 'empty',
  /** Neither PNG, JPEG, TIFF, WebP nor PDF by its first bytes. */
  UnsupportedType: 'unsupported-type',
  /** The bytes claim a type but do not decode as it (truncated, damaged). */
  Corrupt: 'corrupt',
  /** A PDF that needs a password to open. */
  Encrypted: 'encrypted',
  /** A page over the pixel limit: a decompression bomb, or a scan too large to OCR in memory. */
  TooManyPixels: 'too-many-pixels',
  /** More pages than the run's maxPages. */
  TooManyPages: 'too-many-pages',
  /** Larger than the run's maxBytes: never downloaded. */
  TooLarge: 'too-large',
  /** OCR of one page took longer than the run's page time limit. */
  PageTimeout: 'page-timeout',
  /** The source object is gone or not readable by the task's role. */
  NotFound: 'not-found',
  AccessDenied: 'access-denied',
} as const;
export type FailureReason = (typeof FailureReason)[keyof typeof FailureReason];

/** A document that cannot be read: caught per document, never fails the batch. */
export class DocumentError extends Error {
  override name = 'DocumentError';
  constructor(
    readonly reason: FailureReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isDocumentError(error: unknown): error is DocumentError {
  return error instanceof DocumentError;
}

/** The batch input is invalid: exit 3 (TaskExitCode.BadInput), as retrying cannot help. */
export class OcrInputError extends Error {
  override name = 'OcrInputError';
}
