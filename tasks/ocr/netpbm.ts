/**
 * The uncompressed netpbm images handed to tesseract: no encoding cost, and leptonica reads them fastest. A page whose
 * every pixel is black or white (a fax-style G4 TIFF, a bilevel scanned PDF) goes as 1-bit PBM: tesseract then takes
 * it as the binary image it is, as native tesseract does reading the TIFF, and skips thresholding it (4-13 % less
 * recognition time on the real scans' bilevel pages, the same text: docs/ocr.md).
 */

/** Binary PGM (P5): one header line and the raw grey bytes. */
export function toPgm(grey: Uint8Array, width: number, height: number): Buffer {
  checkSize(grey, width, height, 'PGM');
  return Buffer.concat([Buffer.from(`P5\n${width} ${height}\n255\n`, 'latin1'), grey]);
}

/** Binary PBM (P4), 1 = black, rows padded to whole bytes; anything but white (255) is black. */
export function toPbm(grey: Uint8Array, width: number, height: number): Buffer {
  checkSize(grey, width, height, 'PBM');
  const header = Buffer.from(`P4\n${width} ${height}\n`, 'latin1');
  const rowBytes = Math.ceil(width / 8);
  const out = Buffer.alloc(header.length + rowBytes * height);
  header.copy(out);
  for (let y = 0, i = 0; y < height; y++) {
    const row = header.length + y * rowBytes;
    for (let x = 0; x < width; x++, i++) if (grey[i] !== 255) out[row + (x >> 3)]! |= 0x80 >> (x & 7);
  }
  return out;
}

/** PBM when every pixel is 0 or 255, else PGM. */
export function toNetpbm(grey: Uint8Array, width: number, height: number): Buffer {
  return isBilevel(grey) ? toPbm(grey, width, height) : toPgm(grey, width, height);
}

export function isBilevel(grey: Uint8Array): boolean {
  for (const v of grey) if (v !== 0 && v !== 255) return false;
  return grey.length > 0;
}

function checkSize(grey: Uint8Array, width: number, height: number, format: string): void {
  if (grey.length !== width * height) throw new Error(`${format}: ${grey.length} bytes for ${width}×${height} pixels`);
}
