/**
 * One document: skip it if done, download it (bounded), detect its type by content, read each page (text layer or
 * OCR), write its outputs. Any reason it cannot be read becomes a DocumentError: it fails alone.
 */
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { detectType } from './detect';
import type { EngineInfo } from './engine-info';
import { DocumentError, FailureReason } from './errors';
import { openImageDocument } from './image-document';
import type { Limiter } from './limiter';
import { PageAbandoned, type OcrPool } from './ocr-pool';
import { isDone, outputKeys, statusOf, writeOutputs } from './outputs';
import type { OpenedDocument } from './pages';
import { openPdfDocument } from './pdf-document';
import type { Profile } from './profile';
import { unquoteETag, type OcrItem, type OcrSettings } from './settings';

export interface PageRecord {
  page: number;
  method: 'text-layer' | 'ocr';
  text: string;
  /** Tesseract's mean word confidence 0-100; null for a text layer. */
  confidence: number | null;
  /** Decoding, preprocessing or rasterising (and text-layer extraction). */
  prepareMs: number;
  /** Waiting for a worker plus recognition; 0 for a text layer. */
  ocrMs: number;
}

export interface DocumentRecord {
  source: { bucket: string; key: string; etag: string; size: number; type: string };
  pageCount: number;
  pages: PageRecord[];
  engine: EngineInfo;
  langs: string[];
  preprocess: OcrSettings['preprocess'];
  dpi: number;
  startedAt: string;
  seconds: number;
}

export type DocumentOutcome =
  | { status: 'succeeded'; pages: number; ocrPages: number }
  | { status: 'skipped' }
  | { status: 'failed'; error: DocumentError }
  | { status: 'abandoned' };

export interface DocumentContext {
  s3: S3Client;
  settings: OcrSettings;
  /** Started on the first page that needs OCR: a batch of born-digital PDFs never pays for the workers. */
  ocr: () => Promise<OcrPool>;
  engine: () => EngineInfo;
  pages: Limiter;
  /** Pages of one document in flight at once. */
  pageConcurrency: number;
  signal: AbortSignal;
  profile: Profile;
}

export async function processDocument(item: OcrItem, ctx: DocumentContext): Promise<DocumentOutcome> {
  const { settings, profile } = ctx;
  const keys = outputKeys(settings.outputPrefix, item.Key);
  try {
    const downloadStarted = performance.now();
    const claimed = item.ETag ?? (await headETag(ctx.s3, item));
    if (await isDone(ctx.s3, settings.outputBucket, keys, claimed)) {
      profile.add('download', performance.now() - downloadStarted);
      return { status: 'skipped' };
    }
    if (item.Size !== undefined && item.Size > settings.maxBytes) throw tooLarge(item.Size, settings.maxBytes);

    const startedAt = new Date();
    const { bytes, etag } = await download(ctx.s3, item, settings.maxBytes);
    profile.add('download', performance.now() - downloadStarted);
    if (bytes.length === 0) throw new DocumentError(FailureReason.Empty, 'the object is empty (0 bytes)');
    const type = detectType(bytes);
    if (type === undefined)
      throw new DocumentError(
        FailureReason.UnsupportedType,
        `not a PNG, JPEG, TIFF, WebP or PDF (first bytes: ${bytes.subarray(0, 8).toString('hex')})`,
      );
    // Warm the workers while this image is decoded; its page will need one (the promise is awaited there).
    if (type !== 'pdf') ctx.ocr().catch(() => undefined);
    const doc = await profile.time('decode', () =>
      type === 'pdf' ? openPdfDocument(bytes, settings) : openImageDocument(bytes, type, settings),
    );
    let pages: PageRecord[] | undefined;
    try {
      if (doc.pageCount > settings.maxPages)
        throw new DocumentError(
          FailureReason.TooManyPages,
          `${doc.pageCount} pages is over the run's limit of ${settings.maxPages}`,
        );
      pages = await readPages(doc, ctx);
    } finally {
      doc.close();
    }
    if (pages === undefined) return { status: 'abandoned' };

    const record: DocumentRecord = {
      source: { bucket: item.Bucket, key: item.Key, etag, size: bytes.length, type },
      pageCount: pages.length,
      pages,
      engine: ctx.engine(),
      langs: settings.langs,
      preprocess: settings.preprocess,
      dpi: settings.dpi,
      startedAt: startedAt.toISOString(),
      seconds: (Date.now() - startedAt.getTime()) / 1000,
    };
    // Form feeds between pages, as tesseract's own text output has them.
    const text = pages.map((p) => p.text.trimEnd()).join('\n\f');
    await profile.time('outputWrite', () =>
      writeOutputs(ctx.s3, settings.outputBucket, keys, etag, `${text}\n`, record),
    );
    return { status: 'succeeded', pages: pages.length, ocrPages: pages.filter((p) => p.method === 'ocr').length };
  } catch (error) {
    if (error instanceof DocumentError) return { status: 'failed', error };
    throw error;
  }
}

/**
 * Reads the pages, `pageConcurrency` at a time (and within the batch-wide page limit), in order. Undefined when
 * SIGTERM arrived first: the pages in flight finish, no new one starts, and the document is left for the retry.
 */
async function readPages(doc: OpenedDocument, ctx: DocumentContext): Promise<PageRecord[] | undefined> {
  const records: PageRecord[] = new Array<PageRecord>(doc.pageCount);
  let next = 0;
  let failure: Error | undefined;
  const lane = async (): Promise<void> => {
    while (next < doc.pageCount && failure === undefined && !ctx.signal.aborted) {
      const index = next++;
      try {
        records[index] = await ctx.pages.run(() => readPage(doc, index, ctx));
      } catch (error) {
        if (error instanceof PageAbandoned) return;
        failure ??= error instanceof Error ? error : new Error(String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(ctx.pageConcurrency, doc.pageCount) }, lane));
  if (failure !== undefined) throw failure;
  if (ctx.signal.aborted && records.filter(Boolean).length < doc.pageCount) return undefined;
  return records;
}

async function readPage(doc: OpenedDocument, index: number, ctx: DocumentContext): Promise<PageRecord> {
  const input = await doc.page(index);
  ctx.profile.add(doc.type === 'pdf' ? 'rasterise' : 'preprocess', input.prepareMs);
  if (input.method === 'text-layer')
    return {
      page: index + 1,
      method: 'text-layer',
      text: input.text,
      confidence: null,
      prepareMs: input.prepareMs,
      ocrMs: 0,
    };
  const pool = await ctx.ocr();
  const started = Date.now();
  const result = await pool.recognize(input.image, ctx.settings.pageTimeoutMs, ctx.signal);
  ctx.profile.add('wait', result.waitMs);
  ctx.profile.add('recognition', result.ms);
  return {
    page: index + 1,
    method: 'ocr',
    text: result.text,
    confidence: Math.round(result.confidence * 10) / 10,
    prepareMs: input.prepareMs,
    ocrMs: Date.now() - started,
  };
}

async function headETag(s3: S3Client, item: OcrItem): Promise<string> {
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket: item.Bucket, Key: item.Key }));
    return unquoteETag(head.ETag ?? '');
  } catch (error) {
    throw sourceError(error, item) ?? error;
  }
}

async function download(s3: S3Client, item: OcrItem, maxBytes: number): Promise<{ bytes: Buffer; etag: string }> {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: item.Bucket, Key: item.Key }));
    if (out.ContentLength !== undefined && out.ContentLength > maxBytes) {
      (out.Body as { destroy?: () => void } | undefined)?.destroy?.();
      throw tooLarge(out.ContentLength, maxBytes);
    }
    const chunks: Buffer[] = [];
    let length = 0;
    for await (const chunk of (out.Body ?? []) as AsyncIterable<Uint8Array>) {
      length += chunk.length;
      if (length > maxBytes) throw tooLarge(length, maxBytes);
      chunks.push(Buffer.from(chunk));
    }
    return { bytes: Buffer.concat(chunks, length), etag: unquoteETag(out.ETag ?? item.ETag ?? '') };
  } catch (error) {
    throw sourceError(error, item) ?? error;
  }
}

/** Missing or forbidden sources fail the document; anything else (network, throttling) fails the task: retry it. */
function sourceError(error: unknown, item: OcrItem): DocumentError | undefined {
  if (error instanceof DocumentError) return error;
  const status = statusOf(error);
  const where = `s3://${item.Bucket}/${item.Key}`;
  if (status === 404) return new DocumentError(FailureReason.NotFound, `${where} does not exist`);
  if (status === 403) return new DocumentError(FailureReason.AccessDenied, `${where} is not readable by the task`);
  return undefined;
}

function tooLarge(size: number, max: number): DocumentError {
  return new DocumentError(FailureReason.TooLarge, `${size} bytes is over the run's limit of ${max}`);
}
