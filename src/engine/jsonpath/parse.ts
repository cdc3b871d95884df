/**
 * Recursive-descent parser for the JSONPath dialect AWS accepts (Jayway's): `$`, `$$` and `$name` roots, dot and
 * bracket notation, quoted names, indexes, unions, wildcards, slices, filters, recursive descent and the Jayway
 * path functions. Parsed paths are cached: the same few paths run millions of times in a Distributed Map.
 */
import { TextCursor } from './text-cursor';
import type { Json } from '../json';
import type {
  ComparisonOperator,
  FilterExpression,
  FilterOperand,
  JsonPath,
  PathFunctionName,
  PathRoot,
  PathSegment,
} from './ast';

const cache = new Map<string, JsonPath>();
/** Paths come from definitions, so the cache stays small; the cap only guards against generated paths. */
const CACHE_LIMIT = 10_000;

/** Parses (or fetches from the cache) a JSONPath. Throws PathSyntaxError with the index of the problem. */
export function parseJsonPath(text: string): JsonPath {
  const cached = cache.get(text);
  if (cached !== undefined) return cached;
  const parser = new PathParser(text);
  const path = parser.parseWhole();
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, path);
  return path;
}

const FUNCTIONS: ReadonlySet<string> = new Set<PathFunctionName>([
  'length',
  'size',
  'min',
  'max',
  'avg',
  'sum',
  'stddev',
  'first',
  'last',
  'keys',
]);
const WORD_OPERATORS: ReadonlySet<string> = new Set(['in', 'nin', 'subsetof', 'anyof', 'noneof', 'size', 'empty']);
const VARIABLE_START = /[\p{ID_Start}_]/u;
const VARIABLE_PART = /[\p{ID_Continue}]/u;
/** Characters that end a dot-notation name; inside filters the operators end it too. */
const NAME_END = new Set(['.', '[', ']', '(', ')', ' ', '\t', '\n', '\r']);
const FILTER_NAME_END = new Set([...NAME_END, '=', '!', '<', '>', '&', '|', ',', '~']);

class PathParser extends TextCursor {
  parseWhole(): JsonPath {
    const path = this.parsePath(false);
    if (this.pos < this.text.length) this.fail('unexpected character');
    return path;
  }

  private parsePath(inFilter: boolean): JsonPath {
    const start = this.pos;
    const root = this.parseRoot();
    const segments = this.parseSegments(inFilter);
    return makePath(this.text.slice(start, this.pos), root, segments);
  }

  private parseRoot(): PathRoot {
    if (this.peek() !== '$') this.fail("a path must start with '$'");
    this.pos++;
    if (this.peek() === '$') {
      this.pos++;
      return { kind: 'context' };
    }
    if (VARIABLE_START.test(this.peek())) {
      const start = this.pos;
      while (this.pos < this.text.length && VARIABLE_PART.test(this.peek())) this.pos++;
      return { kind: 'variable', name: this.text.slice(start, this.pos) };
    }
    return { kind: 'input' };
  }

  private parseSegments(inFilter: boolean): PathSegment[] {
    const segments: PathSegment[] = [];
    for (;;) {
      const c = this.peek();
      if (c === '.') {
        if (this.text[this.pos + 1] === '.') {
          this.pos += 2;
          segments.push({ kind: 'descendant', selector: this.parseDescendantSelector(inFilter) });
        } else {
          this.pos++;
          segments.push(this.parseDotSegment(inFilter));
        }
      } else if (c === '[') {
        segments.push(this.parseBracketSegment());
      } else {
        break;
      }
    }
    const functionAt = segments.findIndex((s) => s.kind === 'function');
    if (functionAt !== -1 && functionAt !== segments.length - 1) {
      this.fail('a path function must be the last element of a path');
    }
    return segments;
  }

  private parseDescendantSelector(inFilter: boolean): PathSegment {
    if (this.peek() === '[') return this.parseBracketSegment();
    return this.parseDotSegment(inFilter);
  }

  private parseDotSegment(inFilter: boolean): PathSegment {
    if (this.peek() === '*') {
      this.pos++;
      return { kind: 'wildcard' };
    }
    const ends = inFilter ? FILTER_NAME_END : NAME_END;
    const start = this.pos;
    while (this.pos < this.text.length && !ends.has(this.peek())) this.pos++;
    const name = this.text.slice(start, this.pos);
    if (name === '') this.fail('expected a property name');
    if (this.peek() === '(') {
      if (!FUNCTIONS.has(name)) {
        this.pos = start;
        this.fail(`unknown path function '${name}'`);
      }
      this.pos++;
      this.skipSpaces();
      this.expect(')');
      return { kind: 'function', name: name as PathFunctionName };
    }
    return { kind: 'property', name };
  }

  private parseBracketSegment(): PathSegment {
    this.expect('[');
    this.skipSpaces();
    const c = this.peek();
    let segment: PathSegment;
    if (c === '*') {
      this.pos++;
      segment = { kind: 'wildcard' };
    } else if (c === '?') {
      this.pos++;
      this.skipSpaces();
      this.expect('(');
      const expression = this.parseOr();
      this.skipSpaces();
      this.expect(')');
      segment = { kind: 'filter', expression };
    } else if (c === "'" || c === '"') {
      const names = [this.readPathName()];
      this.skipSpaces();
      while (this.peek() === ',') {
        this.pos++;
        this.skipSpaces();
        names.push(this.readPathName());
        this.skipSpaces();
      }
      segment = names.length === 1 ? { kind: 'property', name: names[0]! } : { kind: 'properties', names };
    } else if (c === ':' || c === '-' || isDigit(c)) {
      segment = this.parseIndexOrSlice();
    } else {
      this.fail("expected '*', '?', a quoted name, an index or a slice");
    }
    this.skipSpaces();
    this.expect(']');
    return segment;
  }

  private parseIndexOrSlice(): PathSegment {
    const first = this.readOptionalInteger();
    this.skipSpaces();
    if (this.peek() === ':') {
      this.pos++;
      this.skipSpaces();
      const end = this.readOptionalInteger();
      this.skipSpaces();
      let step: number | undefined;
      if (this.peek() === ':') {
        this.pos++;
        this.skipSpaces();
        step = this.readOptionalInteger();
        if (step === 0) this.fail('a slice step cannot be 0');
      }
      return { kind: 'slice', start: first, end, step };
    }
    if (first === undefined) this.fail('expected an index');
    if (this.peek() !== ',') return { kind: 'index', index: first };
    const indexes = [first];
    while (this.peek() === ',') {
      this.pos++;
      this.skipSpaces();
      const next = this.readOptionalInteger();
      if (next === undefined) this.fail('expected an index');
      indexes.push(next);
      this.skipSpaces();
    }
    return { kind: 'indexes', indexes };
  }

  private readOptionalInteger(): number | undefined {
    const match = /^-?\d+/.exec(this.text.slice(this.pos));
    if (match === null) return undefined;
    this.pos += match[0].length;
    return Number(match[0]);
  }

  /**
   * A quoted name in brackets. A backslash only stops the next character from closing the name; the text is
   * kept as written, which is how AWS resolved `$['Test\""Name"']` against the key `Test\""Name"`.
   */
  private readPathName(): string {
    const quote = this.peek();
    this.pos++;
    const start = this.pos;
    while (this.pos < this.text.length && this.peek() !== quote) {
      if (this.peek() === '\\') this.pos++;
      this.pos++;
    }
    if (this.pos >= this.text.length) {
      this.pos = start - 1;
      this.fail('unterminated quoted name');
    }
    const name = this.text.slice(start, this.pos);
    this.pos++;
    return name;
  }

  // ---- filters ----

  private parseOr(): FilterExpression {
    let left = this.parseAnd();
    for (;;) {
      this.skipSpaces();
      if (!this.text.startsWith('||', this.pos)) return left;
      this.pos += 2;
      left = { kind: 'or', left, right: this.parseAnd() };
    }
  }

  private parseAnd(): FilterExpression {
    let left = this.parseUnary();
    for (;;) {
      this.skipSpaces();
      if (!this.text.startsWith('&&', this.pos)) return left;
      this.pos += 2;
      left = { kind: 'and', left, right: this.parseUnary() };
    }
  }

  private parseUnary(): FilterExpression {
    this.skipSpaces();
    const c = this.peek();
    if (c === '!' && this.text[this.pos + 1] !== '=') {
      this.pos++;
      return { kind: 'not', operand: this.parseUnary() };
    }
    if (c === '(') {
      this.pos++;
      const inner = this.parseOr();
      this.skipSpaces();
      this.expect(')');
      return inner;
    }
    const left = this.parseOperand();
    const operator = this.readOperator();
    if (operator === undefined) return { kind: 'exists', operand: left };
    const right = this.parseOperand();
    return { kind: 'comparison', operator, left, right };
  }

  private readOperator(): ComparisonOperator | undefined {
    this.skipSpaces();
    for (const op of ['==', '!=', '<=', '>=', '=~', '<', '>'] as const) {
      if (this.text.startsWith(op, this.pos)) {
        this.pos += op.length;
        return op;
      }
    }
    const word = /^[a-z]+/.exec(this.text.slice(this.pos));
    if (word !== null && WORD_OPERATORS.has(word[0])) {
      this.pos += word[0].length;
      return word[0] as ComparisonOperator;
    }
    return undefined;
  }

  private parseOperand(): FilterOperand {
    this.skipSpaces();
    const c = this.peek();
    if (c === '@') {
      const start = this.pos;
      this.pos++;
      const segments = this.parseSegments(true);
      return {
        kind: 'path',
        relative: true,
        path: makePath(this.text.slice(start, this.pos), { kind: 'input' }, segments),
      };
    }
    if (c === '$') return { kind: 'path', relative: false, path: this.parsePath(true) };
    if (c === '/') return { kind: 'regex', regex: this.readRegex() };
    return { kind: 'literal', value: this.readLiteral() };
  }

  private readRegex(): RegExp {
    const start = this.pos;
    this.pos++;
    let source = '';
    while (this.pos < this.text.length && this.peek() !== '/') {
      if (this.peek() === '\\') source += this.text[this.pos++];
      source += this.text[this.pos++];
    }
    if (this.pos >= this.text.length) this.fail('unterminated regular expression');
    this.pos++;
    const flags = /^[a-z]*/.exec(this.text.slice(this.pos))![0];
    this.pos += flags.length;
    try {
      // Jayway matches the whole string (Matcher.matches), hence the anchors.
      return new RegExp(`^(?:${source})$`, flags.replace(/[^imsu]/g, ''));
    } catch {
      this.pos = start;
      this.fail('invalid regular expression');
    }
  }

  private readLiteral(): Json {
    this.skipSpaces();
    const c = this.peek();
    if (c === "'" || c === '"') return this.readStringLiteral();
    if (c === '[') {
      this.pos++;
      const items: Json[] = [];
      this.skipSpaces();
      if (this.peek() === ']') {
        this.pos++;
        return items;
      }
      for (;;) {
        items.push(this.readLiteral());
        this.skipSpaces();
        if (this.peek() === ']') {
          this.pos++;
          return items;
        }
        this.expect(',');
      }
    }
    const number = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.pos));
    if (number !== null) {
      this.pos += number[0].length;
      return Number(number[0]);
    }
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.text.startsWith(word, this.pos)) {
        this.pos += word.length;
        return value;
      }
    }
    this.fail('expected a value');
  }

  private readStringLiteral(): string {
    const quote = this.peek();
    this.pos++;
    let value = '';
    while (this.pos < this.text.length && this.peek() !== quote) {
      if (this.peek() === '\\' && this.pos + 1 < this.text.length) this.pos++;
      value += this.text[this.pos++];
    }
    if (this.pos >= this.text.length) this.fail('unterminated string');
    this.pos++;
    return value;
  }
}

function isDigit(c: string): boolean {
  return c >= '0' && c <= '9';
}

function makePath(text: string, root: PathRoot, segments: PathSegment[]): JsonPath {
  return { text, root, segments, definite: isDefinite(segments) };
}

function isDefinite(segments: readonly PathSegment[]): boolean {
  const last = segments.length - 1;
  // A function collapses whatever precedes it to one value.
  if (last >= 0 && segments[last]!.kind === 'function') return true;
  return segments.every(
    (s, i) => s.kind === 'property' || s.kind === 'index' || (s.kind === 'properties' && i === last),
  );
}
