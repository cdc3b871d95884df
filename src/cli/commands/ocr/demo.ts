/**
 * `fanout ocr --demo`: the OCR task's generated test documents (tasks/ocr/testdata, compiled to tasks/dist by
 * `npm run build`) — scans in every format, a born-digital and a scanned PDF, and every bad kind — generated once
 * into `<data-dir>/ocr-demo/`, run through bulk-ocr, and checked against their known text and expected outcomes.
 * src/ does not compile tasks/, so the generator's shapes are declared here rather than imported.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type { CommandContext } from '../../context';
import { ExitCode, inputError } from '../../errors';
import type { BulkOcrRun } from './bulk-ocr';
import { outputKey, text } from './results';

export interface GeneratedDocument {
  file: string;
  description: string;
  pages: string[];
  expect: string;
  methods?: string[];
  clean?: boolean;
}

export interface PreparedDemo {
  /** The project root (tasks/dist is found there). */
  root: string;
  /** The folder bulk-ocr reads. */
  documents: string;
  out: string;
  truth: GeneratedDocument[];
}

/** tasks/ocr/testdata/score.ts: the real-scan scoring rule of ../shared/ocr-real/README.md. */
export interface PageScore {
  edits: number;
  chars: number;
  wordErrors: number;
  words: number;
}

export interface TestdataModules {
  generate: (dir: string, names?: readonly string[]) => Promise<GeneratedDocument[]>;
  cer: (ocr: string, truth: string) => number;
  scorePage: (ocr: string, truth: string) => PageScore;
  totalScore: (pages: readonly PageScore[]) => PageScore & { pages: number; cer: number; bow: number };
}

/** The clean pages' CER target (issue 9). */
export const CER_TARGET = 0.02;

export function loadTestdata(root: string): TestdataModules {
  const dist = join(root, 'tasks', 'dist', 'ocr', 'testdata');
  if (!existsSync(join(dist, 'generate.js'))) {
    throw inputError(`the OCR task is not built (no ${dist}/generate.js): run npm run build`);
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { generate } = require(join(dist, 'generate.js')) as Pick<TestdataModules, 'generate'>;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { cer } = require(join(dist, 'cer.js')) as Pick<TestdataModules, 'cer'>;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { scorePage, totalScore } = require(join(dist, 'score.js')) as Pick<
    TestdataModules,
    'scorePage' | 'totalScore'
  >;
  return { generate, cer, scorePage, totalScore };
}

/** Generates the set the first time only: the same bytes again mean a second demo skips every finished document. */
export async function prepareDemo(root: string, dataDir: string, log: (line: string) => void): Promise<PreparedDemo> {
  const dir = join(dataDir, 'ocr-demo');
  const documents = join(dir, 'documents');
  const truthFile = join(dir, 'truth.json');
  if (!existsSync(truthFile)) {
    log(`generating the test documents into ${documents}`);
    await mkdir(dir, { recursive: true });
    await loadTestdata(root).generate(documents);
    // The generator writes its manifest among the documents; it is the truth, not a document.
    await rename(join(documents, 'manifest.json'), truthFile);
  }
  const truth = JSON.parse(readFileSync(truthFile, 'utf8')) as GeneratedDocument[];
  return { root, documents, out: join(dir, 'out'), truth };
}

interface DemoPageScore {
  file: string;
  page: number;
  cer: number;
  clean: boolean;
  method: string;
}

/** Compares each document with its truth, prints the table, and writes `<out>/accuracy.json`. */
export async function reportDemo(
  s3: S3Client,
  run: BulkOcrRun,
  demo: PreparedDemo,
  context: CommandContext,
): Promise<number> {
  const { cer } = loadTestdata(demo.root);
  const byRelative = new Map(run.documents.map((d) => [d.relative, d]));
  const scores: DemoPageScore[] = [];
  const rows: string[] = [];
  let mismatches = 0;
  for (const doc of demo.truth) {
    const got = byRelative.get(doc.file);
    const outcome = got === undefined ? 'missing' : got.status === 'succeeded' ? 'ok' : (got.error ?? got.status);
    const asExpected = outcome === doc.expect;
    if (!asExpected) mismatches++;
    let detail = '';
    if (got?.status === 'succeeded') {
      const record = JSON.parse(await text(s3, run.resultsBucket, outputKey(run.outputPrefix, got.key, 'json'))) as {
        pages: { text: string; method: string }[];
      };
      const pageScores = doc.pages.map((truth, i) => ({
        file: doc.file,
        page: i + 1,
        cer: cer(record.pages[i]?.text ?? '', truth),
        clean: doc.clean === true,
        method: record.pages[i]?.method ?? '?',
      }));
      scores.push(...pageScores);
      detail = pageScores.map((p) => `${pct(p.cer)} (${p.method})`).join(', ');
    } else if (got?.status === 'failed') {
      detail = (got.reason ?? '').split('\n')[0]?.slice(0, 80) ?? '';
    }
    rows.push(
      `${asExpected ? '✔' : '✖'} ${doc.file.padEnd(20)} ${doc.expect.padEnd(16)} ${outcome.padEnd(16)} ${detail}`,
    );
  }
  const clean = scores.filter((s) => s.clean);
  const meanClean = mean(clean.map((s) => s.cer));
  const meanAll = mean(scores.map((s) => s.cer));
  context.stdout(
    [
      '',
      'accuracy against the known text (CER per page; bad documents must fail with their reason):',
      `  ${'document'.padEnd(20)} ${'expected'.padEnd(16)} ${'got'.padEnd(16)} CER / reason`,
      ...rows.map((r) => `${r}`),
      `clean pages: mean CER ${pct(meanClean)} over ${clean.length} pages (target < ${pct(CER_TARGET)}); ` +
        `all read pages: ${pct(meanAll)} over ${scores.length}; ${mismatches} unexpected outcomes`,
      '',
    ].join('\n'),
  );
  await mkdir(demo.out, { recursive: true });
  await writeFile(
    join(demo.out, 'accuracy.json'),
    `${JSON.stringify({ meanCleanCer: meanClean, meanCer: meanAll, mismatches, pages: scores, summary: run.summary }, null, 2)}\n`,
  );
  if (run.execution.status !== 'SUCCEEDED') return ExitCode.Failed;
  return mismatches === 0 && clean.every((s) => s.cer < CER_TARGET) ? ExitCode.Ok : ExitCode.Failed;
}

const mean = (xs: readonly number[]): number => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
const pct = (x: number): string => `${(100 * x).toFixed(2)} %`;
