/** JSON Lines: one item per line. Blank lines are skipped; a line that is not JSON fails with its number. */
import type { Json } from '../../engine';
import { MAX_ITEM_CHARS } from './json-cursor';
import type { ObjectRef } from './reader-failure';
import { failureIn } from './reader-failure';
import { textLines } from './text-lines';

export async function* jsonlItems(text: AsyncIterable<string>, ref: ObjectRef): AsyncGenerator<Json> {
  for await (const { text: line, line: number } of textLines(text, ref, MAX_ITEM_CHARS)) {
    if (line.trim() === '') continue;
    let value: Json;
    try {
      value = JSON.parse(line) as Json;
    } catch (error) {
      const message = (error as { message?: unknown } | null)?.message;
      throw failureIn(
        ref,
        `Malformed JSON Lines: ${typeof message === 'string' ? message : 'invalid JSON'}`,
        `line ${number}`,
      );
    }
    yield value;
  }
}
