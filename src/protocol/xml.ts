/**
 * Escaping for the XML of the AWS query protocol (SQS, SNS): markup, and the whitespace an XML parser would
 * otherwise normalise (a message body's \r must survive), as character references.
 */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"'\r\t]/g, (c) => `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`);
}
