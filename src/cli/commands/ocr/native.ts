/**
 * Native tesseract (Debian's `tesseract-ocr`) on the same files, as a user would run it in a container: one process
 * per page, one page per core at a time, `OMP_THREAD_LIMIT=1`, PSM 3 and OEM 1 as the task uses them, and the same
 * model family — `fast` is the tessdata_fast file Debian installs, `best` the task's own best_int file, unpacked
 * for `--tessdata-dir`. The yardstick of `fanout ocr --native` and bench/ocr.
 */
import { execFile } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { eachBounded } from '../../../engine';

export interface NativeFile {
  /** Where the text goes in `texts` (the document's key or relative path). */
  id: string;
  path: string;
}

export interface NativeRun {
  /** `tesseract 5.3.0`, from `tesseract --version`. */
  version: string;
  model: 'fast' | 'best';
  processes: number;
  pages: number;
  seconds: number;
  pagesPerSecond: number;
  texts: Map<string, string>;
  /** Files native tesseract cannot read (PDFs), left out of the figures. */
  skipped: string[];
}

/** Native reads images only (PDF pages are rasterised by the task, not by tesseract). */
const NATIVE_READABLE = /\.(png|jpe?g|tiff?|webp|bmp|pnm|pgm|gif)$/i;

export async function nativeVersion(): Promise<string | undefined> {
  try {
    const { stdout, stderr } = await run('tesseract', ['--version'], {});
    return (stdout || stderr).split('\n')[0]?.trim();
  } catch {
    return undefined;
  }
}

export async function runNativeTesseract(
  files: readonly NativeFile[],
  options: { model: 'fast' | 'best'; lang: string; processes: number },
): Promise<NativeRun> {
  const version = await nativeVersion();
  if (version === undefined) throw new Error('native tesseract is not installed (apt-get install tesseract-ocr)');
  const tessdata = options.model === 'best' ? await bestTessdata(options.lang) : undefined;
  const readable = files.filter((f) => NATIVE_READABLE.test(f.path));
  const texts = new Map<string, string>();
  const args = (path: string): string[] => [
    path,
    'stdout',
    '--psm',
    '3',
    '--oem',
    '1',
    '-l',
    options.lang,
    ...(tessdata === undefined ? [] : ['--tessdata-dir', tessdata]),
  ];
  const started = performance.now();
  await eachBounded(readable, options.processes, async (file) => {
    const { stdout } = await run('tesseract', args(file.path), { OMP_THREAD_LIMIT: '1' });
    texts.set(file.id, stdout);
  });
  const seconds = (performance.now() - started) / 1000;
  // A multi-page TIFF is one process and several pages: tesseract separates them with form feeds.
  const pages = [...texts.values()].reduce((n, text) => n + Math.max(1, text.split('\f').length - 1), 0);
  return {
    version,
    model: options.model,
    processes: options.processes,
    pages,
    seconds,
    pagesPerSecond: seconds > 0 ? pages / seconds : 0,
    texts,
    skipped: files.filter((f) => !NATIVE_READABLE.test(f.path)).map((f) => f.id),
  };
}

/** The task's best_int traineddata, unpacked once into a directory native tesseract can read. */
async function bestTessdata(lang: string): Promise<string> {
  const dir = join(tmpdir(), 'fanout-native-tessdata-best');
  mkdirSync(dir, { recursive: true });
  for (const code of lang.split('+')) {
    const target = join(dir, `${code}.traineddata`);
    if (existsSync(target)) continue;
    const source = join(
      dirname(require.resolve(`@tesseract.js-data/${code}/package.json`)),
      '4.0.0_best_int',
      `${code}.traineddata.gz`,
    );
    const partial = `${target}.${process.pid}.partial`;
    await pipeline(createReadStream(source), createGunzip(), createWriteStream(partial));
    renameSync(partial, target);
  }
  return dir;
}

function run(
  command: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { env: { ...process.env, ...env }, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args[0] ?? ''}: ${stderr.trim() || error.message}`));
      else resolve({ stdout, stderr });
    });
  });
}
