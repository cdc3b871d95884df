/**
 * The document type from its first bytes, never from its key or Content-Type: archives are full of `.pdf` files
 * that are TIFFs and images uploaded as application/octet-stream.
 */
export type DocumentType = 'png' | 'jpeg' | 'tiff' | 'webp' | 'pdf';

export function detectType(bytes: Uint8Array): DocumentType | undefined {
  const starts = (...sig: number[]): boolean => sig.every((b, i) => bytes[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (starts(0xff, 0xd8, 0xff)) return 'jpeg';
  if (starts(0x49, 0x49, 0x2a, 0x00) || starts(0x4d, 0x4d, 0x00, 0x2a)) return 'tiff';
  // BigTIFF (version 43) is TIFF too; libvips reads it.
  if (starts(0x49, 0x49, 0x2b, 0x00) || starts(0x4d, 0x4d, 0x00, 0x2b)) return 'tiff';
  if (starts(0x52, 0x49, 0x46, 0x46) && ascii(bytes, 8, 4) === 'WEBP') return 'webp';
  // The PDF header may follow up to 1 KiB of junk (the spec's own allowance, which readers honour).
  if (indexOfAscii(bytes, '%PDF-', 1024) >= 0) return 'pdf';
  return undefined;
}

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

function indexOfAscii(bytes: Uint8Array, needle: string, within: number): number {
  const end = Math.min(bytes.length - needle.length, within);
  outer: for (let i = 0; i <= end; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle.charCodeAt(j)) continue outer;
    return i;
  }
  return -1;
}
