/**
 * A batch of documents, a few at a time, every one accounted for: succeeded, skipped (already done), failed with
 * its reason, or — only after SIGTERM — abandoned for the retry to redo.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { processDocument, type DocumentContext } from './document';
import type { EngineInfo } from './engine-info';
import { Limiter } from './limiter';
import type { OcrPool } from './ocr-pool';
import type { Profile, ProfileMs } from './profile';
import type { OcrItem, OcrSettings } from './settings';

export interface FailedDocument {
  bucket: string;
  key: string;
  /** The failure code (FailureReason): what a DLQ consumer groups by. */
  error: string;
  /** What happened, for a person. */
  reason: string;
}

/** The task's output (SendTaskSuccess, and the last line of stdout). */
export interface OcrResult {
  documents: number;
  succeeded: string[];
  failed: FailedDocument[];
  /** Pages read (text layer + OCR) of the succeeded documents. */
  pages: number;
  ocrPages: number;
  skipped: number;
  seconds: number;
  /** Milliseconds per phase summed over the batch's documents (profile.ts). */
  profile: ProfileMs;
  /** Present after SIGTERM: documents left unfinished, for the retry. */
  abandoned?: string[];
}

export interface BatchContext {
  s3: S3Client;
  settings: OcrSettings;
  ocr: () => Promise<OcrPool>;
  engine: () => EngineInfo;
  /** Workers in the OCR pool: documents and pages in flight are sized from it. */
  workers: number;
  signal: AbortSignal;
  profile: Profile;
  onDocument?: (item: OcrItem, outcome: string, detail: Record<string, unknown>) => void;
}

export async function runBatch(items: readonly OcrItem[], ctx: BatchContext): Promise<OcrResult> {
  const started = Date.now();
  const outcomes = new Array<Awaited<ReturnType<typeof processDocument>> | undefined>(items.length);
  const documentContext: DocumentContext = {
    s3: ctx.s3,
    settings: ctx.settings,
    ocr: ctx.ocr,
    engine: ctx.engine,
    // Two pages per worker: one being recognised, one decoded and waiting, so workers never idle on decoding.
    pages: new Limiter(ctx.workers * 2),
    pageConcurrency: ctx.workers,
    signal: ctx.signal,
    profile: ctx.profile,
  };
  let next = 0;
  // Two documents per worker: while one page is recognised, the next document downloads, decodes and is
  // preprocessed, so a worker finds its next page ready (the page limiter above bounds the memory this holds).
  const lane = async (): Promise<void> => {
    while (next < items.length && !ctx.signal.aborted) {
      const index = next++;
      const item = items[index]!;
      const t0 = Date.now();
      const outcome = await processDocument(item, documentContext);
      outcomes[index] = outcome;
      ctx.onDocument?.(item, outcome.status, {
        seconds: (Date.now() - t0) / 1000,
        ...(outcome.status === 'succeeded' ? { pages: outcome.pages, ocrPages: outcome.ocrPages } : {}),
        ...(outcome.status === 'failed' ? { error: outcome.error.reason, reason: outcome.error.message } : {}),
      });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(ctx.workers * 2, items.length)) }, lane));

  const result: OcrResult = {
    documents: items.length,
    succeeded: [],
    failed: [],
    pages: 0,
    ocrPages: 0,
    skipped: 0,
    seconds: 0,
    profile: ctx.profile.toJSON(),
  };
  const abandoned: string[] = [];
  items.forEach((item, i) => {
    const outcome = outcomes[i];
    if (outcome === undefined || outcome.status === 'abandoned') abandoned.push(item.Key);
    else if (outcome.status === 'skipped') result.skipped++;
    else if (outcome.status === 'failed')
      result.failed.push({
        bucket: item.Bucket,
        key: item.Key,
        error: outcome.error.reason,
        reason: outcome.error.message,
      });
    else {
      result.succeeded.push(item.Key);
      result.pages += outcome.pages;
      result.ocrPages += outcome.ocrPages;
    }
  });
  if (abandoned.length > 0) result.abandoned = abandoned;
  result.seconds = (Date.now() - started) / 1000;
  return result;
}
