/**
 * Where the traineddata comes from — always a local file, never tesseract.js's CDN default (which crashes offline)
 * and never its read/write cache (a stray `./eng.traineddata` would silently swap the model):
 *
 * - `best`: the integer-quantised tessdata_best LSTM model, `@tesseract.js-data/<lang>/4.0.0_best_int`. (Its
 *   sibling `4.0.0` folder is the same LSTM network plus the legacy engine's data — 4.5× larger, no better for OEM 1.)
 * - `fast`: tessdata_fast (a smaller network): not in the npm package; Debian's `tesseract-ocr-<lang>` ships it, so
 *   the container image copies it from there, and locally it is found where apt installs it.
 *
 * tesseract.js takes one `langPath` for every language of a run, and the npm packages keep each language in its own
 * folder, so the chosen files are linked into one directory per model.
 */
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readlinkSync, renameSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { OcrModel } from './settings';

export interface ModelFiles {
  model: OcrModel;
  langPath: string;
  gzip: boolean;
  /** Per language: where its file came from and a content hash, for the output's provenance. */
  files: { lang: string; source: string; sha256: string }[];
}

/** Directories searched for tessdata_fast `<lang>.traineddata`, after $FANOUT_OCR_TESSDATA_FAST. */
export const FAST_TESSDATA_DIRS: readonly string[] = [
  '/opt/tessdata/fast',
  '/usr/share/tesseract-ocr/5/tessdata',
  '/usr/share/tesseract-ocr/4.00/tessdata',
];

export class ModelNotFoundError extends Error {
  override name = 'ModelNotFoundError';
}

export function resolveModel(model: OcrModel, langs: readonly string[], env = process.env): ModelFiles {
  const gzip = model === 'best';
  const files = langs.map((lang) => {
    const source = model === 'best' ? bestFile(lang) : fastFile(lang, env);
    const sha256 = createHash('sha256').update(readFileSync(source)).digest('hex');
    return { lang, source, sha256 };
  });
  // Named by its contents: local runs start several task processes at once, and they may share it safely.
  const id = createHash('sha256')
    .update(files.map((f) => `${f.lang}:${f.sha256}`).join(','))
    .digest('hex')
    .slice(0, 16);
  const langPath = join(tmpdir(), `fanout-ocr-tessdata-${model}-${id}`);
  mkdirSync(langPath, { recursive: true });
  for (const file of files) linkModelFile(file.source, join(langPath, `${file.lang}.traineddata${gzip ? '.gz' : ''}`));
  return { model, langPath, gzip, files };
}

/**
 * The directory outlives the checkout that made it (it is named by the file's contents, not its path), so a link left
 * by a deleted checkout would dangle: point it at this source, by a rename that concurrent task processes may race.
 */
function linkModelFile(source: string, link: string): void {
  try {
    if (readlinkSync(link) === source) return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const staged = `${link}.${process.pid}.${randomUUID()}`;
  symlinkSync(source, staged);
  renameSync(staged, link);
}

function bestFile(lang: string): string {
  let packageJson: string;
  try {
    packageJson = require.resolve(`@tesseract.js-data/${lang}/package.json`);
  } catch {
    throw new ModelNotFoundError(`no traineddata for '${lang}': install @tesseract.js-data/${lang}`);
  }
  const file = join(dirname(packageJson), '4.0.0_best_int', `${lang}.traineddata.gz`);
  if (!existsSync(file)) throw new ModelNotFoundError(`${file} is missing`);
  return file;
}

function fastFile(lang: string, env: NodeJS.ProcessEnv): string {
  const override = env['FANOUT_OCR_TESSDATA_FAST'];
  const dirs = override ? [override, ...FAST_TESSDATA_DIRS] : FAST_TESSDATA_DIRS;
  for (const dir of dirs) {
    const file = join(dir, `${lang}.traineddata`);
    if (existsSync(file)) return file;
  }
  throw new ModelNotFoundError(
    `no tessdata_fast '${lang}.traineddata' in ${dirs.join(', ')}: install tesseract-ocr-${lang} or use model 'best'`,
  );
}
