/** Lines of a text stream (LF or CRLF), numbered from 1, each at most `maxChars` long. */
import type { ObjectRef } from './reader-failure';
import { failureIn } from './reader-failure';

export interface TextLine {
  text: string;
  line: number;
}

export async function* textLines(
  chunks: AsyncIterable<string>,
  ref: ObjectRef,
  maxChars: number,
): AsyncGenerator<TextLine> {
  let partial = '';
  let line = 1;
  for await (const chunk of chunks) {
    let start = 0;
    for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', start)) {
      const text = partial + chunk.slice(start, nl);
      partial = '';
      yield { text: text.endsWith('\r') ? text.slice(0, -1) : text, line: line++ };
      start = nl + 1;
    }
    partial += chunk.slice(start);
    if (partial.length > maxChars) throw failureIn(ref, 'A line is larger than 8 MB', `line ${line}`);
  }
  if (partial.length > 0) yield { text: partial.endsWith('\r') ? partial.slice(0, -1) : partial, line };
}
