/**
 * Incremental OCR end to end: `fanout serve`'s rules file and schedule on the real endpoint, 50 documents uploaded
 * with the unchanged @aws-sdk/client-s3 into the watched documents bucket, the S3 events routed by the
 * documents-arrived rule into the arrivals queue, and the schedule's incremental-ocr drain OCR'ing them in batches
 * with the compiled OCR task. Born-digital PDFs and small scans keep the CPU modest.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { drainQueue } from '../../src/cli/commands/ocr/audit';
import { outputKey, text } from '../../src/cli/commands/ocr/results';
import { LOCAL_PROFILE, ROOT, startEndpoint, type TestEndpoint } from '../support/endpoint';
import { generateDocuments } from '../support/ocr-documents';

const DOCUMENTS = 'fanout-documents';
const RESULTS = 'fanout-results';

jest.setTimeout(5 * 60_000);

describe('incremental OCR: uploads to the watched bucket are OCR by a scheduled drain', () => {
  let endpoint: TestEndpoint;
  let s3: TestEndpoint['s3'];
  const keys: string[] = [];

  beforeAll(async () => {
    endpoint = await startEndpoint({
      name: 'incremental-ocr',
      dataDir: 'fanout',
      maxAttempts: 3,
      profile: LOCAL_PROFILE,
      rules: join(ROOT, 'workflows', 'rules.json'),
      setUp: async (dir) => {
        await generateDocuments(join(dir, 'docs'), ['born-digital.pdf', 'lowres.png', 'corrupt.png']);
        // The drain's own schedule, its rate slots anchored so that the first one rings a few seconds from now.
        const schedules = join(dir, 'schedules.json');
        const schedule = JSON.parse(readFileSync(join(ROOT, 'workflows', 'schedules.json'), 'utf8')) as {
          schedules: { name: string; startDate?: string }[];
        };
        const drain = schedule.schedules.find((s) => s.name === 'incremental-ocr')!;
        drain.startDate = new Date(Date.now() - 55_000).toISOString();
        writeFileSync(schedules, JSON.stringify({ schedules: [drain] }));
        return { schedules };
      },
    });
    s3 = endpoint.s3;
    const docs = join(endpoint.dir, 'docs');
    // The results bucket exists as `fanout ocr` (locally) or the stack (on AWS) made it; the rules file made the
    // documents bucket and switched its EventBridge notifications on.
    await s3.send(new CreateBucketCommand({ Bucket: RESULTS }));
    for (let i = 0; i < 47; i++) keys.push(`arrivals/letter-${String(i).padStart(2, '0')}.pdf`);
    keys.push('arrivals/scan-a.png', 'arrivals/scan-b.png', 'arrivals/corrupt.png');
    const source = (key: string): string =>
      join(
        docs,
        key.endsWith('.pdf') ? 'born-digital.pdf' : key.endsWith('corrupt.png') ? 'corrupt.png' : 'lowres.png',
      );
    // Distinct bytes per key, so no two documents share an ETag.
    const body = (key: string): Buffer => Buffer.concat([readFileSync(source(key)), Buffer.from(`\n%${key}\n`)]);
    for (let i = 0; i < keys.length; i += 10) {
      await Promise.all(
        keys.slice(i, i + 10).map((Key) => s3.send(new PutObjectCommand({ Bucket: DOCUMENTS, Key, Body: body(Key) }))),
      );
    }
  });

  afterAll(() => endpoint?.stop());

  it('OCRs every upload within a minute, in a handful of executions, the corrupt one in the DLQ, none twice', async () => {
    const uploaded = Date.now();
    const expected = keys.filter((k) => !k.endsWith('corrupt.png')).map((k) => outputKey('text', k, 'json'));
    const dlqUrl = endpoint.queueUrl('fanout-dlq');
    const letters: Record<string, unknown>[] = [];
    let outputs = new Set<string>();
    while (Date.now() - uploaded < 60_000) {
      const listed = await s3.send(new ListObjectsV2Command({ Bucket: RESULTS, Prefix: 'text/arrivals/' }));
      outputs = new Set((listed.Contents ?? []).map((o) => o.Key!));
      letters.push(...(await drainQueue(endpoint.sqs, dlqUrl)));
      if (expected.every((k) => outputs.has(k)) && letters.length >= 1) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const seconds = (Date.now() - uploaded) / 1000;
    process.stdout.write(`incremental OCR: ${keys.length} uploads done in ${seconds.toFixed(1)} s\n`);
    expect(expected.filter((k) => !outputs.has(k))).toEqual([]);
    expect(seconds).toBeLessThan(60);
    const result = JSON.parse(await text(s3, RESULTS, outputKey('text', 'arrivals/letter-00.pdf', 'json'))) as object;
    expect(JSON.stringify(result)).toContain('arrivals/letter-00.pdf');

    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      workflow: 'incremental-ocr',
      bucket: DOCUMENTS,
      key: 'arrivals/corrupt.png',
      error: 'corrupt',
    });
    expect(String(letters[0]!['cause'])).not.toBe('');

    const machine = `arn:aws:states:us-east-1:000000000000:stateMachine:incremental-ocr`;
    const { executions = [] } = await endpoint.sfn.send(new ListExecutionsCommand({ stateMachineArn: machine }));
    process.stdout.write(`incremental OCR: started by ${executions.length} execution(s)\n`);
    expect(executions.length).toBeGreaterThanOrEqual(1);
    expect(executions.length).toBeLessThanOrEqual(3);

    // Each batch file lists the documents given to one task: every upload is in exactly one.
    const batches = await s3.send(new ListObjectsV2Command({ Bucket: RESULTS, Prefix: 'incremental/' }));
    const batched: string[] = [];
    for (const object of batches.Contents ?? []) {
      const batch = JSON.parse(await text(s3, RESULTS, object.Key!)) as { Items: { Key: string }[] };
      batched.push(...batch.Items.map((item) => item.Key));
    }
    expect(batched.sort()).toEqual([...keys].sort());
  });
});
