// bench/ocr: `fanout ocr` end to end (upload → inventory → bulk-ocr workflow → task processes → outputs written)
// against native tesseract (Debian's, same model family, one process per core, OMP_THREAD_LIMIT=1) on the same pages,
// measured side by side in one run and repeated, on two page sets: the generated pages (known text) and the real
// scans of ../shared/ocr-real (FANOUT_SHARED=/path/to/shared, else ../shared beside the checkout). Prints pages/s,
// the ratio to native (each run against the native runs just before and after it), CER and order-free word error
// per page kind next to native's, where a page's time goes (the run's profile) beside the engine alone, the text
// layer of a born-digital PDF against OCR, and the cost per million pages on Fargate Spot. Ends with one JSON line.
//
//   node bench/ocr/run.mjs [--sets real,generated] [--models fast,best] [--repeat 3] [--no-engine] [--ablation]
//
// Needs `npm run build`. The shared pages are read where they are, never copied into the project.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT, runTask, startS3 } from './harness.mjs';

const require = createRequire(import.meta.url);
const { scorePage, totalScore } = require(join(ROOT, 'tasks/dist/ocr/testdata/score.js'));
const { generate } = require(join(ROOT, 'tasks/dist/ocr/testdata/generate.js'));
const { runNativeTesseract } = require(join(ROOT, 'dist/cli/commands/ocr/native.js'));
const { engineAlone } = await import('./engine.mjs');
const { PDFDocument, StandardFonts } = require('pdf-lib');
const { corpusWords, wrapWords } = require(join(ROOT, 'tasks/dist/ocr/testdata/corpus.js'));

// Fargate prices with their date and source, and the task size the cost assumes: the one shared copy.
const PRICE = JSON.parse(readFileSync(join(ROOT, 'workflows', 'fargate-price.json'), 'utf8'));
const TASK = PRICE.ocrTask;
const MILLION = 1_000_000;

const { values: args } = parseArgs({
  options: {
    sets: { type: 'string', default: 'real,generated' },
    models: { type: 'string', default: 'fast,best' },
    repeat: { type: 'string', default: '3' },
    'no-engine': { type: 'boolean', default: false },
    ablation: { type: 'boolean', default: false },
  },
});
const models = args.models.split(',').filter(Boolean);
const repeat = Math.max(1, Number(args.repeat));
const cores = availableParallelism();
const work = mkdtempSync(join(tmpdir(), 'fanout-ocr-bench-'));

// ---- page sets: a folder of documents, a truth folder (<stem>.txt), and each document's page kind ----
function realSet() {
  const shared = process.env.FANOUT_SHARED ?? join(ROOT, '..', 'shared');
  const dir = join(shared, 'ocr-real');
  if (!existsSync(join(dir, 'img')))
    throw new Error(`no real scans at ${dir}: set FANOUT_SHARED to the shared folder (it holds ocr-real/)`);
  const kindOf = (f) => (f.startsWith('sroie') ? 'receipt' : f.startsWith('phototest') ? 'photo' : 'business');
  const files = readdirSync(join(dir, 'img')).sort();
  return {
    name: 'real',
    docs: join(dir, 'img'),
    truth: join(dir, 'gt'),
    kinds: new Map(files.map((f) => [f, kindOf(f)])),
  };
}

async function generatedSet() {
  const docs = join(work, 'generated', 'docs');
  const truth = join(work, 'generated', 'truth');
  mkdirSync(truth, { recursive: true });
  const names = ['letter.png', 'invoice.jpg', 'memo.webp', 'report.tiff', 'lowres.png', 'receipt.png', 'degraded.png'];
  const manifest = await generate(docs, names);
  rmSync(join(docs, 'manifest.json'), { force: true });
  for (const d of manifest)
    writeFileSync(join(truth, `${basename(d.file, extname(d.file))}.txt`), d.pages.join('\n\f'));
  return { name: 'generated', docs, truth, kinds: new Map(manifest.map((d) => [d.file, 'generated'])) };
}

// ---- one `fanout ocr` run, end to end, as a user runs it ----
function fanoutOcr(set, model, round) {
  const out = join(work, `out-${set.name}-${model}-${round}`);
  const dataDir = join(work, `data-${set.name}-${model}-${round}`);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    execFile(
      process.execPath,
      [
        join(ROOT, 'bin', 'fanout.js'),
        'ocr',
        set.docs,
        '--out',
        out,
        '--model',
        model,
        '--data-dir',
        dataDir,
        '--json',
      ],
      { cwd: ROOT, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const seconds = (performance.now() - started) / 1000;
        if (error)
          return reject(new Error(`fanout ocr (${set.name}, ${model}): ${error.message}\n${stderr.slice(-2000)}`));
        const summary = JSON.parse(stdout);
        const texts = new Map(
          [...set.kinds.keys()].map((f) => [
            f,
            existsSync(join(out, `${f}.txt`)) ? readFileSync(join(out, `${f}.txt`), 'utf8') : '',
          ]),
        );
        rmSync(dataDir, { recursive: true, force: true });
        resolve({ pages: summary.pages, seconds, pagesPerSecond: summary.pages / seconds, summary, texts });
      },
    );
  });
}

async function native(set, model) {
  const files = [...set.kinds.keys()].map((id) => ({ id, path: join(set.docs, id) }));
  const run = await runNativeTesseract(files, { model, lang: 'eng', processes: cores });
  return {
    pages: run.pages,
    seconds: run.seconds,
    pagesPerSecond: run.pagesPerSecond,
    texts: run.texts,
    version: run.version,
  };
}

/** CER and order-free word error per page kind (and over all pages), by the real-scan rule. */
function accuracy(set, texts) {
  const byKind = new Map();
  for (const [file, kind] of set.kinds) {
    const truth = readFileSync(join(set.truth, `${basename(file, extname(file))}.txt`), 'utf8');
    const score = scorePage(texts.get(file) ?? '', truth);
    for (const k of [kind, 'all']) byKind.set(k, [...(byKind.get(k) ?? []), score]);
  }
  return Object.fromEntries([...byKind].map(([k, scores]) => [k, totalScore(scores)]));
}

// ---- the runs: native, then each model, then native again; each ratio against the natives around it ----
const sets = [];
for (const name of args.sets.split(',').filter(Boolean)) sets.push(name === 'real' ? realSet() : await generatedSet());
const results = [];
for (const set of sets) {
  for (const model of models) {
    const rounds = [];
    let before = await native(set, model);
    for (let round = 0; round < repeat; round++) {
      const ours = await fanoutOcr(set, model, round);
      // The engine alone once per set and model (round 1), between the same two native runs as that round.
      const engine =
        args['no-engine'] || round > 0 ? undefined : await engineAlone(set.docs, [...set.kinds.keys()], model, cores);
      const after = await native(set, model);
      const nativePps = (before.pagesPerSecond + after.pagesPerSecond) / 2;
      rounds.push({
        ours: { pages: ours.pages, seconds: ours.seconds, pagesPerSecond: ours.pagesPerSecond },
        native: { pagesPerSecond: nativePps, before: before.pagesPerSecond, after: after.pagesPerSecond },
        ratio: ours.pagesPerSecond / nativePps,
        ...(engine
          ? {
              engine: {
                pagesPerSecond: engine.pagesPerSecond,
                ratio: engine.pagesPerSecond / nativePps,
                phases: engine.phases,
              },
            }
          : {}),
        profile: ours.summary.client.profile,
        accuracy: { ours: accuracy(set, ours.texts), native: accuracy(set, after.texts) },
      });
      process.stderr.write(
        `${set.name} ${model} round ${round + 1}: fanout ocr ${ours.pagesPerSecond.toFixed(2)} pages/s, native ${nativePps.toFixed(2)}: ${(ours.pagesPerSecond / nativePps).toFixed(2)}×` +
          (engine ? `; engine alone ${(engine.pagesPerSecond / nativePps).toFixed(2)}×` : '') +
          '\n',
      );
      before = after;
    }
    results.push({ set: set.name, model, nativeVersion: before.version, rounds });
  }
}

// ---- preprocessing ablation on the first set, through the task program (S3 → task → outputs) ----
const ablation = args.ablation ? await ablate(sets[0], models[0]) : [];
async function ablate(set, model) {
  const s3 = await startS3();
  await s3.bucket('docs');
  await s3.bucket('out');
  const items = [];
  for (const file of set.kinds.keys())
    items.push({ Bucket: 'docs', Key: file, ETag: await s3.upload('docs', file, join(set.docs, file)) });
  const variants = [
    ['defaults', {}],
    ['upscale on', { upscale: true }],
    ['downscale off', { downscale: false }],
    ['normalise on', { normalise: true }],
    ['threshold on', { threshold: true }],
  ];
  const rows = [];
  for (const [label, preprocess] of variants) {
    const prefix = `ablation-${rows.length}`;
    const run = await runTask(
      { Items: items, BatchInput: { outputBucket: 'out', outputPrefix: prefix, model, preprocess } },
      s3.env,
      {
        FANOUT_OCR_WORKERS: String(cores),
      },
    );
    if (run.code !== 0) throw new Error(`${label}: exit ${run.code}\n${run.stderr.slice(-2000)}`);
    const texts = new Map();
    for (const file of set.kinds.keys())
      texts.set(
        file,
        JSON.parse(await s3.text('out', `${prefix}/${file}.json`))
          .pages.map((p) => p.text)
          .join('\n'),
      );
    rows.push({ label, pagesPerSecond: run.result.pages / run.seconds, accuracy: accuracy(set, texts) });
  }
  await s3.close();
  return rows;
}

// ---- a born-digital PDF: text layer against OCR of the same pages (the task program's own seconds) ----
const born = await bornDigital();
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
  const path = join(work, 'born-digital-bench.pdf');
  writeFileSync(path, await pdf.save());
  const s3 = await startS3();
  await s3.bucket('docs');
  await s3.bucket('out');
  const item = [
    { Bucket: 'docs', Key: 'born-digital-bench.pdf', ETag: await s3.upload('docs', 'born-digital-bench.pdf', path) },
  ];
  const measure = async (useTextLayer) => {
    const prefix = `bd-${useTextLayer}`;
    const run = await runTask(
      { Items: item, BatchInput: { outputBucket: 'out', outputPrefix: prefix, useTextLayer, model: models[0] } },
      s3.env,
      {
        FANOUT_OCR_WORKERS: String(cores),
      },
    );
    const record = JSON.parse(await s3.text('out', `${prefix}/born-digital-bench.pdf.json`));
    const score = totalScore(record.pages.map((p, i) => scorePage(p.text, truth[i])));
    // The in-process seconds scale with pages; process and worker start are paid once per task.
    return { pagesPerSecond: pagesInPdf / run.result.seconds, cer: score.cer, method: record.pages[0].method };
  };
  const text = await measure(true);
  const ocr = await measure(false);
  await s3.close();
  return { pages: pagesInPdf, textLayer: text, ocr, ratio: text.pagesPerSecond / ocr.pagesPerSecond };
}
rmSync(work, { recursive: true, force: true });

// ---- report ----
const pct = (x) => `${(100 * x).toFixed(1)}%`;
const spread = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const half = Math.floor(sorted.length / 2);
  // An even count takes the mean of the two middle rounds, so two rounds never report the better one.
  const median = sorted.length % 2 === 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
  return { median, min: sorted[0], max: sorted.at(-1) };
};
const fmtSpread = (s, digits = 2, unit = '') =>
  `${s.median.toFixed(digits)}${unit} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
const perMillion = (pagesPerSecond) => {
  // The task's vCPUs run as many workers: a 2-vCPU task does this machine's 2-core pages/s, scaled to its size.
  const taskPagesPerSecond = (pagesPerSecond * TASK.vcpu) / cores;
  const taskHour = TASK.vcpu * PRICE.spot.vcpuHour + TASK.gb * PRICE.spot.gbHour;
  return (taskHour / (taskPagesPerSecond * 3600)) * MILLION;
};

console.log(
  `\nOCR end to end (fanout ocr) vs native tesseract, ${cores} cores, ${repeat} rounds (median (min–max)); the machine was shared`,
);
console.log(
  '| set | model | fanout ocr pages/s | native pages/s | ratio | engine alone ratio | cost per 1 M pages (Spot) |',
);
console.log('|---|---|---:|---:|---:|---:|---:|');
const costs = [];
for (const r of results) {
  const ours = spread(r.rounds.map((x) => x.ours.pagesPerSecond));
  const nat = spread(r.rounds.map((x) => x.native.pagesPerSecond));
  const ratio = spread(r.rounds.map((x) => x.ratio));
  const engine = r.rounds[0].engine ? `${r.rounds[0].engine.ratio.toFixed(2)}×` : '-';
  const cost = perMillion(ours.median);
  costs.push({ set: r.set, model: r.model, perMillionPages: cost });
  console.log(
    `| ${r.set} | ${r.model} | ${fmtSpread(ours)} | ${fmtSpread(nat)} | ${fmtSpread(ratio, 2, '×')} | ${engine} | $${cost.toFixed(2)} |`,
  );
}

console.log(
  '\nAccuracy (last round; the real-scan rule: whitespace folded, no case folding): CER / order-free word error',
);
console.log('| set | model | kind | pages | fanout ocr CER | native CER | fanout ocr words | native words |');
console.log('|---|---|---|---:|---:|---:|---:|---:|');
for (const r of results) {
  const last = r.rounds.at(-1).accuracy;
  for (const [kind, a] of Object.entries(last.ours))
    console.log(
      `| ${r.set} | ${r.model} | ${kind} | ${a.pages} | ${pct(a.cer)} | ${pct(last.native[kind].cer)} | ${pct(a.bow)} | ${pct(last.native[kind].bow)} |`,
    );
}

const LABELS = [
  ['upload', 'upload (client)'],
  ['inventory', 'S3 Inventory (client)'],
  ['workflowStart', 'deploy + StartExecution (client)'],
  ['processStart', 'task process start'],
  ['workerStart', 'worker creation + model load'],
  ['download', 'download (S3 Head + Get)'],
  ['decode', 'decode (header)'],
  ['preprocess', 'decode pixels + preprocess (libvips)'],
  ['rasterise', 'rasterise (PDF)'],
  ['wait', 'page waits for a worker'],
  ['recognition', 'recognition'],
  ['outputWrite', 'output writes'],
];
console.log('\nWhere the time goes (first set and model, round 1): seconds summed over the pages');
const first = results[0];
const mid = first.rounds[0];
const p = mid.profile;
console.log(`| phase | fanout ocr | engine alone |`);
console.log('|---|---:|---:|');
for (const [key, label] of LABELS) {
  const ms = key in p.task ? p.task[key] : p[key];
  const engineMs = mid.engine?.phases[key];
  console.log(
    `| ${label} | ${(ms / 1000).toFixed(1)} | ${engineMs === undefined ? '' : (engineMs / 1000).toFixed(1)} |`,
  );
}
const taskSum = Object.values(p.task).reduce((a, b) => a + b, 0);
console.log(
  `| workflow (StartExecution → end, ${p.tasks} tasks), wall | ${(p.workflow / 1000).toFixed(1)} | |\n| end to end, wall | ${mid.ours.seconds.toFixed(1)} | ${mid.engine ? (mid.ours.pages / mid.engine.pagesPerSecond).toFixed(1) : ''} |`,
);
console.log(
  `(task phases overlap: their sum, ${(taskSum / 1000).toFixed(1)} s, is CPU-ish time over ${mid.ours.pages} pages)`,
);

if (ablation.length > 0) {
  console.log(
    `\nPreprocessing on the ${sets[0].name} set (model ${models[0]}, task program): CER / word error per kind, pages/s`,
  );
  for (const row of ablation)
    console.log(
      `| ${row.label} | ${Object.entries(row.accuracy)
        .map(([k, a]) => `${k} ${pct(a.cer)} / ${pct(a.bow)}`)
        .join(' · ')} | ${row.pagesPerSecond.toFixed(2)} |`,
    );
}
console.log(
  `\nBorn-digital PDF, ${born.pages} pages: text layer ${born.textLayer.pagesPerSecond.toFixed(1)} pages/s (CER ${pct(born.textLayer.cer)}) vs OCR ${born.ocr.pagesPerSecond.toFixed(2)} pages/s (CER ${pct(born.ocr.cer)}): ${born.ratio.toFixed(0)}×`,
);
console.log(
  `Cost: a ${TASK.vcpu} vCPU + ${TASK.gb} GB task on Fargate Spot at $${PRICE.spot.vcpuHour}/vCPU-h + $${PRICE.spot.gbHour}/GB-h (${PRICE.region}, ${PRICE.date}; ${PRICE.source}), at the measured end-to-end pages/s per vCPU`,
);
console.log(
  JSON.stringify({
    bench: 'ocr',
    cores,
    repeat,
    results,
    ablation,
    bornDigital: born,
    cost: { price: PRICE, runs: costs },
  }),
);
