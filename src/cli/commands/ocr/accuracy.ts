/**
 * `fanout ocr --truth DIR`: each succeeded document's text against `DIR/<relative path without extension>.txt`,
 * scored by the real-scan rule (CER and order-free word error, tasks/ocr/testdata/score.ts), per page kind — the
 * detected source type (jpeg, tiff, png, webp, pdf) — and, with `--native`, native tesseract's on the same pages.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocumentOutcome } from './results';
import { loadTestdata, type PageScore } from './demo';

export interface KindAccuracy {
  kind: string;
  pages: number;
  cer: number;
  bow: number;
  /** Native tesseract on the same pages, when it was run. */
  native?: { cer: number; bow: number };
}

export interface AccuracyReport {
  kinds: KindAccuracy[];
  /** Documents with no truth file. */
  withoutTruth: string[];
}

export function measureAccuracy(options: {
  root: string;
  out: string;
  truthDir: string;
  documents: readonly DocumentOutcome[];
  native?: ReadonlyMap<string, string>;
}): AccuracyReport {
  const { scorePage, totalScore } = loadTestdata(options.root);
  const ours = new Map<string, PageScore[]>();
  const native = new Map<string, PageScore[]>();
  const withoutTruth: string[] = [];
  for (const doc of options.documents) {
    if (doc.status !== 'succeeded') continue;
    const truthFile = join(options.truthDir, `${doc.relative.replace(/\.[^./]*$/, '')}.txt`);
    if (!existsSync(truthFile)) {
      withoutTruth.push(doc.relative);
      continue;
    }
    const truth = readFileSync(truthFile, 'utf8');
    const text = readFileSync(join(options.out, `${doc.relative}.txt`), 'utf8');
    const record = JSON.parse(readFileSync(join(options.out, `${doc.relative}.json`), 'utf8')) as {
      source?: { type?: string };
    };
    const kind = record.source?.type ?? 'unknown';
    for (const k of [kind, 'all']) push(ours, k, scorePage(text, truth));
    const nativeText = options.native?.get(doc.relative);
    if (nativeText !== undefined) for (const k of [kind, 'all']) push(native, k, scorePage(nativeText, truth));
  }
  const kinds = [...ours.keys()].sort((a, b) => (a === 'all' ? 1 : b === 'all' ? -1 : a.localeCompare(b)));
  return {
    kinds: kinds.map((kind) => {
      const total = totalScore(ours.get(kind)!);
      const nativePages = native.get(kind);
      const nativeTotal = nativePages === undefined ? undefined : totalScore(nativePages);
      return {
        kind,
        pages: total.pages,
        cer: total.cer,
        bow: total.bow,
        ...(nativeTotal === undefined ? {} : { native: { cer: nativeTotal.cer, bow: nativeTotal.bow } }),
      };
    }),
    withoutTruth,
  };
}

export function formatAccuracy(report: AccuracyReport): string {
  const pct = (x: number): string => `${(100 * x).toFixed(1)} %`;
  const lines = ['accuracy against the truth (CER / order-free word error; native tesseract on the same pages):'];
  for (const k of report.kinds) {
    lines.push(
      `  ${k.kind.padEnd(6)} ${String(k.pages).padStart(4)} pages  CER ${pct(k.cer).padStart(7)}  words ${pct(k.bow).padStart(7)}` +
        (k.native ? `   native CER ${pct(k.native.cer).padStart(7)}  words ${pct(k.native.bow).padStart(7)}` : ''),
    );
  }
  if (report.withoutTruth.length > 0)
    lines.push(`  ${report.withoutTruth.length} documents have no truth file and are not scored`);
  return `${lines.join('\n')}\n`;
}

function push(map: Map<string, PageScore[]>, key: string, score: PageScore): void {
  const list = map.get(key);
  if (list) list.push(score);
  else map.set(key, [score]);
}
