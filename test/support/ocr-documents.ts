/**
 * Generated OCR test documents for tests that run the compiled OCR task. The generator runs in a plain node process:
 * inside jest's module sandbox the same sharp and pdf-lib calls ran ten times slower (176 s instead of 15 s for the
 * bulk-ocr set).
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { GeneratedDocument } from '../../tasks/ocr/testdata/generate';

const ROOT = join(__dirname, '..', '..');
export const OCR_MAIN = join(ROOT, 'tasks', 'dist', 'ocr', 'main.js');
const GENERATOR = join(ROOT, 'tasks', 'dist', 'ocr', 'testdata', 'generate.js');

/**
 * Every generated kind but the 35 Mpx page (slow, and its kind is covered by letter.png): clean scans in each image
 * format, PDFs with and without a text layer, and each kind of bad input.
 */
export const DOCUMENT_KINDS = [
  'letter.png',
  'invoice.jpg',
  'memo.webp',
  'report.tiff',
  'lowres.png',
  'receipt.png',
  'degraded.png',
  'born-digital.pdf',
  'scanned.pdf',
  'mixed.pdf',
  'corrupt.png',
  'empty.pdf',
  'bomb.png',
  'encrypted.pdf',
  'notes.txt',
  'huge.pdf',
] as const;

/** Compiles tasks/ when the OCR program is missing or older than its sources (tsc emits even if another task errs). */
export function buildTasksIfStale(): void {
  const newest = (dir: string): number =>
    Math.max(
      ...readdirSync(dir, { withFileTypes: true }).map((e) =>
        e.isDirectory() ? newest(join(dir, e.name)) : e.name.endsWith('.ts') ? statSync(join(dir, e.name)).mtimeMs : 0,
      ),
    );
  const sources = Math.max(newest(join(ROOT, 'tasks', 'ocr')), newest(join(ROOT, 'tasks', 'common')));
  const built = (file: string): boolean => existsSync(file) && statSync(file).mtimeMs >= sources;
  if (built(OCR_MAIN) && built(GENERATOR)) return;
  spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tasks/tsconfig.json'], {
    cwd: ROOT,
  });
  if (!existsSync(OCR_MAIN) || !existsSync(GENERATOR)) throw new Error('tasks/dist/ocr was not built');
}

/** Writes the named generated documents (and their manifest.json) into `dir`; returns their ground truth. */
export async function generateDocuments(dir: string, names: readonly string[]): Promise<GeneratedDocument[]> {
  buildTasksIfStale();
  const script =
    'require(process.argv[1]).generate(process.argv[2], JSON.parse(process.argv[3]))' +
    '.then((docs) => process.stdout.write(JSON.stringify(docs)))';
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['-e', script, GENERATOR, dir, JSON.stringify(names)],
    {
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return JSON.parse(stdout) as GeneratedDocument[];
}
