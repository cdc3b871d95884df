/**
 * PDFs through mupdf (WASM): per page, the text layer when it holds the page's text (no OCR — the biggest speed-up
 * there is), else the page rasterised in grey at the run's dpi for OCR. mupdf is ESM-only; it is loaded once, with
 * an `import()` that TypeScript's CommonJS output leaves alone.
 */
import type * as Mupdf from 'mupdf/dist/mupdf';
import { DocumentError, FailureReason } from './errors';
import { choosePageMethod, type PageTextStats } from './page-method';
import type { OpenedDocument, PageInput } from './pages';
import { toNetpbm } from './netpbm';
import { MAX_OCR_PIXELS } from './preprocess';
import type { OcrSettings } from './settings';

type MupdfModule = typeof Mupdf;

// eslint-disable-next-line @typescript-eslint/no-implied-eval -- a real import(), which tsc would turn into require()
const importEsm = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;
let loaded: Promise<MupdfModule> | undefined;

export function loadMupdf(): Promise<MupdfModule> {
  loaded ??= importEsm('mupdf') as Promise<MupdfModule>;
  return loaded;
}

export async function openPdfDocument(
  bytes: Buffer,
  settings: Pick<OcrSettings, 'maxPixels' | 'dpi' | 'useTextLayer'>,
): Promise<OpenedDocument> {
  const mupdf = await loadMupdf();
  let doc: Mupdf.Document;
  let pageCount: number;
  try {
    doc = mupdf.Document.openDocument(bytes, 'application/pdf');
  } catch (error) {
    throw new DocumentError(FailureReason.Corrupt, `the PDF cannot be opened: ${message(error)}`);
  }
  try {
    // mupdf tries the empty user password itself: true means a real password is needed.
    if (doc.needsPassword()) throw new DocumentError(FailureReason.Encrypted, 'the PDF is password-protected');
    pageCount = doc.countPages();
  } catch (error) {
    doc.destroy();
    if (error instanceof DocumentError) throw error;
    throw new DocumentError(FailureReason.Corrupt, `the PDF's pages cannot be read: ${message(error)}`);
  }
  if (pageCount === 0) {
    doc.destroy();
    throw new DocumentError(FailureReason.Corrupt, 'the PDF has no pages');
  }
  return {
    type: 'pdf',
    pageCount,
    page: (index) => Promise.resolve(readPage(mupdf, doc, index, settings)),
    close: () => doc.destroy(),
  };
}

function readPage(
  mupdf: MupdfModule,
  doc: Mupdf.Document,
  index: number,
  settings: Pick<OcrSettings, 'maxPixels' | 'dpi' | 'useTextLayer'>,
): PageInput {
  const started = Date.now();
  let page: Mupdf.Page | undefined;
  let stext: Mupdf.StructuredText | undefined;
  let pixmap: Mupdf.Pixmap | undefined;
  try {
    page = doc.loadPage(index);
    const [x0, y0, x1, y1] = page.getBounds();
    const widthPt = x1 - x0;
    const heightPt = y1 - y0;
    stext = page.toStructuredText('preserve-images');
    const stats = textStats(stext, widthPt * heightPt);
    if (settings.useTextLayer && choosePageMethod(stats) === 'text-layer') {
      return { method: 'text-layer', text: stext.asText(), prepareMs: Date.now() - started };
    }
    // The run's dpi, unless the page is so large that would exceed the pixel limits.
    const limit = Math.min(settings.maxPixels, MAX_OCR_PIXELS);
    const scale = Math.min(settings.dpi / 72, Math.sqrt(limit / Math.max(1, widthPt * heightPt)));
    pixmap = page.toPixmap(mupdf.Matrix.scale(scale, scale), mupdf.ColorSpace.DeviceGray, false);
    const width = pixmap.getWidth();
    const height = pixmap.getHeight();
    const grey = packRows(pixmap.getPixels(), width, height, pixmap.getStride());
    return {
      method: 'ocr',
      image: { bytes: toNetpbm(grey, width, height), dpi: scale * 72 },
      prepareMs: Date.now() - started,
    };
  } catch (error) {
    throw new DocumentError(FailureReason.Corrupt, `page ${index + 1} of the PDF cannot be read: ${message(error)}`);
  } finally {
    // WASM memory is not garbage-collected soon enough for a long batch: free each page's objects now.
    pixmap?.destroy();
    stext?.destroy();
    page?.destroy();
  }
}

function textStats(stext: Mupdf.StructuredText, pageArea: number): PageTextStats {
  let chars = 0;
  let unmapped = 0;
  let imageArea = 0;
  stext.walk({
    onChar(c: string) {
      if (/\s/.test(c)) return;
      chars++;
      if (c === '\uFFFD') unmapped++;
    },
    onImageBlock(bbox: Mupdf.Rect) {
      imageArea += Math.max(0, bbox[2] - bbox[0]) * Math.max(0, bbox[3] - bbox[1]);
    },
  });
  return { chars, unmapped, imageCoverage: pageArea > 0 ? Math.min(1, imageArea / pageArea) : 0 };
}

/** The pixmap's rows may be padded; copy out of WASM memory, which the next mupdf call may move. */
function packRows(pixels: Uint8ClampedArray, width: number, height: number, stride: number): Buffer {
  if (stride === width) return Buffer.from(pixels.subarray(0, width * height));
  const out = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++) out.set(pixels.subarray(y * stride, y * stride + width), y * width);
  return out;
}

function message(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();
}
