/**
 * The OCR task: `node tasks/dist/ocr/main.js` in its container on AWS and as a child process locally.
 *
 * Input (tasks/common: FANOUT_INPUT_S3_URI, --input-file, --input, FANOUT_INPUT) — a Distributed Map batch:
 *   {"Items": [{"Bucket", "Key", "ETag"?, "Size"?}, ...], "BatchInput": {"outputBucket", "outputPrefix"?, "lang"?,
 *    "model"?, "maxPages"?, "maxPixels"?, "maxBytes"?, "pageTimeoutSeconds"?, "dpi"?, "preprocess"?}}
 * Output: `<outputPrefix>/<key>.txt` and `.json` per document; the result (OcrResult) as the last stdout line and,
 * with a task token, through SendTaskSuccess.
 * Exit: 0 all succeeded or skipped; 2 some documents failed; 3 bad input; 1 the task failed (retry the batch);
 * 143 SIGTERM (unfinished documents are redone by the retry).
 * Environment: AWS_* (endpoint, region, credentials); FANOUT_OCR_WORKERS (default: available parallelism);
 * FANOUT_OCR_TESSDATA_FAST (a directory with tessdata_fast files).
 */
import { availableParallelism } from 'node:os';
import { TaskExitCode } from '../common/exit-codes';
import { runTask, type TaskContext } from '../common/src';
import { runBatch, type OcrResult } from './batch';
import { engineInfo, type EngineInfo } from './engine-info';
import { OcrInputError } from './errors';
import { resolveModel } from './models';
import { OcrPool } from './ocr-pool';
import { Profile } from './profile';
import { compileInput } from './settings';

export interface OcrTaskOptions {
  /** Milliseconds from the process's start until the task's code ran (node, modules, the batch input). */
  processStartMs?: number;
}

export async function ocrTask(raw: unknown, ctx: TaskContext, options: OcrTaskOptions = {}): Promise<OcrResult> {
  const { items, settings } = compileInput(raw);
  const model = resolveModel(settings.model, settings.langs, ctx.env);
  const workers = workerCount(ctx.env['FANOUT_OCR_WORKERS']);
  const profile = new Profile();
  profile.add('processStart', options.processStartMs ?? 0);
  // Started by the first document that will need OCR — an image, as soon as its type is known and before it is
  // decoded, or a PDF page without a usable text layer — so model loading overlaps that page's decoding and
  // preprocessing, and a batch of born-digital PDFs never pays for workers.
  let pool: Promise<OcrPool> | undefined;
  const ocr = (): Promise<OcrPool> => {
    if (pool === undefined) {
      const started = performance.now();
      pool = OcrPool.create(model, workers).then((p) => {
        profile.add('workerStart', performance.now() - started);
        return p;
      });
    }
    return pool;
  };
  let engine: EngineInfo | undefined;
  ctx.log.info('ocr batch', { documents: items.length, model: settings.model, langs: settings.langs, workers });
  try {
    return await runBatch(items, {
      s3: ctx.s3.client,
      settings,
      workers,
      signal: ctx.signal,
      profile,
      ocr,
      engine: () => (engine ??= engineInfo(model)),
      onDocument: (item, outcome, detail) =>
        ctx.log.info(`document ${outcome}`, { bucket: item.Bucket, key: item.Key, ...detail }),
    });
  } finally {
    if (pool) await (await pool).close();
  }
}

function workerCount(text: string | undefined): number {
  const n = Number(text);
  return Number.isInteger(n) && n > 0 ? Math.min(n, 64) : availableParallelism();
}

async function main(): Promise<number> {
  let result: OcrResult | undefined;
  let badInput = false;
  const code = await runTask<unknown, OcrResult>(async (raw, ctx) => {
    try {
      result = await ocrTask(raw, ctx, { processStartMs: performance.now() });
      return result;
    } catch (error) {
      badInput = error instanceof OcrInputError;
      throw error;
    }
  });
  if (result) process.stdout.write(`${JSON.stringify(result)}\n`);
  if (code === 0 && result !== undefined && result.failed.length > 0) return TaskExitCode.ItemsFailed;
  if (code === 1 && badInput) return TaskExitCode.BadInput;
  return code;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    },
  );
}
