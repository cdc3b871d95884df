/**
 * PNG, JPEG, TIFF (every page of a multi-page TIFF) and WebP through sharp, with its pixel limit on every decode:
 * a 50 KB PNG can declare 400 Mpx, and only the header may be trusted to say so.
 */
import sharp from 'sharp';
import type { DocumentType } from './detect';
import { DocumentError, FailureReason } from './errors';
import type { OpenedDocument, PageInput } from './pages';
import { preparePage, type ScanGeometry, type SharpImage } from './preprocess';
import type { OcrSettings } from './settings';

// Pages are prepared ahead while the OCR workers hold every core: a second libvips thread per page would only take
// CPU from them (one thread: 352 ms instead of 375 ms CPU to shrink a 35-Mpx receipt). Nothing is decoded twice, so
// libvips's operation cache would only hold memory.
sharp.concurrency(1);
sharp.cache(false);

export async function openImageDocument(
  bytes: Buffer,
  type: Exclude<DocumentType, 'pdf'>,
  settings: Pick<OcrSettings, 'maxPixels' | 'maxPages' | 'preprocess'>,
): Promise<OpenedDocument> {
  let meta: Awaited<ReturnType<SharpImage['metadata']>>;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new DocumentError(
      FailureReason.Corrupt,
      `the ${type.toUpperCase()} header cannot be read: ${message(error)}`,
    );
  }
  const pageCount = meta.pages ?? 1;
  checkPixels(meta.width, meta.pageHeight ?? meta.height, settings.maxPixels);
  return {
    type,
    pageCount,
    async page(index: number): Promise<PageInput> {
      const started = Date.now();
      const options = { page: index, limitInputPixels: settings.maxPixels, failOn: 'error' as const };
      try {
        // Each page of a TIFF has its own size and resolution.
        const pageMeta = pageCount > 1 ? await sharp(bytes, options).metadata() : meta;
        checkPixels(pageMeta.width, pageMeta.height, settings.maxPixels);
        const scan: ScanGeometry = { width: pageMeta.width, height: pageMeta.height };
        if (pageMeta.density !== undefined) scan.density = pageMeta.density;
        if (pageMeta.orientation !== undefined) scan.orientation = pageMeta.orientation;
        const image = await preparePage(sharp(bytes, options), scan, settings.preprocess);
        return { method: 'ocr', image, prepareMs: Date.now() - started };
      } catch (error) {
        throw asDocumentError(error, type, index);
      }
    },
    close: () => undefined,
  };
}

function checkPixels(width: number, height: number, max: number): void {
  if (width * height > max)
    throw new DocumentError(
      FailureReason.TooManyPixels,
      `a page of ${width}×${height} px (${mp(width * height)}) is over the limit of ${mp(max)}`,
    );
}

function asDocumentError(error: unknown, type: string, index: number): DocumentError {
  if (error instanceof DocumentError) return error;
  const text = message(error);
  if (/pixel limit/i.test(text))
    return new DocumentError(FailureReason.TooManyPixels, `page ${index + 1} is over the pixel limit: ${text}`);
  return new DocumentError(
    FailureReason.Corrupt,
    `page ${index + 1} of the ${type.toUpperCase()} cannot be decoded: ${text}`,
  );
}

function mp(pixels: number): string {
  return `${(pixels / 1e6).toFixed(1)} Mpx`;
}

function message(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();
}
