/** A one-line preview of a JSON payload, for table cells and progress lines. */
export function previewJson(text: string | undefined, max = 60): string {
  if (text === undefined) return '';
  let compact: string;
  try {
    compact = JSON.stringify(JSON.parse(text)) ?? text;
  } catch {
    compact = text.replace(/\s+/g, ' ');
  }
  return truncate(compact, max);
}

export function truncate(text: string, max: number): string {
  const oneLine = text.replace(/\s*\n\s*/g, ' ');
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, Math.max(0, max - 1))}…`;
}
