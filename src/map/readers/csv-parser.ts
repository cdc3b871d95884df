/**
 * The CSV tokenizer with Step Functions' rules (example-csv-parse-dist-map):
 * - a newline ends a record (CRLF or LF); the delimiter ends a field; empty lines are skipped;
 * - double quotes need not enclose a field; inside quotes the delimiter and newlines are text. `""` is a
 *   literal quote, inside quotes and out (AWS's own example has the unquoted field `{""MyKey"":""MyValue""}`
 *   parse to `{"MyKey":"MyValue"}`); `""` at the start of a field is an empty quoted string. Any other quote
 *   opens or closes quoting, wherever it appears in the field;
 * - a backslash escapes a backslash, a quote or the delimiter; before any other character it is dropped.
 *   `\"` gives a literal quote but still counts as a quote for opening and closing, which is why AWS says it
 *   "only works in pairs": an odd one leaves the rest of the file quoted, and that ends as unbalanced quotes.
 * It is fed text chunk by chunk and keeps only the record in progress, bounded by MAX_RECORD_CHARS.
 */
import type { ObjectRef } from './reader-failure';
import { failureIn } from './reader-failure';

export interface CsvRecord {
  fields: string[];
  /** 1-based line on which the record starts. */
  line: number;
}

/** AWS reads items of up to 8 MB from CSV; a longer record is most likely an unclosed quote. */
export const MAX_RECORD_CHARS = 8 * 1024 * 1024;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LF = 0x0a;
const CR = 0x0d;

export class CsvParser {
  private readonly delimiter: number;
  private fields: string[] = [];
  private field = '';
  private recordChars = 0;
  private hasContent = false;
  private inQuotes = false;
  private afterQuote = false;
  /** A quote in the middle of an unquoted field: `""` is a literal quote, anything else opens quoting. */
  private quoteOutside = false;
  private escape = false;
  private pendingCR = false;
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;

  constructor(
    delimiter: string,
    private readonly ref: ObjectRef,
  ) {
    this.delimiter = delimiter.charCodeAt(0);
  }

  /** Parses a chunk; completed records are appended to `out`. */
  push(text: string, out: CsvRecord[]): void {
    const n = text.length;
    const delimiter = this.delimiter;
    let i = 0;
    let start = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (this.escape) {
        this.escape = false;
        if (c === BACKSLASH || c === delimiter) {
          this.append(String.fromCharCode(c));
          start = ++i;
        } else if (c === QUOTE) {
          this.append('"');
          this.toggleQuotes();
          start = ++i;
        } else {
          start = i; // the backslash is dropped; the character means what it means unescaped
        }
        continue;
      }
      if (this.afterQuote) {
        this.afterQuote = false;
        if (c === QUOTE) {
          this.append('"');
          start = ++i;
          continue;
        }
        this.inQuotes = false;
        start = i;
      }
      if (this.quoteOutside) {
        this.quoteOutside = false;
        if (c === QUOTE) {
          this.append('"');
          start = ++i;
          continue;
        }
        this.toggleQuotes();
        start = i;
        continue;
      }
      if (this.pendingCR) {
        this.pendingCR = false;
        if (c !== LF) this.append('\r');
        start = i;
      }
      if (this.inQuotes) {
        if (c === QUOTE) {
          this.flush(text, start, i);
          this.afterQuote = true;
          start = ++i;
        } else if (c === BACKSLASH) {
          this.flush(text, start, i);
          this.escape = true;
          start = ++i;
        } else {
          if (c === LF) this.line++;
          i++;
        }
        continue;
      }
      if (c === delimiter) {
        this.flush(text, start, i);
        this.endField();
        start = ++i;
      } else if (c === LF) {
        this.flush(text, start, i);
        this.endRecord(out);
        this.line++;
        this.recordLine = this.line;
        start = ++i;
      } else if (c === CR) {
        this.flush(text, start, i);
        if (i + 1 < n) {
          if (text.charCodeAt(i + 1) !== LF) this.append('\r');
        } else {
          this.pendingCR = true;
        }
        start = ++i;
      } else if (c === QUOTE) {
        this.flush(text, start, i);
        if (this.field === '') this.toggleQuotes();
        else this.quoteOutside = true;
        start = ++i;
      } else if (c === BACKSLASH) {
        this.flush(text, start, i);
        this.escape = true;
        start = ++i;
      } else {
        i++;
      }
    }
    this.flush(text, start, n);
  }

  /** Ends the input: the last record, or the unbalanced-quotes error. */
  end(out: CsvRecord[]): void {
    this.escape = false;
    this.pendingCR = false;
    if (this.quoteOutside) {
      this.quoteOutside = false;
      this.toggleQuotes();
    }
    if (this.afterQuote) {
      this.afterQuote = false;
      this.inQuotes = false;
    }
    if (this.inQuotes) {
      throw failureIn(
        this.ref,
        'Unbalanced quotes: a quoted field is never closed',
        `the quote opens on line ${this.quoteLine}`,
      );
    }
    this.endRecord(out);
  }

  private toggleQuotes(): void {
    this.hasContent = true;
    this.inQuotes = !this.inQuotes;
    if (this.inQuotes) this.quoteLine = this.line;
  }

  private flush(text: string, from: number, to: number): void {
    if (to > from) this.append(from === 0 && to === text.length ? text : text.slice(from, to));
  }

  private append(part: string): void {
    this.field += part;
    this.hasContent = true;
    this.recordChars += part.length;
    if (this.recordChars > MAX_RECORD_CHARS) {
      const why = this.inQuotes ? ` (is the quote opened on line ${this.quoteLine} closed?)` : '';
      throw failureIn(this.ref, `A record is larger than 8 MB${why}`, `line ${this.recordLine}`);
    }
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.hasContent = true;
  }

  private endRecord(out: CsvRecord[]): void {
    if (this.hasContent) {
      this.fields.push(this.field);
      out.push({ fields: this.fields, line: this.recordLine });
    }
    this.fields = [];
    this.field = '';
    this.recordChars = 0;
    this.hasContent = false;
  }
}

/** The records of a text stream, lazily, one chunk's worth at a time. */
export async function* csvRecords(
  text: AsyncIterable<string>,
  delimiter: string,
  ref: ObjectRef,
): AsyncGenerator<CsvRecord> {
  const parser = new CsvParser(delimiter, ref);
  const out: CsvRecord[] = [];
  for await (const chunk of text) {
    parser.push(chunk, out);
    for (const record of out) yield record;
    out.length = 0;
  }
  parser.end(out);
  yield* out;
}
