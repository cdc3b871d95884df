/** A path or intrinsic call that cannot be parsed. `index` is where in `text` parsing stopped. */
export class PathSyntaxError extends Error {
  constructor(
    readonly text: string,
    readonly index: number,
    readonly reason: string,
  ) {
    super(`Invalid expression '${text}' at index ${index}: ${reason}`);
    this.name = 'PathSyntaxError';
  }
}
