// bench/ocr: pages/s and CER of the OCR task end to end (S3 → task process → outputs), against native tesseract on
// the same pages 2 processes wide when it is installed; text-layer vs OCR speed on a born-digital PDF; the cost of
// 1,000 and 3.5 million pages on Fargate Spot from the measured pages/s per vCPU. Prints a table and one JSON line.
//
//   node bench/ocr/run.mjs [--images DIR --truth DIR] [--models fast,best] [--workers 2] [--ablation]
//
// Needs `npm run build` (tasks/dist and dist). Every page image in --images needs --truth/<stem>.txt.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir, availableParallelism } from 'node:os';
import { basename, extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, runTask, startS3 } from './harness.mjs';

const require = createRequire(import.meta.url);
const { cer } = require(join(ROOT, 'tasks/dist/ocr/testdata/cer.js'));
const { generate } = require(join(ROOT, 'tasks/dist/ocr/testdata/generate.js'));
const { PDFDocument, StandardFonts } = require('pdf-lib');
const { corpusWords, wrapWords } = require(join(ROOT, 'tasks/dist/ocr/testdata/corpus.js'));

// Fargate prices (with their date and source) and the task size the cost assumes: one shared copy, also used by
// the bulk-ocr workflow's summary (fanout ocr fills its placeholders from it).
const PRICE = JSON.parse(readFileSync(join(ROOT, 'workflows', 'fargate-price.json'), 'utf8'));
const FARGATE_SPOT = { ...PRICE.spot, date: PRICE.date, source: PRICE.source };
const TASK = PRICE.ocrTask;
const MILLIONS = 3_500_000;

const { values: args } = parseArgs({
  options: {
    images: { type: 'string' },
    truth: { type: 'string' },
    models: { type: 'string', default: 'fast,best' },
    workers: { type: 'string', default: String(Math.min(2, availableParallelism())) },
    ablation: { type: 'boolean', default: false },
  },
});
const workers = Number(args.workers);
const models = args.models.split(',').filter(Boolean);

// 1. The pages: a folder of page images with truth, or the generated set.
const dir = mkdtempSync(join(tmpdir(), 'fanout-ocr-bench-set-'));
let pages; // [{ file, path, truth: string[] }]
if (args.images) {
  if (!args.truth) throw new Error('--images needs --truth DIR with <stem>.txt per image');
  pages = readdirSync(args.images)
    .filter((f) => /\.(png|jpe?g|tiff?|webp)$/i.test(f))
    .sort()
    .map((file) => ({
      file,
      path: join(args.images, file),
      truth: [readFileSync(join(args.truth, `${basename(file, extname(file))}.txt`), 'utf8')],
    }));
} else {
  const names = ['letter.png', 'invoice.jpg', 'memo.webp', 'report.tiff', 'lowres.png', 'receipt.png', 'degraded.png'];
  if (args.ablation) names.push('letter-600dpi.png');
  const manifest = await generate(dir, names);
  pages = manifest.map((d) => ({ file: d.file, path: join(dir, d.file), truth: d.pages }));
}
const pageCount = pages.reduce((n, p) => n + p.truth.length, 0);

const s3 = await startS3();
await s3.bucket('docs');
await s3.bucket('out');
const items = [];
for (const p of pages) items.push({ Bucket: 'docs', Key: p.file, ETag: await s3.upload('docs', p.file, p.path) });

async function ours(label, batch) {
  const prefix = `run-${label}`;
  const run = await runTask(
    { Items: items, BatchInput: { outputBucket: 'out', outputPrefix: prefix, ...batch } },
    s3.env,
    {
      FANOUT_OCR_WORKERS: String(workers),
    },
  );
  if (run.code !== 0)
    throw new Error(`${label}: exit ${run.code}\n${run.stderr.slice(-2000)}\n${run.stdout.slice(-2000)}`);
  const cers = [];
  for (const p of pages) {
    const record = JSON.parse(await s3.text('out', `${prefix}/${p.file}.json`));
    record.pages.forEach((page, i) => cers.push(cer(page.text, p.truth[i] ?? '')));
  }
  return {
    label,
    pages: pageCount,
    seconds: run.seconds,
    pagesPerSecond: pageCount / run.seconds,
    cer: mean(cers),
    cers,
  };
}

function tesseractNative() {
  try {
    execFileSync('tesseract', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Native tesseract (Debian's, tessdata_fast), one process per page, `workers` at a time, one thread each. */
async function native() {
  const started = process.hrtime.bigint();
  const outputs = new Map();
  let next = 0;
  const lane = async () => {
    while (next < pages.length) {
      const p = pages[next++];
      const text = await new Promise((resolve, reject) =>
        execFile(
          'tesseract',
          [p.path, 'stdout', '--psm', '3', '-l', 'eng'],
          { env: { ...process.env, OMP_THREAD_LIMIT: '1' }, maxBuffer: 64 << 20 },
          (e, out) => (e ? reject(e) : resolve(out)),
        ),
      );
      outputs.set(p.file, text);
    }
  };
  await Promise.all(Array.from({ length: workers }, lane));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cers = [];
  for (const p of pages) {
    const split = outputs.get(p.file).split('\f');
    p.truth.forEach((truth, i) => cers.push(cer(split[i] ?? '', truth)));
  }
  return {
    label: 'native tesseract (fast)',
    pages: pageCount,
    seconds,
    pagesPerSecond: pageCount / seconds,
    cer: mean(cers),
    cers,
  };
}

/** A born-digital PDF read through its text layer, then the same pages OCR'd (useTextLayer: false). */
async function bornDigital(pagesInPdf = 6) {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.TimesRoman);
  const truth = [];
  for (let p = 0; p < pagesInPdf; p++) {
    const lines = wrapWords(corpusWords(50 * p, 300), 80).slice(0, 20);
    const page = pdf.addPage([595, 842]);
    lines.forEach((line, i) => page.drawText(line, { x: 60, y: 780 - i * 16, size: 10.5, font }));
    truth.push(lines.join('\n'));
  }
  const { writeFileSync } = await import('node:fs');
  const path = join(dir, 'born-digital-bench.pdf');
  writeFileSync(path, await pdf.save());
  const etag = await s3.upload('docs', 'born-digital-bench.pdf', path);
  const item = [{ Bucket: 'docs', Key: 'born-digital-bench.pdf', ETag: etag }];
  const measure = async (useTextLayer) => {
    const prefix = `bd-${useTextLayer}`;
    // The in-process time (result.seconds) is what scales; process start and worker start are paid once per task.
    const run = await runTask(
      { Items: item, BatchInput: { outputBucket: 'out', outputPrefix: prefix, useTextLayer, model: models[0] } },
      s3.env,
      { FANOUT_OCR_WORKERS: String(workers) },
    );
    const record = JSON.parse(await s3.text('out', `${prefix}/born-digital-bench.pdf.json`));
    const cers = record.pages.map((p, i) => cer(p.text, truth[i]));
    return { pagesPerSecond: pagesInPdf / run.result.seconds, cer: mean(cers), method: record.pages[0].method };
  };
  const text = await measure(true);
  const ocr = await measure(false);
  return { pages: pagesInPdf, textLayer: text, ocr, ratio: text.pagesPerSecond / ocr.pagesPerSecond };
}

function cost(pagesPerSecond) {
  const perHour = TASK.vcpu * FARGATE_SPOT.vcpuHour + TASK.gb * FARGATE_SPOT.gbHour;
  const perPage = perHour / (pagesPerSecond * 3600);
  return { per1000: perPage * 1000, forMillions: perPage * MILLIONS };
}

const mean = (xs) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
const pct = (x) => `${(100 * x).toFixed(2)}%`;

const rows = [];
for (const model of models) rows.push({ ...(await ours(`ours ${model}`, { model })), model });
const nativeRow = tesseractNative() ? await native() : undefined;
if (nativeRow) rows.push(nativeRow);
const ablation = [];
if (args.ablation) {
  const steps = [
    ['upscale off', { upscale: false }],
    ['downscale off', { downscale: false }],
    ['normalise on', { normalise: true }],
    ['threshold on', { threshold: true }],
    ['EXIF orientation off', { autoOrient: false }],
  ];
  for (const [label, preprocess] of steps) ablation.push(await ours(label, { model: models[0], preprocess }));
}
const born = await bornDigital();
await s3.close();

console.log(`\nOCR on ${pageCount} pages (${pages.length} files), ${workers} workers, ${availableParallelism()} CPUs`);
console.log('| run | pages/s | pages/s per vCPU | mean CER | vs native |');
console.log('|---|---:|---:|---:|---:|');
for (const r of rows)
  console.log(
    `| ${r.label} | ${r.pagesPerSecond.toFixed(2)} | ${(r.pagesPerSecond / workers).toFixed(2)} | ${pct(r.cer)} | ${nativeRow ? `${(r.pagesPerSecond / nativeRow.pagesPerSecond).toFixed(2)}×` : '-'} |`,
  );
if (ablation.length > 0) {
  console.log(
    `\nPreprocessing (model ${models[0]}), CER per page: ${pages.flatMap((p) => p.truth.map((_, i) => `${p.file}${p.truth.length > 1 ? `#${i + 1}` : ''}`)).join(', ')}`,
  );
  for (const r of [rows[0], ...ablation])
    console.log(
      `| ${r.label === rows[0].label ? 'defaults' : r.label} | ${pct(r.cer)} | ${r.cers.map(pct).join(' ')} | ${r.pagesPerSecond.toFixed(2)} p/s |`,
    );
}
console.log(
  `\nBorn-digital PDF, ${born.pages} pages: text layer ${born.textLayer.pagesPerSecond.toFixed(1)} pages/s (CER ${pct(born.textLayer.cer)}) vs OCR ${born.ocr.pagesPerSecond.toFixed(2)} pages/s (CER ${pct(born.ocr.cer)}): ${born.ratio.toFixed(0)}×`,
);
const costs = rows
  .filter((r) => r.model)
  .map((r) => ({ label: r.label, ...cost(r.pagesPerSecond * (TASK.vcpu / workers)) }));
console.log(
  `\nCost on Fargate Spot (${TASK.vcpu} vCPU + ${TASK.gb} GB task; $${FARGATE_SPOT.vcpuHour}/vCPU-h, $${FARGATE_SPOT.gbHour}/GB-h, ${FARGATE_SPOT.date}):`,
);
for (const c of costs)
  console.log(
    `| ${c.label} | $${c.per1000.toFixed(4)} per 1,000 pages | $${c.forMillions.toFixed(0)} for 3.5 M pages |`,
  );
console.log(
  JSON.stringify({
    bench: 'ocr',
    pages: pageCount,
    workers,
    runs: rows.map(({ cers: _, ...r }) => r),
    ablation: ablation.map(({ cers, ...r }) => ({ ...r, cers })),
    bornDigital: born,
    cost: { price: FARGATE_SPOT, task: TASK, runs: costs },
  }),
);
