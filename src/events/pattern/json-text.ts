/**
 * JSON parsed with each number's text kept: EventBridge matches numbers in exact matches by their JSON text
 * (300, 300.0 and 3.0e2 are different values), and numeric and anything-but matches by their value.
 */
export class JsonNumber {
  constructor(
    readonly text: string,
    readonly value: number,
  ) {}
}

export type JsonText = string | JsonNumber | boolean | null | JsonText[] | { [key: string]: JsonText };

export class JsonTextError extends Error {}

/** Parses JSON text; duplicate keys keep the last value, as AWS's parser does. */
export function parseJsonText(text: string): JsonText {
  const parser = new Parser(text);
  parser.space();
  const value = parser.value();
  parser.space();
  if (parser.at < text.length) parser.fail('unexpected text after the JSON value');
  return value;
}

/** A value the program built (an S3 event, a Task's parameters) in the same form. */
export function toJsonText(value: unknown): JsonText {
  if (typeof value === 'number') return new JsonNumber(JSON.stringify(value), value);
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map(toJsonText);
  if (typeof value === 'object') {
    const out: Record<string, JsonText> = {};
    for (const [key, v] of Object.entries(value as Record<string, unknown>))
      if (v !== undefined) out[key] = toJsonText(v);
    return out;
  }
  return null;
}

export function isJsonObject(value: JsonText | undefined): value is { [key: string]: JsonText } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof JsonNumber);
}

// JSON forbids raw control characters in strings.
// eslint-disable-next-line no-control-regex
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class Parser {
  at = 0;
  constructor(private readonly text: string) {}

  fail(what: string): never {
    throw new JsonTextError(`${what} at character ${this.at + 1}`);
  }

  space(): void {
    while (this.at < this.text.length && ' \t\n\r'.includes(this.text[this.at]!)) this.at++;
  }

  value(): JsonText {
    const c = this.text[this.at];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return value;
      }
    }
    return this.fail(c === undefined ? 'unexpected end of JSON' : `unexpected character '${c}'`);
  }

  private object(): JsonText {
    this.at++;
    const out: Record<string, JsonText> = {};
    this.space();
    if (this.text[this.at] === '}') {
      this.at++;
      return out;
    }
    for (;;) {
      this.space();
      if (this.text[this.at] !== '"') this.fail('expected a field name');
      const key = this.string();
      this.space();
      if (this.text[this.at] !== ':') this.fail("expected ':'");
      this.at++;
      this.space();
      // A duplicate key replaces the earlier one and takes the later position.
      delete out[key];
      out[key] = this.value();
      this.space();
      const c = this.text[this.at++];
      if (c === '}') return out;
      if (c !== ',') this.fail("expected ',' or '}'");
    }
  }

  private array(): JsonText {
    this.at++;
    const out: JsonText[] = [];
    this.space();
    if (this.text[this.at] === ']') {
      this.at++;
      return out;
    }
    for (;;) {
      this.space();
      out.push(this.value());
      this.space();
      const c = this.text[this.at++];
      if (c === ']') return out;
      if (c !== ',') this.fail("expected ',' or ']'");
    }
  }

  private string(): string {
    STRING.lastIndex = this.at;
    const match = STRING.exec(this.text);
    if (!match) this.fail('malformed string');
    this.at += match[0].length;
    return JSON.parse(match[0]) as string;
  }

  private number(): JsonNumber {
    NUMBER.lastIndex = this.at;
    const match = NUMBER.exec(this.text);
    if (!match) this.fail('malformed number');
    this.at += match[0].length;
    return new JsonNumber(match[0], Number(match[0]));
  }
}
