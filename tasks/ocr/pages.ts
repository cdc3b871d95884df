/** A document opened for reading, one page at a time (never all pages in memory at once). */
import type { DocumentType } from './detect';
import type { OcrImage } from './ocr-pool';

export type PageInput =
  { method: 'text-layer'; text: string; prepareMs: number } | { method: 'ocr'; image: OcrImage; prepareMs: number };

export interface OpenedDocument {
  type: DocumentType;
  pageCount: number;
  /** Reads page `index` (0-based): its text layer, or its pixels ready for OCR. */
  page(index: number): Promise<PageInput>;
  close(): void;
}
