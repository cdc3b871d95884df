/**
 * A pull cursor over JSON text arriving in chunks. It captures or skips one value at a time and keeps only the
 * unread text plus the value being captured, so a JSON file of any size is read with memory bounded by its
 * largest item (at most MAX_ITEM_CHARS), not by the file.
 */
import type { ObjectRef } from './reader-failure';
import { failureIn } from './reader-failure';

/** AWS reads items of up to 8 MB from JSON files. */
export const MAX_ITEM_CHARS = 8 * 1024 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

export class JsonCursor {
  private text = '';
  private pos = 0;
  /** Characters dropped from the front of `text` so far: pos + consumed is the offset in the file. */
  private consumed = 0;
  private done = false;
  private readonly chunks: AsyncIterator<string>;

  constructor(
    source: AsyncIterable<string>,
    private readonly ref: ObjectRef,
  ) {
    this.chunks = source[Symbol.asyncIterator]();
  }

  get offset(): number {
    return this.consumed + this.pos;
  }

  fail(what: string, offset = this.offset): Error {
    return failureIn(this.ref, what, `character ${offset}`);
  }

  /** The next non-whitespace character, not consumed; undefined at the end of the file. */
  async peek(): Promise<string | undefined> {
    for (;;) {
      while (this.pos < this.text.length) {
        const c = this.text.charCodeAt(this.pos);
        if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return this.text[this.pos];
        this.pos++;
      }
      if (!(await this.fill(this.pos))) return undefined;
    }
  }

  async expect(char: string, what: string): Promise<void> {
    const c = await this.peek();
    if (c !== char) throw this.fail(`Malformed JSON: expected ${what}, found ${describe(c)}`);
    this.pos++;
  }

  /** Consumes `char` if it is next. */
  async accept(char: string): Promise<boolean> {
    if ((await this.peek()) !== char) return false;
    this.pos++;
    return true;
  }

  /** The raw text of the next value, consumed. `keep` false skips it without holding it. */
  async value(keep = true): Promise<string> {
    const first = await this.peek();
    if (first === undefined) throw this.fail('Malformed JSON: unexpected end of file');
    const start = this.pos;
    const startOffset = this.offset;
    let mark = start;
    let depth = 0;
    let inString = false;
    let escape = false;
    let i = this.pos;
    for (;;) {
      const text = this.text;
      const n = text.length;
      for (; i < n; i++) {
        const c = text.charCodeAt(i);
        if (inString) {
          if (escape) escape = false;
          else if (c === BACKSLASH) escape = true;
          else if (c === QUOTE) {
            inString = false;
            if (depth === 0) return this.finish(i + 1, mark, keep);
          }
        } else if (c === QUOTE) inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
        else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          if (depth === 0) return this.finish(i, mark, keep);
          depth--;
          if (depth === 0) return this.finish(i + 1, mark, keep);
        } else if (depth === 0 && (c === COMMA || c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09)) {
          return this.finish(i, mark, keep);
        }
      }
      if (keep && n - mark > MAX_ITEM_CHARS) throw this.fail('An item is larger than 8 MB', startOffset);
      // Skipping: drop what was scanned, so a skipped subtree costs no memory.
      if (!keep) mark = n;
      if (!(await this.fill(mark))) {
        if (depth === 0 && !inString) return this.finish(this.text.length, mark, keep);
        throw this.fail('Malformed JSON: unexpected end of file', startOffset);
      }
      // fill() dropped the text before `mark`.
      i = n - mark;
      mark = 0;
    }
  }

  private finish(end: number, mark: number, keep: boolean): string {
    const raw = keep ? this.text.slice(mark, end) : '';
    this.pos = end;
    return raw;
  }

  /** Appends the next chunk, dropping the text before `keepFrom`. False at the end of the file. */
  private async fill(keepFrom: number): Promise<boolean> {
    if (this.done) return false;
    const next = await this.chunks.next();
    if (next.done === true) {
      this.done = true;
      return false;
    }
    this.consumed += keepFrom;
    this.pos -= keepFrom;
    this.text = this.text.slice(keepFrom) + next.value;
    return true;
  }

  /** Stops reading the source (the consumer has all the items it wants). */
  async close(): Promise<void> {
    await this.chunks.return?.();
  }
}

function describe(c: string | undefined): string {
  return c === undefined ? 'the end of the file' : `'${c}'`;
}
