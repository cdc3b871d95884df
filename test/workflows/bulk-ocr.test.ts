/**
 * bulk-ocr end to end: the real endpoint with the repository's profile, the OCR task (tasks/dist/ocr, built by
 * `npm run build`) as ECS task processes, the generated documents (every bad kind included) uploaded and
 * inventoried by the same code as `fanout ocr`. One task process at a time: tesseract is heavy on two cores.
 */
import { readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { drainQueue, type DlqLetter } from '../../src/cli/commands/ocr/audit';
import { runBulkOcr, type BulkOcrOptions, type BulkOcrRun } from '../../src/cli/commands/ocr/bulk-ocr';
import type { CopiedDocument, OutputLocation } from '../../src/cli/commands/ocr/output-copier';
import { outputKey, text } from '../../src/cli/commands/ocr/results';
import { listObjects } from '../../src/cli/commands/ocr/upload';
import { cer } from '../../tasks/ocr/testdata/cer';
import type { GeneratedDocument } from '../../tasks/ocr/testdata/generate';
import { LOCAL_PROFILE, startEndpoint, type TestEndpoint } from '../support/endpoint';
import { DOCUMENT_KINDS as NAMES, generateDocuments } from '../support/ocr-documents';

jest.setTimeout(20 * 60_000);

describe('bulk-ocr: generated documents end to end', () => {
  let endpoint: TestEndpoint;
  let docsDir: string;
  let truth: GeneratedDocument[];
  let first: BulkOcrRun;
  let dlq: DlqLetter[];
  /** What the first run handed over as finished while it ran (fanout ocr copies these before the run ends). */
  const handedOver: CopiedDocument[] = [];
  const handedFrom: OutputLocation[] = [];

  beforeAll(async () => {
    endpoint = await startEndpoint({ name: 'bulk-ocr', dataDir: 'fanout', profile: LOCAL_PROFILE, maxAttempts: 3 });
    docsDir = join(endpoint.dir, 'scans');
    truth = await generateDocuments(docsDir, NAMES);
    // A nested copy of two documents: keys with folders, and 18 documents in all.
    await generateDocuments(join(docsDir, 'archive', '2024'), ['letter.png', 'born-digital.pdf']);
    rmSync(join(docsDir, 'archive', '2024', 'manifest.json'));
    renameSync(join(docsDir, 'manifest.json'), join(endpoint.dir, 'truth.json'));
    first = await run((from, documents) => {
      handedFrom.push({ resultsBucket: from.resultsBucket, outputPrefix: from.outputPrefix });
      handedOver.push(...documents);
    });
    dlq = await drainQueue(endpoint.sqs, endpoint.queueUrl('fanout-dlq'));
  });

  afterAll(() => endpoint?.stop());

  function run(onOutputs?: BulkOcrOptions['onOutputs']): Promise<BulkOcrRun> {
    return runBulkOcr({
      ...(onOutputs === undefined ? {} : { onOutputs }),
      ...endpoint.workflows,
      source: { kind: 'folder', path: docsDir },
      documentsPerTask: 6,
    });
  }

  const expected = (file: string): GeneratedDocument => truth.find((d) => d.file === file)!;

  it('succeeds, and every document is in the results or in the DLQ with its reason', () => {
    expect(first.execution.status).toBe('SUCCEEDED');
    expect(first.documents).toHaveLength(NAMES.length + 2);
    for (const doc of first.documents) {
      const want = doc.relative.startsWith('archive/') ? 'ok' : expected(doc.relative).expect;
      if (want === 'ok') {
        expect({ key: doc.relative, status: doc.status }).toEqual({ key: doc.relative, status: 'succeeded' });
      } else {
        expect({ key: doc.relative, status: doc.status, error: doc.error }).toEqual({
          key: doc.relative,
          status: 'failed',
          error: want,
        });
        const letters = dlq.filter((m) => m['key'] === doc.key);
        expect(letters).toHaveLength(1);
        expect(letters[0]).toMatchObject({ workflow: 'bulk-ocr', bucket: first.sourceBucket, error: want });
        expect(String(letters[0]!['cause'])).not.toBe('');
        expect(letters[0]!['execution']).toBe(first.executionArn);
      }
    }
    expect(dlq).toHaveLength(first.documents.filter((d) => d.status === 'failed').length);
  });

  it('hands over documents as their outputs appear, each a succeeded one, before the run ends', () => {
    expect(handedOver.length).toBeGreaterThan(0);
    for (const from of handedFrom)
      expect(from).toEqual({ resultsBucket: first.resultsBucket, outputPrefix: first.outputPrefix });
    const byKey = new Map(first.documents.map((doc) => [doc.key, doc]));
    for (const doc of handedOver) {
      expect(byKey.get(doc.key)).toMatchObject({ status: 'succeeded', relative: doc.relative });
    }
  });

  it('adds up: succeeded + failed = documents, in the summary and per document', () => {
    const summary = first.summary!;
    expect(summary.status).toBe('SUCCEEDED');
    expect(summary.documents).toBe(NAMES.length + 2);
    expect(summary.succeeded + summary.failed).toBe(summary.documents);
    expect(summary.failed).toBe(first.documents.filter((d) => d.status === 'failed').length);
    expect(summary.succeeded).toBe(first.documents.filter((d) => d.status === 'succeeded').length);
    expect(summary.batches).toBe(Math.ceil(summary.documents / 6));
    expect(summary.failedBatches).toBe(0);
    expect(summary.pages).toBeGreaterThan(summary.ocrPages);
    expect(summary.estimatedCost.capacity).toBe('FARGATE_SPOT');
    expect(summary.estimatedCost.usd).toBeGreaterThan(0);
    expect(summary.estimatedCost.per1000Pages).toBeGreaterThan(0);
    expect(summary.estimatedCost.priceDate).toBe('2026-06');
  });

  it('read the born-digital PDF from its text layer, with no OCR', async () => {
    for (const key of ['born-digital.pdf', 'archive/2024/born-digital.pdf']) {
      const record = await outputJson(key);
      const methods = record.pages.map((p) => p.method);
      expect(methods.length).toBeGreaterThan(0);
      expect(new Set(methods)).toEqual(new Set(['text-layer']));
    }
  });

  it('reads the clean generated pages with a CER under 2 %', async () => {
    const clean = truth.filter((d) => d.clean === true);
    expect(clean.length).toBeGreaterThan(0);
    for (const doc of clean) {
      const record = await outputJson(doc.file);
      doc.pages.forEach((page, i) => {
        const rate = cer(record.pages[i]?.text ?? '', page);
        expect({ file: doc.file, page: i + 1, cerBelow2Percent: rate < 0.02, rate }).toMatchObject({
          cerBelow2Percent: true,
        });
      });
    }
  });

  it('writes nothing new on a rerun: every output keeps its ETag and time; failures are reported again', async () => {
    const prefix = `${first.outputPrefix}/`;
    const before = await listObjects(endpoint.s3, first.resultsBucket, prefix);
    expect(before.length).toBe(2 * first.documents.filter((d) => d.status === 'succeeded').length);
    const again = await run();
    const after = await listObjects(endpoint.s3, first.resultsBucket, prefix);
    expect(after).toEqual(before);
    expect(again.summary).toMatchObject({
      status: 'SUCCEEDED',
      documents: first.summary!.documents,
      succeeded: first.summary!.succeeded,
      skipped: first.summary!.succeeded,
      failed: first.summary!.failed,
      ocrPages: 0,
    });
    expect(again.documents.map((d) => [d.key, d.status, d.error])).toEqual(
      first.documents.map((d) => [d.key, d.status, d.error]),
    );
    expect(await drainQueue(endpoint.sqs, endpoint.queueUrl('fanout-dlq'))).toHaveLength(first.summary!.failed);
  });

  async function outputJson(relative: string): Promise<{ pages: { method: string; text: string }[] }> {
    const key = first.documents.find((d) => d.relative === relative)!.key;
    return JSON.parse(await text(endpoint.s3, first.resultsBucket, outputKey(first.outputPrefix, key, 'json'))) as {
      pages: { method: string; text: string }[];
    };
  }

  it('keeps the ground truth next to the documents, not among them', () => {
    expect(JSON.parse(readFileSync(join(endpoint.dir, 'truth.json'), 'utf8'))).toHaveLength(NAMES.length);
  });
});
