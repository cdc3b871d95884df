/** The `fanout dlq list` table and `show` text. Pure. */
import { truncate } from '../../format/preview';
import { renderTable } from '../../format/table';
import { executionName, type DeadLetter } from '../../../operator';

export function renderDeadLetters(letters: readonly DeadLetter[]): string {
  return renderTable(
    ['MESSAGE ID', 'SENT', 'RECEIVES', 'ERROR', 'CAUSE', 'ORIGIN'],
    letters.map((l) => [
      l.messageId,
      l.sent === undefined ? '' : new Date(l.sent).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      l.receiveCount === undefined ? '' : String(l.receiveCount),
      l.error ?? '',
      truncate(l.cause ?? (l.error === undefined ? l.body : ''), 50),
      [executionName(l.execution), l.state].filter((s) => s !== undefined && s !== '').join(' @ '),
    ]),
  );
}

export function renderDeadLetter(letter: DeadLetter): string {
  let body: unknown = letter.body;
  try {
    body = JSON.parse(letter.body);
  } catch {
    // Not JSON: show the text as is.
  }
  const { receiptHandle: _receiptHandle, body: _body, ...rest } = letter;
  return `${JSON.stringify({ ...rest, body }, null, 2)}\n`;
}
