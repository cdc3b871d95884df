/** The summary `fanout ocr` prints on stdout after a run: counts, speed, estimated cost, and each failure. */
import type { BulkOcrRun } from './bulk-ocr';

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

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
