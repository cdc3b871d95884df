/**
 * The compiled OCR program as the workflow runs it: a child process reading documents from the embedded S3 of the
 * local endpoint (AWS_ENDPOINT_URL) and writing outputs there. Few and small documents: tesseract is CPU-heavy.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { cer } from '../../../../tasks/ocr/testdata/cer';
import type { GeneratedDocument } from '../../../../tasks/ocr/testdata/generate';
import { startEndpoint, type TestEndpoint } from '../../../support/endpoint';
import { DOCUMENT_KINDS, OCR_MAIN, buildTasksIfStale, generateDocuments } from '../../../support/ocr-documents';

const MAIN = OCR_MAIN;

interface PageJson {
  page: number;
  method: string;
  text: string;
  confidence: number | null;
}

interface Run {
  code: number | null;
  result: {
    documents: number;
    succeeded: string[];
    failed: { key: string; error: string; reason: string }[];
    pages: number;
    skipped: number;
    abandoned?: string[];
  };
  lines: string[];
}

describe('the OCR task program', () => {
  let endpoint: TestEndpoint;
  let s3: TestEndpoint['s3'];
  let env: Record<string, string>;
  let docs: GeneratedDocument[];
  const items: { Bucket: string; Key: string; ETag: string }[] = [];
  let dir: string;

  beforeAll(async () => {
    buildTasksIfStale();
    endpoint = await startEndpoint({ name: 'ocr-task', dataDir: 's3', maxAttempts: 3 });
    dir = join(endpoint.dir, 'documents');
    // Every bad kind, without the formats and scan qualities only the workflow suite needs: tesseract is CPU-heavy.
    const scans = ['memo.webp', 'report.tiff', 'lowres.png', 'degraded.png', 'scanned.pdf'];
    docs = await generateDocuments(
      dir,
      DOCUMENT_KINDS.filter((kind) => !scans.includes(kind)),
    );
    env = endpoint.taskEnv;
    s3 = endpoint.s3;
    for (const bucket of ['docs', 'out']) await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    for (const doc of docs) {
      const out = await s3.send(
        new PutObjectCommand({ Bucket: 'docs', Key: `in/${doc.file}`, Body: readFileSync(join(dir, doc.file)) }),
      );
      items.push({ Bucket: 'docs', Key: `in/${doc.file}`, ETag: out.ETag! });
    }
  }, 180_000);

  afterAll(() => endpoint?.stop());

  function run(
    input: unknown,
    extraEnv: Record<string, string> = {},
    onLine?: (line: string, kill: () => void) => void,
  ): Promise<Run> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [MAIN], {
        env: { ...process.env, ...env, FANOUT_OCR_WORKERS: '2', ...extraEnv, FANOUT_INPUT: JSON.stringify(input) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const lines: string[] = [];
      let buffer = '';
      child.stdout.on('data', (chunk: Buffer) => {
        buffer += chunk.toString();
        const parts = buffer.split('\n');
        buffer = parts.pop()!;
        for (const line of parts) {
          lines.push(line);
          onLine?.(line, () => child.kill('SIGTERM'));
        }
      });
      child.on('error', reject);
      child.on('close', (code) => {
        if (buffer !== '') lines.push(buffer);
        resolve({ code, result: JSON.parse(lines.at(-1) ?? 'null') as Run['result'], lines });
      });
    });
  }

  const text = async (key: string): Promise<string> =>
    (await s3.send(new GetObjectCommand({ Bucket: 'out', Key: key }))).Body!.transformToString();
  const expected = (file: string): GeneratedDocument => docs.find((d) => d.file === file)!;

  it('reads every good document, fails each bad one alone with its reason, and exits 2', async () => {
    const { code, result } = await run({ Items: items, BatchInput: { outputBucket: 'out', outputPrefix: 'ocr' } });
    expect(code).toBe(2);
    const good = docs.filter((d) => d.expect === 'ok').map((d) => `in/${d.file}`);
    expect(result.succeeded.sort()).toEqual(good.sort());
    expect(Object.fromEntries(result.failed.map((f) => [f.key, f.error]))).toEqual(
      Object.fromEntries(docs.filter((d) => d.expect !== 'ok').map((d) => [`in/${d.file}`, d.expect])),
    );
    for (const failure of result.failed) expect(failure.reason.length).toBeGreaterThan(10);
    expect(result.documents).toBe(result.succeeded.length + result.failed.length + result.skipped);
    expect(result.pages).toBe(docs.filter((d) => d.expect === 'ok').reduce((n, d) => n + d.pages.length, 0));

    // The born-digital PDF took the text-layer path; the mixed PDF decided per page.
    for (const file of ['born-digital.pdf', 'mixed.pdf']) {
      const record = JSON.parse(await text(`ocr/in/${file}.json`)) as { pages: PageJson[] };
      expect(record.pages.map((p) => p.method)).toEqual(expected(file).methods);
    }
    const record = JSON.parse(await text('ocr/in/letter.png.json')) as { pages: PageJson[]; source: { size: number } };
    expect(record).toMatchObject({
      source: { bucket: 'docs', key: 'in/letter.png', etag: items[0]!.ETag.replace(/"/g, ''), type: 'png' },
      engine: { name: 'tesseract.js', psm: 3, model: { name: 'best_int' } },
      pageCount: 1,
    });
    expect(record.source.size).toBeGreaterThan(0);
    expect(record.pages[0]).toMatchObject({ page: 1, method: 'ocr' });
    expect(record.pages[0]!.confidence).toBeGreaterThan(80);
    expect(await text('ocr/in/letter.png.txt')).toBe(`${record.pages[0]!.text.trimEnd()}\n`);

    // CER below 2 % on clean pages (one of them stored sideways with EXIF orientation 6).
    for (const file of ['letter.png', 'invoice.jpg']) {
      const { pages } = JSON.parse(await text(`ocr/in/${file}.json`)) as { pages: PageJson[] };
      expect(cer(pages[0]!.text, expected(file).pages[0]!)).toBeLessThan(0.02);
    }
  }, 300_000);

  it('skips documents already done for the same source ETag and writes nothing new', async () => {
    const before = await s3.send(new HeadObjectCommand({ Bucket: 'out', Key: 'ocr/in/letter.png.json' }));
    const { code, result } = await run({ Items: items, BatchInput: { outputBucket: 'out', outputPrefix: 'ocr' } });
    expect(code).toBe(2); // the bad documents still fail, and cheaply
    expect(result.succeeded).toEqual([]);
    expect(result.skipped).toBe(docs.filter((d) => d.expect === 'ok').length);
    const after = await s3.send(new HeadObjectCommand({ Bucket: 'out', Key: 'ocr/in/letter.png.json' }));
    expect(after.LastModified).toEqual(before.LastModified);
    expect(after.ETag).toBe(before.ETag);
  }, 120_000);

  it('fails a page over its time limit alone', async () => {
    const receipt = items.find((i) => i.Key === 'in/receipt.png')!;
    const born = items.find((i) => i.Key === 'in/born-digital.pdf')!;
    const { code, result } = await run({
      Items: [receipt, born],
      BatchInput: { outputBucket: 'out', outputPrefix: 'timeout', pageTimeoutSeconds: 0.05 },
    });
    expect(code).toBe(2);
    expect(result.failed).toEqual([
      { bucket: 'docs', key: 'in/receipt.png', error: 'page-timeout', reason: expect.stringMatching(/longer than/) },
    ]);
    expect(result.succeeded).toEqual(['in/born-digital.pdf']);
  }, 120_000);

  it('on SIGTERM takes no new document, finishes the pages in flight and exits 143', async () => {
    const receipt = items.find((i) => i.Key === 'in/receipt.png')!;
    const copies = [1, 2, 3, 4, 5, 6].map((n) => ({ ...receipt, Key: `in/receipt-${n}.png` }));
    for (const copy of copies)
      await s3.send(
        new PutObjectCommand({ Bucket: 'docs', Key: copy.Key, Body: readFileSync(join(dir, 'receipt.png')) }),
      );
    let signalled = false;
    const { code, result, lines } = await run(
      { Items: copies, BatchInput: { outputBucket: 'out', outputPrefix: 'term' } },
      { FANOUT_SHUTDOWN_GRACE_SECONDS: '60' },
      (line, kill) => {
        // The first document done: the second is still being recognised, the third and fourth are prepared (two
        // lanes per worker); the last ones cannot reach a worker before the signal, so they are left for the retry.
        if (!signalled && line.includes('"document succeeded"')) {
          signalled = true;
          kill();
        }
      },
    );
    expect(code).toBe(143);
    expect(lines.some((l) => l.includes('stopping: signal received'))).toBe(true);
    const done = result.succeeded;
    expect(done.length).toBeGreaterThanOrEqual(1);
    expect(done.length + (result.abandoned ?? []).length).toBe(copies.length);
    expect(result.abandoned).toContain('in/receipt-6.png');
    for (const copy of copies) {
      const exists = await s3
        .send(new HeadObjectCommand({ Bucket: 'out', Key: `term/${copy.Key}.json` }))
        .then(() => true)
        .catch(() => false);
      expect(exists).toBe(done.includes(copy.Key));
    }
  }, 120_000);
});
