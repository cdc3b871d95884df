/**
 * Per PDF page: read its text layer, or rasterise and OCR it. A text layer is the biggest speed-up there is
 * (no OCR at all), but not every text layer is the page's text: a scan with a stamped page number or Bates label
 * has a few characters of text over a full-page image, and a text layer drawn with a font that has no Unicode
 * mapping extracts as U+FFFD.
 */
export interface PageTextStats {
  /** Non-whitespace characters of the extracted text. */
  chars: number;
  /** Of those, U+FFFD (glyphs without a Unicode mapping). */
  unmapped: number;
  /** Fraction of the page's area covered by images, 0..1 (overlaps counted once per image, capped at 1). */
  imageCoverage: number;
}

export type PageMethod = 'text-layer' | 'ocr';

/** Fewer characters than this is a stamp, a page number or a blank page: not a text layer worth trusting. */
export const MIN_TEXT_CHARS = 32;
/** A page mostly covered by an image is a scan unless its text layer is substantial (e.g. an OCR'd PDF). */
export const SCAN_COVERAGE = 0.5;
export const MIN_TEXT_CHARS_OVER_SCAN = 200;
export const MAX_UNMAPPED_FRACTION = 0.1;

export function choosePageMethod(stats: PageTextStats): PageMethod {
  if (stats.chars < MIN_TEXT_CHARS) return 'ocr';
  if (stats.unmapped / stats.chars > MAX_UNMAPPED_FRACTION) return 'ocr';
  if (stats.imageCoverage >= SCAN_COVERAGE && stats.chars < MIN_TEXT_CHARS_OVER_SCAN) return 'ocr';
  return 'text-layer';
}
