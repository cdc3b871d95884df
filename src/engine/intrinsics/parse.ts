/** Parser for intrinsic calls; results are cached per expression text. */
import { TextCursor } from '../jsonpath/text-cursor';
import { parseJsonPath } from '../jsonpath/parse';
import { PathSyntaxError } from '../jsonpath/syntax-error';
import { INTRINSIC_NAMES, type IntrinsicArgument, type IntrinsicCall, type IntrinsicName } from './ast';

/** [min, max] argument counts, checked when parsing as AWS checks them when a definition is created. */
const ARITY: Record<IntrinsicName, readonly [number, number]> = {
  'States.Format': [1, Infinity],
  'States.StringToJson': [1, 1],
  'States.JsonToString': [1, 1],
  'States.Array': [0, Infinity],
  'States.ArrayPartition': [2, 2],
  'States.ArrayContains': [2, 2],
  'States.ArrayRange': [3, 3],
  'States.ArrayGetItem': [2, 2],
  'States.ArrayLength': [1, 1],
  'States.ArrayUnique': [1, 1],
  'States.Base64Encode': [1, 1],
  'States.Base64Decode': [1, 1],
  'States.Hash': [2, 2],
  'States.JsonMerge': [3, 3],
  'States.MathRandom': [2, 3],
  'States.MathAdd': [2, 2],
  'States.StringSplit': [2, 2],
  'States.UUID': [0, 0],
};
const NAMES: ReadonlySet<string> = new Set(INTRINSIC_NAMES);
/** Characters a backslash escapes in an intrinsic string literal (AWS's reserved characters). */
const ESCAPABLE = new Set(["'", '{', '}', '\\']);

const cache = new Map<string, IntrinsicCall>();
const CACHE_LIMIT = 10_000;

/** True when the text is meant as an intrinsic call (AWS decides on the `States.` prefix). */
export function isIntrinsicCall(text: string): boolean {
  return /^\s*States\.[A-Za-z0-9]+\s*\(/.test(text);
}

/** Parses (or fetches from the cache) an intrinsic call. Throws PathSyntaxError with the index of the problem. */
export function parseIntrinsic(text: string): IntrinsicCall {
  const cached = cache.get(text);
  if (cached !== undefined) return cached;
  const parser = new IntrinsicParser(text);
  const call = parser.parseWhole();
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, call);
  return call;
}

class IntrinsicParser extends TextCursor {
  parseWhole(): IntrinsicCall {
    this.skipSpaces();
    const call = this.parseCall();
    this.skipSpaces();
    if (this.pos < this.text.length) this.fail('unexpected text after the call');
    return call;
  }

  private parseCall(): IntrinsicCall {
    const start = this.pos;
    const match = /^States\.[A-Za-z0-9]+/.exec(this.text.slice(this.pos));
    if (match === null) this.fail("expected an intrinsic function such as 'States.Format'");
    if (!NAMES.has(match[0])) this.fail(`unknown intrinsic function '${match[0]}'`);
    const name = match[0] as IntrinsicName;
    this.pos += match[0].length;
    this.skipSpaces();
    this.expect('(');
    const args: IntrinsicArgument[] = [];
    this.skipSpaces();
    if (this.peek() === ')') {
      this.pos++;
    } else {
      for (;;) {
        this.skipSpaces();
        args.push(this.parseArgument());
        this.skipSpaces();
        if (this.peek() === ')') {
          this.pos++;
          break;
        }
        this.expect(',');
      }
    }
    const [min, max] = ARITY[name];
    if (args.length < min || args.length > max) {
      this.pos = start;
      const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
      this.fail(`${name} takes ${expected} argument(s) but was given ${args.length}`);
    }
    return { name, args };
  }

  private parseArgument(): IntrinsicArgument {
    const c = this.peek();
    if (c === "'") return this.parseString();
    if (c === '$') return this.parsePath();
    if (this.text.startsWith('States.', this.pos)) return { kind: 'call', call: this.parseCall() };
    const number = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.pos));
    if (number !== null) {
      this.pos += number[0].length;
      return { kind: 'number', value: Number(number[0]) };
    }
    for (const [word, argument] of [
      ['true', { kind: 'boolean', value: true }],
      ['false', { kind: 'boolean', value: false }],
      ['null', { kind: 'null' }],
    ] as const) {
      if (this.text.startsWith(word, this.pos) && !/[A-Za-z0-9_]/.test(this.text[this.pos + word.length] ?? '')) {
        this.pos += word.length;
        return argument;
      }
    }
    this.fail('expected a string, number, boolean, null, path or intrinsic function');
  }

  private parseString(): IntrinsicArgument {
    this.pos++;
    const start = this.pos;
    let value = '';
    while (this.pos < this.text.length && this.peek() !== "'") {
      const c = this.peek();
      if (c === '\\' && ESCAPABLE.has(this.text[this.pos + 1] ?? '')) {
        value += this.text[this.pos + 1];
        this.pos += 2;
      } else {
        value += c;
        this.pos++;
      }
    }
    if (this.pos >= this.text.length) {
      this.pos = start - 1;
      this.fail('unterminated string literal');
    }
    const raw = this.text.slice(start, this.pos);
    this.pos++;
    return { kind: 'string', value, raw };
  }

  /** A path runs to the next `,` or `)` outside brackets, parentheses and quotes. */
  private parsePath(): IntrinsicArgument {
    const start = this.pos;
    let depth = 0;
    let quote = '';
    while (this.pos < this.text.length) {
      const c = this.peek();
      if (quote !== '') {
        if (c === '\\') this.pos++;
        else if (c === quote) quote = '';
      } else if (c === "'" || c === '"') {
        quote = c;
      } else if (c === '[' || c === '(') {
        depth++;
      } else if (c === ']' || c === ')') {
        if (depth === 0) break;
        depth--;
      } else if (c === ',' && depth === 0) {
        break;
      }
      this.pos++;
    }
    const path = this.text.slice(start, this.pos).trimEnd();
    try {
      parseJsonPath(path);
    } catch (e) {
      if (e instanceof PathSyntaxError) throw new PathSyntaxError(this.text, start + e.index, e.reason);
      throw e;
    }
    return { kind: 'path', path };
  }
}
