/**
 * tesseract.js workers, one per vCPU, created once per process and reused for every page. Our own small scheduler
 * rather than tesseract.js's `createScheduler`: a page over its time limit must be abandoned by terminating exactly
 * the worker stuck on it (a scheduler job cannot be cancelled), and that worker replaced while the others go on.
 */
import { join } from 'node:path';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';
import { DocumentError, FailureReason } from './errors';
import type { ModelFiles } from './models';
import { shareTesseractCore } from './tesseract-core';

/** Our worker-thread script: tesseract.js's, on the core this process compiled once. */
const WORKER_SCRIPT = join(__dirname, 'tesseract-worker.js');

export interface OcrPageResult {
  text: string;
  /** Tesseract's mean word confidence, 0-100. */
  confidence: number;
  /** Recognition on a worker. */
  ms: number;
  /** Waiting in the queue for a free worker. */
  waitMs: number;
}

/** A queued page not yet on a worker when the task was told to stop: its document is left for the retry. */
export class PageAbandoned extends Error {
  override name = 'PageAbandoned';
}

export interface OcrImage {
  /** An encoded image tesseract's leptonica reads; PGM or PBM (netpbm.ts) cost nothing to encode or decode. */
  bytes: Buffer;
  dpi: number;
}

interface Slot {
  worker: Worker;
  busy: boolean;
}

interface Job {
  image: OcrImage;
  timeoutMs: number;
  queuedAt: number;
  signal: AbortSignal | undefined;
  resolve: (result: OcrPageResult) => void;
  reject: (error: unknown) => void;
}

export class OcrPool {
  private readonly queue: Job[] = [];
  private closed = false;

  private constructor(
    private readonly slots: Slot[],
    private readonly model: ModelFiles,
  ) {}

  static async create(model: ModelFiles, size: number): Promise<OcrPool> {
    // Workers start in parallel (each loads and gunzips its own copy of the model) but no more than `size`.
    const workers = await Promise.all(Array.from({ length: size }, () => startWorker(model)));
    return new OcrPool(
      workers.map((worker) => ({ worker, busy: false })),
      model,
    );
  }

  get size(): number {
    return this.slots.length;
  }

  /** Pages waiting for a worker. */
  get pending(): number {
    return this.queue.length;
  }

  /** Queues a page; once `signal` is aborted, a page still queued is rejected with PageAbandoned. */
  recognize(image: OcrImage, timeoutMs: number, signal?: AbortSignal): Promise<OcrPageResult> {
    if (this.closed) return Promise.reject(new Error('the OCR pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ image, timeoutMs, queuedAt: performance.now(), signal, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('the OCR pool is closed'));
    await Promise.allSettled(this.slots.map((slot) => slot.worker.terminate()));
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (slot.busy) continue;
      let job = this.queue.shift();
      while (job?.signal?.aborted === true) {
        job.reject(new PageAbandoned('the task is stopping: the page was not started'));
        job = this.queue.shift();
      }
      if (!job) return;
      slot.busy = true;
      void this.run(slot, job);
    }
  }

  private async run(slot: Slot, job: Job): Promise<void> {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new DocumentError(
              FailureReason.PageTimeout,
              `OCR of a page took longer than ${Math.round(job.timeoutMs / 1000)} s`,
            ),
          ),
        job.timeoutMs,
      );
    });
    try {
      const result = await Promise.race([this.recognizeOn(slot.worker, job.image), timeout]);
      job.resolve({ ...result, ms: performance.now() - started, waitMs: started - job.queuedAt });
    } catch (error) {
      job.reject(error);
      if (error instanceof DocumentError) await this.replace(slot);
    } finally {
      clearTimeout(timer);
      slot.busy = false;
      if (!this.closed) this.dispatch();
    }
  }

  private async recognizeOn(worker: Worker, image: OcrImage): Promise<Omit<OcrPageResult, 'ms' | 'waitMs'>> {
    // The real resolution: tesseract otherwise guesses it from the text height (and logs that it did).
    await worker.setParameters({ user_defined_dpi: String(Math.round(image.dpi)) });
    const { data } = await worker.recognize(image.bytes, {}, { text: true });
    return { text: data.text, confidence: data.confidence };
  }

  /** The worker is still busy with the abandoned page: kill it and start a fresh one in its place. */
  private async replace(slot: Slot): Promise<void> {
    await slot.worker.terminate().catch(() => undefined);
    if (this.closed) return;
    try {
      slot.worker = await startWorker(this.model);
    } catch (error) {
      // A worker that cannot start now will not start later: run on with fewer, or fail what waits if none is left.
      this.slots.splice(this.slots.indexOf(slot), 1);
      if (this.slots.length === 0) for (const job of this.queue.splice(0)) job.reject(error);
    }
  }
}

async function startWorker(model: ModelFiles): Promise<Worker> {
  const worker = await createWorker(model.files.map((f) => f.lang).join('+'), OEM.LSTM_ONLY, {
    langPath: model.langPath,
    gzip: model.gzip,
    cacheMethod: 'none',
    workerPath: WORKER_SCRIPT,
    corePath: await shareTesseractCore(),
  });
  // PSM 3 (fully automatic layout): tesseract.js's default, 6 (one uniform block), doubled CER on real pages.
  // tessedit_do_invert 0: no second recognition of each low-confidence word as white-on-black text — 8 % less CPU
  // on real receipts for the same CER (docs/ocr.md).
  await worker.setParameters({ tessedit_pageseg_mode: PSM.AUTO, tessedit_do_invert: '0' });
  return worker;
}
