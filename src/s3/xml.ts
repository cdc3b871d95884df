/**
 * Just enough XML for S3: writing responses, and reading the three small request documents S3 clients send
 * (Delete, CompleteMultipartUpload, CreateBucketConfiguration). Those are flat, machine-written documents,
 * so a scanner for `<Tag>text</Tag>` is exact for them; anything else is MalformedXML.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXml(text: string): string {
  // Keys may hold control characters; XML 1.0 cannot carry most of them raw, so S3 writes them as references.
  return text.replace(
    // eslint-disable-next-line no-control-regex -- matching control characters is the point here
    /[&<>"']|[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g,
    (ch) => ESCAPES[ch] ?? `&#${ch.charCodeAt(0)};`,
  );
}

/** A child element: `[name, text]`, `[name, children]`; undefined children are skipped. */
export type XmlNode = readonly [string, string | number | boolean | readonly (XmlNode | undefined)[]];

function render(node: XmlNode): string {
  const [name, content] = node;
  const inner = Array.isArray(content)
    ? (content as readonly (XmlNode | undefined)[]).map((child) => (child ? render(child) : '')).join('')
    : escapeXml(String(content));
  return `<${name}>${inner}</${name}>`;
}

export function xmlDocument(root: string, children: readonly (XmlNode | undefined)[]): string {
  const body = children.map((child) => (child ? render(child) : '')).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${body}</${root}>`;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    return ENTITIES[ref] ?? whole;
  });
}

/** The inner texts of every `<tag>...</tag>` in `xml` (no nesting of the same tag), in document order. */
export function elements(xml: string, tag: string): string[] {
  const found: string[] = [];
  const pattern = new RegExp(`<${tag}(?:\\s[^>]*)?>([\\s\\S]*?)</${tag}>|<${tag}(?:\\s[^>]*)?/>`, 'g');
  for (const match of xml.matchAll(pattern)) found.push(match[1] ?? '');
  return found;
}

/** The unescaped text of the one `<tag>` in `xml`, or undefined. CDATA sections are taken verbatim. */
export function textOf(xml: string, tag: string): string | undefined {
  const [inner] = elements(xml, tag);
  if (inner === undefined) return undefined;
  const cdata = /^<!\[CDATA\[([\s\S]*)\]\]>$/.exec(inner);
  return cdata ? (cdata[1] ?? '') : unescapeXml(inner);
}
