/**
 * JSON nesting depth, checked on the text before anything walks the value: the engine's recursive walkers
 * (payload templates, JSONPath, structured clones) would overflow the stack on 100,000 levels. AWS parses with
 * Jackson, whose default limit is 1,000 levels (StreamReadConstraints.maxNestingDepth); we keep the same limit
 * and quote Jackson's message.
 */
export const MAX_JSON_DEPTH = 1000;

export interface DepthExcess {
  /** Jackson's message for the document. */
  message: string;
  /** The object keys leading to the first too-deep value, outermost first (at most the first few). */
  path: string[];
}

/** Where `text` first nests deeper than `limit` levels, or undefined. Linear; strings are skipped. */
export function jsonDepthExcess(text: string, limit = MAX_JSON_DEPTH): DepthExcess | undefined {
  let depth = 0;
  // The last key seen at each of the first levels (/States/<name>/...).
  const keys: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      const start = i + 1;
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i++;
        else if (d === 0x22) break;
      }
      if (depth <= 4) {
        let j = i + 1;
        while (j < text.length && /\s/.test(text[j]!)) j++;
        if (text[j] === ':') keys[depth - 1] = text.slice(start, i);
      }
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      depth++;
      if (depth <= 4) keys.length = depth - 1;
      if (depth > limit) {
        return {
          message: `Document nesting depth (${depth}) exceeds the maximum allowed (${limit}, from \`StreamReadConstraints.getMaxNestingDepth()\`)`,
          path: keys.slice(0, 3),
        };
      }
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      depth--;
    }
  }
  return undefined;
}
