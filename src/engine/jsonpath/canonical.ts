/** Jayway's canonical text for a path (`$['a'][0][*]`), which AWS quotes in "No results for path" causes. */
import type { JsonPath, PathSegment } from './ast';

/** The canonical text of the path's root and its first `count` segments (all of them by default). */
export function canonicalPath(path: JsonPath, count = path.segments.length): string {
  let text = '$';
  for (let i = 0; i < count; i++) text += segmentText(path.segments[i]!);
  return text;
}

export function segmentText(segment: PathSegment): string {
  switch (segment.kind) {
    case 'property':
      return `['${segment.name}']`;
    case 'properties':
      return `[${segment.names.map((n) => `'${n}'`).join(',')}]`;
    case 'index':
      return `[${segment.index}]`;
    case 'indexes':
      return `[${segment.indexes.join(',')}]`;
    case 'wildcard':
      return '[*]';
    case 'slice':
      return `[${segment.start ?? ''}:${segment.end ?? ''}${segment.step === undefined ? '' : `:${segment.step}`}]`;
    case 'filter':
      return '[?]';
    case 'descendant':
      return `..${segmentText(segment.selector)}`;
    case 'function':
      return `.${segment.name}()`;
  }
}
