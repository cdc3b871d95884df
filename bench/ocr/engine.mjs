// The engine alone, on the same pages as a bench run: the task's own decoding and preprocessing (image-document.ts),
// then the task's worker pool (ocr-pool.ts: tesseract.js, same settings) recognising the prepared pages — no S3, no
// workflow, no task process. Its pages/s counts worker creation and recognition; preparing is timed apart.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './harness.mjs';

const require = createRequire(import.meta.url);
const { openImageDocument } = require(join(ROOT, 'tasks/dist/ocr/image-document.js'));
const { detectType } = require(join(ROOT, 'tasks/dist/ocr/detect.js'));
const { resolveModel } = require(join(ROOT, 'tasks/dist/ocr/models.js'));
const { OcrPool } = require(join(ROOT, 'tasks/dist/ocr/ocr-pool.js'));
const { compileInput } = require(join(ROOT, 'tasks/dist/ocr/settings.js'));

export async function engineAlone(dir, files, model, workers) {
  const { settings } = compileInput({ Items: [], BatchInput: { outputBucket: 'x', model } });
  const pages = [];
  let preprocess = 0;
  for (const file of files) {
    const bytes = readFileSync(join(dir, file));
    const type = detectType(bytes);
    if (type === undefined || type === 'pdf') continue;
    const doc = await openImageDocument(bytes, type, settings);
    for (let i = 0; i < doc.pageCount; i++) {
      const page = await doc.page(i);
      preprocess += page.prepareMs;
      pages.push(page.image);
    }
  }
  const started = performance.now();
  const pool = await OcrPool.create(resolveModel(model, ['eng']), workers);
  const workerStart = performance.now() - started;
  let recognition = 0;
  let next = 0;
  const lane = async () => {
    while (next < pages.length) {
      const result = await pool.recognize(pages[next++], 600_000);
      recognition += result.ms;
    }
  };
  await Promise.all(Array.from({ length: workers }, lane));
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  return {
    pages: pages.length,
    seconds,
    pagesPerSecond: pages.length / seconds,
    phases: { workerStart, preprocess, recognition },
  };
}
