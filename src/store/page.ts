/** One page of a keyset-paginated listing: `nextKey` is the key to continue after, absent on the last page. */
export interface Page<T, K> {
  items: T[];
  nextKey?: K;
}

/** Runs a query that fetched `limit + 1` rows and splits off the look-ahead row into `nextKey`. */
export function toPage<T, K>(rows: T[], limit: number, keyOf: (row: T) => K): Page<T, K> {
  if (rows.length <= limit) return { items: rows };
  const items = rows.slice(0, limit);
  return { items, nextKey: keyOf(items[items.length - 1]!) };
}
