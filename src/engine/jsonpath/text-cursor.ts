import { PathSyntaxError } from './syntax-error';

/**
 * The position in the text a hand-written parser reads (JSONPath, intrinsic calls), with the few moves both need.
 * Failures report the index, as AWS's path errors do.
 */
export abstract class TextCursor {
  protected pos = 0;

  constructor(protected readonly text: string) {}

  protected peek(): string {
    return this.text[this.pos] ?? '';
  }

  protected skipSpaces(): void {
    while (this.pos < this.text.length && /\s/.test(this.peek())) this.pos++;
  }

  protected expect(c: string): void {
    if (this.peek() !== c) this.fail(`expected '${c}'`);
    this.pos++;
  }

  protected fail(reason: string): never {
    throw new PathSyntaxError(this.text, this.pos, reason);
  }
}
