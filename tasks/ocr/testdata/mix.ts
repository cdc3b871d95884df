/**
 * A large document set for chaos runs (bench/chaos, test/workflows/chaos.test.ts): mostly distinct one-page
 * born-digital PDFs (the fast text-layer path, so a thousand documents take minutes), a few scanned pages that
 * need OCR, and a few bad files, spread evenly through the key order so they land in different batches. Every
 * document is distinct (its own number is on its page), so every source has its own ETag.
 *
 *   node tasks/dist/ocr/testdata/mix.js OUT_DIR [documents] [scanned] [bad]  → OUT_DIR/doc-NNNN-…; the list on stdout
 *
 * No manifest is written into OUT_DIR: the folder is uploaded as it is, and every file in it is a document.
 */
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { corpusWords, wrapWords } from './corpus';
import { generate, type GeneratedDocument } from './generate';

export interface MixOptions {
  /** Documents in all. */
  documents: number;
  /** Scanned pages among them (OCR path), taken in turn from SCANNED. @default 0 */
  scanned?: number;
  /** Bad files among them, taken in turn from BAD. @default 0 */
  bad?: number;
}

export interface MixDocument {
  /** The file name under the output folder (and the key under the uploaded prefix). */
  file: string;
  kind: 'born-digital' | 'scanned' | 'bad';
  /** 'ok', or the failure reason the OCR task must give. */
  expect: GeneratedDocument['expect'];
}

/** Scanned kinds of the generated set, one page each, quickest to OCR first. */
export const SCANNED: readonly string[] = ['lowres.png', 'letter.png', 'scanned.pdf', 'invoice.jpg', 'memo.webp'];
/** Bad kinds of the generated set that fail fast. */
export const BAD: readonly string[] = ['corrupt.png', 'empty.pdf', 'notes.txt', 'encrypted.pdf', 'bomb.png'];

export async function generateMix(dir: string, options: MixOptions): Promise<MixDocument[]> {
  const total = options.documents;
  const scanned = options.scanned ?? 0;
  const bad = options.bad ?? 0;
  if (!Number.isInteger(total) || total < 1 || scanned + bad > total) {
    throw new Error(`a mix needs at least one document and no more special ones than documents`);
  }
  await mkdir(dir, { recursive: true });
  const specials: string[] = [
    ...Array.from({ length: scanned }, (_, i) => SCANNED[i % SCANNED.length]!),
    ...Array.from({ length: bad }, (_, i) => BAD[i % BAD.length]!),
  ];
  // The special documents at even intervals through the key order, the rest born-digital.
  const at = new Map<number, string>();
  specials.forEach((name, i) => at.set(Math.floor(((i + 0.5) * total) / specials.length), name));

  const kinds = new Set(specials);
  const scratch = await mkdtemp(join(tmpdir(), 'fanout-mix-'));
  try {
    const truth = kinds.size === 0 ? [] : await generate(scratch, [...kinds]);
    const manifest: MixDocument[] = [];
    for (let n = 0; n < total; n++) {
      const number = String(n + 1).padStart(4, '0');
      const special = at.get(n);
      if (special === undefined) {
        const file = `doc-${number}.pdf`;
        await writeFile(join(dir, file), await bornDigitalPage(n));
        manifest.push({ file, kind: 'born-digital', expect: 'ok' });
        continue;
      }
      const file = `doc-${number}-${special}`;
      await copyFile(join(scratch, special), join(dir, file));
      const expect = truth.find((d) => d.file === special)?.expect ?? 'ok';
      manifest.push({ file, kind: SCANNED.includes(special) ? 'scanned' : 'bad', expect });
    }
    return manifest;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** One A4 page with a text layer: a numbered heading and 20 lines of corpus text from a per-document offset. */
async function bornDigitalPage(n: number): Promise<Buffer> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(n % 2 === 0 ? StandardFonts.TimesRoman : StandardFonts.Helvetica);
  const page = pdf.addPage([595, 842]);
  page.drawText(`Document ${n + 1}`, { x: 60, y: 790, size: 14, font });
  const lines = wrapWords(corpusWords(37 * n, 260), 80).slice(0, 20);
  lines.forEach((line, i) => page.drawText(line, { x: 60, y: 760 - i * 16, size: 10.5, font }));
  // A fixed creation date, so the same document number always has the same bytes (and ETag).
  pdf.setCreationDate(new Date(Date.UTC(2024, 0, 1)));
  pdf.setModificationDate(new Date(Date.UTC(2024, 0, 1)));
  return Buffer.from(await pdf.save());
}

if (require.main === module) {
  const [dir, documents = '1000', scanned = '0', bad = '0'] = process.argv.slice(2);
  if (dir === undefined) {
    process.stderr.write('usage: mix.js OUT_DIR [documents] [scanned] [bad]\n');
    process.exit(3);
  }
  generateMix(dir, { documents: Number(documents), scanned: Number(scanned), bad: Number(bad) }).then(
    (manifest) => process.stdout.write(`${JSON.stringify(manifest)}\n`),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    },
  );
}
