/**
 * The generated document set: realistic scans of known text in every format the OCR task reads, born-digital and
 * scanned PDFs, and every kind of bad document, each with its ground truth and the outcome the task must produce.
 * Generated at test or benchmark time (seconds), so the repository holds no binaries.
 *
 *   node tasks/dist/ocr/testdata/generate.js OUT_DIR [name ...]   → OUT_DIR/<files> + OUT_DIR/manifest.json
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import sharp from 'sharp';
import { corruptPng, encryptedPdf, pixelBombPng } from './bad-files';
import { corpusWords, wrapWords } from './corpus';
import { charsPerLine, renderPage, type GreyPage, type PageStyle } from './render';

export interface GeneratedDocument {
  file: string;
  description: string;
  /** Ground truth per page ('' where the page has no text to read). */
  pages: string[];
  /** 'ok', or the failure reason the task must give. */
  expect: 'ok' | 'corrupt' | 'empty' | 'encrypted' | 'too-many-pixels' | 'too-many-pages' | 'unsupported-type';
  /** How each page must be read, when it is known. */
  methods?: ('text-layer' | 'ocr')[];
  /** A clean page: the CER target (< 2 %) applies. */
  clean?: boolean;
}

const BASE: PageStyle = {
  font: 'DejaVu Serif',
  fontSizePt: 11,
  dpi: 300,
  skewDeg: 0.3,
  noise: 10,
  ink: 25,
  blur: 0.7,
  seed: 1,
};

interface Rendered {
  page: GreyPage;
  truth: string;
}

async function rendered(style: PageStyle, start: number, lineCount: number): Promise<Rendered> {
  const lines = wrapWords(corpusWords(start, 400), charsPerLine(style)).slice(0, lineCount);
  return { page: await renderPage(lines, style), truth: lines.join('\n') };
}

function grey(page: GreyPage): ReturnType<typeof sharp> {
  return sharp(page.data, { raw: { width: page.width, height: page.height, channels: 1 } }).withMetadata({
    density: page.dpi,
  });
}

type Builder = () => Promise<{ bytes: Buffer; doc: Omit<GeneratedDocument, 'file'> }>;

const BUILDERS: Readonly<Record<string, Builder>> = {
  'letter.png': async () => {
    const r = await rendered({ ...BASE, seed: 11 }, 0, 16);
    return {
      bytes: await grey(r.page).png().toBuffer(),
      doc: { description: 'serif letter, 300 dpi, skew 0.3°', pages: [r.truth], expect: 'ok', clean: true },
    };
  },
  'invoice.jpg': async () => {
    const r = await rendered(
      { ...BASE, font: 'DejaVu Sans', fontSizePt: 10, dpi: 200, skewDeg: -0.4, seed: 12 },
      40,
      14,
    );
    // Stored on its side with EXIF orientation 6, as phone scans and some scanners deliver pages.
    const bytes = await grey(r.page).rotate(270).withMetadata({ orientation: 6 }).jpeg({ quality: 85 }).toBuffer();
    return {
      bytes,
      doc: {
        description: 'sans invoice, 200 dpi JPEG, EXIF orientation 6',
        pages: [r.truth],
        expect: 'ok',
        clean: true,
      },
    };
  },
  'memo.webp': async () => {
    const r = await rendered({ ...BASE, font: 'DejaVu Sans Mono', fontSizePt: 10, skewDeg: 0.2, seed: 13 }, 80, 12);
    return {
      bytes: await grey(r.page).webp({ quality: 90 }).toBuffer(),
      doc: { description: 'monospace memo, 300 dpi WebP', pages: [r.truth], expect: 'ok' },
    };
  },
  'report.tiff': async () => {
    const a = await rendered({ ...BASE, font: 'DejaVu Sans Condensed', seed: 14, skewDeg: -0.2 }, 120, 12);
    const b = await rendered({ ...BASE, font: 'DejaVu Serif', bold: true, seed: 15, skewDeg: 0.5 }, 200, 10);
    const { width, height } = a.page;
    const bytes = await sharp(Buffer.concat([a.page.data, b.page.data]), {
      raw: { width, height: height * 2, channels: 1, pageHeight: height },
    })
      .withMetadata({ density: 300 })
      .tiff({ compression: 'lzw' })
      .toBuffer();
    return {
      bytes,
      doc: { description: 'two-page TIFF, condensed sans + bold serif', pages: [a.truth, b.truth], expect: 'ok' },
    };
  },
  'lowres.png': async () => {
    const r = await rendered({ ...BASE, font: 'DejaVu Sans', fontSizePt: 10, dpi: 150, seed: 16, blur: 0.9 }, 260, 12);
    return {
      bytes: await grey(r.page).png().toBuffer(),
      doc: { description: 'sans page scanned at 150 dpi', pages: [r.truth], expect: 'ok' },
    };
  },
  'receipt.png': async () => {
    const style: PageStyle = {
      ...BASE,
      font: 'DejaVu Sans Mono',
      fontSizePt: 9,
      dpi: 200,
      ink: 150,
      noise: 14,
      seed: 17,
      widthIn: 3.4,
      heightIn: 5,
    };
    const r = await rendered(style, 320, 14);
    return {
      bytes: await grey(r.page).png().toBuffer(),
      doc: { description: 'faint thermal receipt (ink grey 150), 200 dpi', pages: [r.truth], expect: 'ok' },
    };
  },
  'degraded.png': async () => {
    const style: PageStyle = {
      ...BASE,
      font: 'DejaVu Sans',
      fontSizePt: 9,
      dpi: 200,
      noise: 28,
      blur: 1.3,
      skewDeg: 1.2,
    };
    const r = await rendered({ ...style, seed: 20 }, 620, 14);
    return {
      bytes: await grey(r.page).png().toBuffer(),
      doc: { description: 'worn copy: 9 pt, 200 dpi, heavy noise and blur, 1.2° skew', pages: [r.truth], expect: 'ok' },
    };
  },
  'letter-600dpi.png': async () => {
    const r = await rendered({ ...BASE, dpi: 600, seed: 21, fontSizePt: 10 }, 700, 12);
    return {
      bytes: await grey(r.page).png().toBuffer(),
      doc: { description: 'serif page scanned at 600 dpi (35 Mpx)', pages: [r.truth], expect: 'ok' },
    };
  },
  'born-digital.pdf': async () => {
    const pdf = await PDFDocument.create();
    const fonts = [StandardFonts.TimesRoman, StandardFonts.Helvetica, StandardFonts.Courier];
    const pages: string[] = [];
    for (let p = 0; p < 3; p++) {
      const font = await pdf.embedFont(fonts[p]!);
      const lines = wrapWords(corpusWords(60 * p, 300), 78).slice(0, 30);
      const page = pdf.addPage([595, 842]);
      lines.forEach((line, i) => page.drawText(line, { x: 60, y: 780 - i * 16, size: 10.5, font }));
      pages.push(lines.join('\n'));
    }
    return {
      bytes: Buffer.from(await pdf.save()),
      doc: {
        description: 'born-digital PDF, 3 pages with a text layer',
        pages,
        expect: 'ok',
        methods: ['text-layer', 'text-layer', 'text-layer'],
      },
    };
  },
  'scanned.pdf': async () => {
    const r = await rendered({ ...BASE, seed: 18, skewDeg: -0.3 }, 380, 14);
    const pdf = await PDFDocument.create();
    await addScan(pdf, r.page);
    return {
      bytes: Buffer.from(await pdf.save()),
      doc: {
        description: 'scanned PDF: one JPEG page image, no text',
        pages: [r.truth],
        expect: 'ok',
        methods: ['ocr'],
      },
    };
  },
  'mixed.pdf': async () => {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    const lines = wrapWords(corpusWords(500, 200), 80).slice(0, 12);
    const page = pdf.addPage([595, 842]);
    lines.forEach((line, i) => page.drawText(line, { x: 60, y: 780 - i * 16, size: 10, font }));
    const r = await rendered({ ...BASE, font: 'DejaVu Sans', seed: 19 }, 560, 12);
    await addScan(pdf, r.page);
    // A page number stamped on a scan is a text layer that must not stop the page being OCR'd.
    pdf.getPage(1).drawText('Page 2', { x: 500, y: 20, size: 8, font });
    return {
      bytes: Buffer.from(await pdf.save()),
      doc: {
        description: 'PDF: a text page, then a scanned page with a stamped page number',
        pages: [lines.join('\n'), r.truth],
        expect: 'ok',
        methods: ['text-layer', 'ocr'],
      },
    };
  },
  'corrupt.png': () =>
    Promise.resolve({
      bytes: corruptPng(),
      doc: { description: 'PNG header, garbage data', pages: [], expect: 'corrupt' },
    }),
  'empty.pdf': () =>
    Promise.resolve({ bytes: Buffer.alloc(0), doc: { description: 'zero bytes', pages: [], expect: 'empty' } }),
  'bomb.png': () =>
    Promise.resolve({
      bytes: pixelBombPng(),
      doc: { description: '20000 × 20000 px PNG of ~50 KB (decompression bomb)', pages: [], expect: 'too-many-pixels' },
    }),
  'encrypted.pdf': () =>
    Promise.resolve({
      bytes: encryptedPdf(),
      doc: { description: 'password-protected PDF', pages: [], expect: 'encrypted' },
    }),
  'notes.txt': () =>
    Promise.resolve({
      bytes: Buffer.from('plain text is not a scanned document\n'),
      doc: { description: 'not a document type the task reads', pages: [], expect: 'unsupported-type' },
    }),
  'huge.pdf': async () => {
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    for (let p = 1; p <= 1001; p++) pdf.addPage([595, 842]).drawText(`Page ${p}`, { x: 60, y: 780, size: 12, font });
    return {
      bytes: Buffer.from(await pdf.save()),
      doc: { description: '1,001 pages (over the default maxPages)', pages: [], expect: 'too-many-pages' },
    };
  },
};

async function addScan(pdf: PDFDocument, page: GreyPage): Promise<void> {
  const jpeg = await grey(page).jpeg({ quality: 85 }).toBuffer();
  const image = await pdf.embedJpg(jpeg);
  const widthPt = (page.width / page.dpi) * 72;
  const heightPt = (page.height / page.dpi) * 72;
  pdf.addPage([widthPt, heightPt]).drawImage(image, { x: 0, y: 0, width: widthPt, height: heightPt });
}

export const DOCUMENT_NAMES: readonly string[] = Object.keys(BUILDERS);

/** Writes the chosen documents (default: all) into `dir` with `manifest.json`; returns the manifest. */
export async function generate(dir: string, names: readonly string[] = DOCUMENT_NAMES): Promise<GeneratedDocument[]> {
  await mkdir(dir, { recursive: true });
  const manifest: GeneratedDocument[] = [];
  // One at a time: rendering a 300 dpi page holds ~9 MB per buffer, and the CPU is shared anyway.
  for (const file of names) {
    const build = BUILDERS[file];
    if (!build) throw new Error(`unknown generated document '${file}' (known: ${DOCUMENT_NAMES.join(', ')})`);
    const { bytes, doc } = await build();
    await writeFile(join(dir, file), bytes);
    manifest.push({ file, ...doc });
  }
  await writeFile(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

if (require.main === module) {
  const [dir, ...names] = process.argv.slice(2);
  if (dir === undefined) {
    process.stderr.write('usage: generate.js OUT_DIR [name ...]\n');
    process.exit(3);
  }
  generate(dir, names.length > 0 ? names : DOCUMENT_NAMES).then(
    (manifest) => process.stdout.write(`${manifest.length} documents in ${dir}\n`),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    },
  );
}
