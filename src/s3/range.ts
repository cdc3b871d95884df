/** What a GetObject `Range` header selects from an object of `size` bytes. */
export type RangeSelection =
  { kind: 'all' } | { kind: 'range'; start: number; end: number } | { kind: 'unsatisfiable' };

/**
 * One `bytes=` range, as S3 reads it: `a-b`, `a-` and the suffix form `-n`. S3 serves the whole object for
 * headers it cannot parse and for multiple ranges (which it does not support), and answers InvalidRange
 * (416) when the range starts past the end.
 */
export function parseRange(header: string | undefined, size: number): RangeSelection {
  if (header === undefined) return { kind: 'all' };
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match) return { kind: 'all' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'all' };
  if (first === '') {
    const length = Number(last);
    if (length === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'range', start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return { kind: 'all' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'range', start, end: last === '' ? size - 1 : Math.min(Number(last), size - 1) };
}
