/** Lambda's own errors (not the function's): ResourceNotFoundException and the like, with their HTTP status. */
export class LambdaServiceError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}
