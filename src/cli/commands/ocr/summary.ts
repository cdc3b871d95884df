/** The summary `fanout ocr` prints on stdout after a run: counts, speed, estimated cost, and each failure. */
import type { BulkOcrRun, RunProfile } from './bulk-ocr';
import type { NativeRun } from './native';

export function formatSummary(run: BulkOcrRun): string {
  const lines: string[] = [];
  const s = run.summary;
  const failed = run.documents.filter((d) => d.status === 'failed');
  const missing = run.documents.filter((d) => d.status === 'missing');
  lines.push(`bulk-ocr ${run.execution.status} · ${run.executionArn}`);
  if (s !== undefined) {
    lines.push(
      `documents ${s.documents}: ${s.succeeded} succeeded (${s.skipped} already done), ${s.failed} failed` +
        (s.failedBatches > 0 ? ` (${s.failedInFailedBatches} in ${s.failedBatches} failed batches)` : ''),
      `pages ${s.pages}: ${s.ocrPages} OCR, ${s.textLayerPages} from text layers · ${s.seconds.toFixed(1)} s · ` +
        `${s.pagesPerSecond.toFixed(2)} pages/s · ${s.pagesPerSecondPerVcpu.toFixed(2)} pages/s per vCPU`,
      `estimated cost on ${s.estimatedCost.capacity} (${s.estimatedCost.taskVcpu} vCPU + ${s.estimatedCost.taskMemoryGb} GB, ` +
        `prices of ${s.estimatedCost.priceDate}): $${s.estimatedCost.usd.toFixed(6)} for this run, ` +
        `$${s.estimatedCost.per1000Pages.toFixed(4)} per 1,000 pages, $${s.estimatedCost.for3500000Pages.toFixed(0)} for 3.5 M pages`,
    );
    lines.push(...formatProfile(run.profile, s.pages, run.seconds));
  } else if (run.execution.error !== undefined) {
    lines.push(`error ${run.execution.error}: ${run.execution.cause ?? ''}`);
  }
  if (failed.length > 0) {
    lines.push(`failed documents (also in the DLQ: fanout dlq list):`);
    for (const d of failed) lines.push(`  ${d.relative}  ${d.error ?? ''}: ${firstLine(d.reason ?? '')}`);
  }
  if (missing.length > 0) {
    lines.push(`not processed (the run stopped before their batch):`);
    for (const d of missing) lines.push(`  ${d.relative}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The task phases, in the order a page meets them (tasks/ocr/profile.ts). */
const TASK_PHASES: [string, string][] = [
  ['processStart', 'process start'],
  ['workerStart', 'workers + model'],
  ['download', 'download'],
  ['decode', 'decode'],
  ['preprocess', 'preprocess'],
  ['rasterise', 'rasterise'],
  ['wait', 'wait for a worker'],
  ['recognition', 'recognition'],
  ['outputWrite', 'output writes'],
];

export function formatProfile(profile: RunProfile, pages: number, seconds: number): string[] {
  const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
  const perPage = pages > 0 ? ` (${(seconds / pages).toFixed(2)} s of wall per page)` : '';
  return [
    `time: ${seconds.toFixed(1)} s end to end${perPage} · upload ${s(profile.upload)} · inventory ${s(profile.inventory)} · ` +
      `workflow start ${s(profile.workflowStart)} · workflow ${s(profile.workflow)} in ${profile.tasks} tasks`,
    `  task phases summed over the pages (they overlap): ` +
      TASK_PHASES.map(([key, label]) => `${label} ${s(profile.task[key] ?? 0)}`).join(' · '),
  ];
}

/** Native tesseract's pages/s on the same files, beside this run's end-to-end pages/s. */
export function formatNative(run: BulkOcrRun, native: NativeRun): string {
  const pages = run.summary?.pages ?? 0;
  const ours = run.seconds > 0 ? pages / run.seconds : 0;
  const ratio = native.pagesPerSecond > 0 ? ours / native.pagesPerSecond : 0;
  const skipped =
    native.skipped.length > 0 ? ` (${native.skipped.length} PDFs left out: native reads images only)` : '';
  return (
    `native ${native.version} (${native.model}, ${native.processes} processes, OMP_THREAD_LIMIT=1): ${native.pages} pages ` +
    `in ${native.seconds.toFixed(1)} s, ${native.pagesPerSecond.toFixed(2)} pages/s${skipped}; ` +
    `fanout ocr end to end ${ours.toFixed(2)} pages/s = ${ratio.toFixed(2)}× native\n`
  );
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
