/**
 * The order a `java.util.HashMap` with default settings iterates its keys in. AWS builds the objects of JSONPath
 * payload templates and of `States.JsonMerge` as such maps, so their keys come out in this order rather than the
 * definition's (recorded: `test_query_context_object_values`, `MAP_STATE_REFERENCE_IN_ITEM_SELECTOR`,
 * `test_json_merge_escaped_argument`).
 */

/** Java's `String.hashCode()`: over UTF-16 code units, in 32-bit arithmetic. */
function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

/**
 * The keys in HashMap iteration order: by bucket (the hash spread as `HashMap.hash` does, masked by the table size,
 * which starts at 16 and doubles while more than 3/4 full), insertion order within a bucket.
 */
export function javaHashMapOrder(keys: readonly string[]): string[] {
  let table = 16;
  while (keys.length > table * 0.75) table *= 2;
  return keys
    .map((key, index) => {
      const h = javaStringHash(key);
      return { key, index, bucket: (h ^ (h >>> 16)) & (table - 1) };
    })
    .sort((a, b) => a.bucket - b.bucket || a.index - b.index)
    .map((e) => e.key);
}
