/**
 * JSON files: the items are the elements of the top-level array, or of the array or object that ItemsPointer
 * (RFC 6901) selects; an object yields one item per member, with the member's name as `$$.Map.Item.Key`.
 * Streamed: each item is parsed on its own, and text outside the selected node is skipped without being kept.
 */
import type { Json } from '../../engine';
import { JsonCursor } from './json-cursor';
import type { ObjectRef } from './reader-failure';
import { failureIn, itemReaderFailed } from './reader-failure';

export interface JsonMember {
  value: Json;
  key?: string;
}

const NON_ITERABLE = 'Attempting to map over non-iterable node.';

export async function* jsonItems(
  text: AsyncIterable<string>,
  ref: ObjectRef,
  itemsPointer?: string,
): AsyncGenerator<JsonMember> {
  const pointer = itemsPointer === undefined ? [] : parsePointer(itemsPointer);
  const cursor = new JsonCursor(text, ref);
  try {
    for (const segment of pointer) {
      if (!(await descend(cursor, segment))) {
        throw failureIn(ref, `The ItemsPointer '${itemsPointer ?? ''}' does not select a node in the file`);
      }
    }
    const open = await cursor.peek();
    if (open === '[') {
      await cursor.expect('[', "'['");
      if (!(await cursor.accept(']'))) {
        do yield { value: parse(cursor, await cursor.value()) };
        while (await separator(cursor, ']'));
      }
    } else if (open === '{') {
      await cursor.expect('{', "'{'");
      if (!(await cursor.accept('}'))) {
        do {
          const key = await memberName(cursor);
          yield { key, value: parse(cursor, await cursor.value()) };
        } while (await separator(cursor, '}'));
      }
    } else if (open === undefined) {
      throw failureIn(ref, 'The JSON file is empty');
    } else {
      throw itemReaderFailed(NON_ITERABLE);
    }
    await skipToEnd(cursor, pointer.length);
  } finally {
    await cursor.close();
  }
}

/** RFC 6901: "/a/b~1c/0" → ["a", "b/c", "0"]. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return pointer === '/' ? [''] : [];
  if (!pointer.startsWith('/'))
    throw itemReaderFailed(`Invalid ItemsPointer '${pointer}': a JSON Pointer starts with '/'`);
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Moves the cursor onto the value `segment` selects in the container ahead; false if there is none. */
async function descend(cursor: JsonCursor, segment: string): Promise<boolean> {
  const open = await cursor.peek();
  if (open === '{') {
    await cursor.expect('{', "'{'");
    if (await cursor.accept('}')) return false;
    do {
      const key = await memberName(cursor);
      if (key === segment) return true;
      await cursor.value(false);
    } while (await separator(cursor, '}'));
    return false;
  }
  if (open === '[') {
    if (!/^(0|[1-9]\d*)$/.test(segment)) return false;
    const index = Number(segment);
    await cursor.expect('[', "'['");
    if (await cursor.accept(']')) return false;
    let i = 0;
    do {
      if (i++ === index) return true;
      await cursor.value(false);
    } while (await separator(cursor, ']'));
    return false;
  }
  return false;
}

async function memberName(cursor: JsonCursor): Promise<string> {
  const offset = cursor.offset;
  if ((await cursor.peek()) !== '"') throw cursor.fail('Malformed JSON: expected a member name');
  const name = parse(cursor, await cursor.value(), offset);
  if (typeof name !== 'string') throw cursor.fail('Malformed JSON: expected a member name', offset);
  await cursor.expect(':', "':'");
  return name;
}

/** After a value: true at ',', false at `close` (consumed). */
async function separator(cursor: JsonCursor, close: string): Promise<boolean> {
  const c = await cursor.peek();
  if (c === ',') {
    await cursor.expect(',', "','");
    return true;
  }
  if (c === close) {
    await cursor.expect(close, `'${close}'`);
    return false;
  }
  throw cursor.fail(
    `Malformed JSON: expected ',' or '${close}', found ${c === undefined ? 'the end of the file' : `'${c}'`}`,
  );
}

/** Closes the containers the pointer entered and checks nothing follows the document. */
async function skipToEnd(cursor: JsonCursor, depth: number): Promise<void> {
  // Each level entered by the pointer is a container whose remaining members are skipped.
  for (let level = 0; level < depth; level++) {
    let c = await cursor.peek();
    while (c === ',') {
      await cursor.expect(',', "','");
      if ((await cursor.peek()) === '"') {
        const maybeKey = await cursor.value(false);
        void maybeKey;
        if ((await cursor.peek()) === ':') {
          await cursor.expect(':', "':'");
          await cursor.value(false);
        }
      } else {
        await cursor.value(false);
      }
      c = await cursor.peek();
    }
    if (c !== ']' && c !== '}')
      throw cursor.fail(`Malformed JSON: expected ',', ']' or '}', found ${c ?? 'the end of the file'}`);
    await cursor.expect(c, `'${c}'`);
  }
  const rest = await cursor.peek();
  if (rest !== undefined) throw cursor.fail(`Malformed JSON: unexpected '${rest}' after the document`);
}

function parse(cursor: JsonCursor, raw: string, offset?: number): Json {
  try {
    return JSON.parse(raw) as Json;
  } catch (error) {
    const message = (error as { message?: unknown } | null)?.message;
    throw cursor.fail(
      `Malformed JSON: ${typeof message === 'string' ? message : 'invalid value'}`,
      offset ?? cursor.offset - raw.length,
    );
  }
}
