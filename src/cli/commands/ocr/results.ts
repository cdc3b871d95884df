/**
 * What became of each document of a bulk-ocr run, read from S3 after the run: the ResultWriter's SUCCEEDED lines
 * (one per batch: the documents the task could not read, with reasons) and FAILED lines (batches that failed as a
 * whole, with the task's error), and the per-document outputs.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { listObjects } from './upload';

/** The Summary state's output (workflows/bulk-ocr.asl.json). */
export interface OcrSummary {
  status: 'SUCCEEDED' | 'FAILED';
  documents: number;
  /** Documents with outputs, including those skipped as already done. */
  succeeded: number;
  skipped: number;
  failed: number;
  failedInFailedBatches: number;
  batches: number;
  failedBatches: number;
  retriedBatches: number;
  pages: number;
  ocrPages: number;
  textLayerPages: number;
  seconds: number;
  taskSeconds: number;
  pagesPerSecond: number;
  pagesPerSecondPerVcpu: number;
  estimatedCost: {
    usd: number;
    per1000Pages: number;
    for3500000Pages: number;
    capacity: string;
    vcpuHour: number;
    gbHour: number;
    taskVcpu: number;
    taskMemoryGb: number;
    priceDate: string;
    priceSource: string;
  };
  results: { bucket: string; outputPrefix: string; mapResults: string };
  dlq: string;
  error?: string;
  cause?: string;
}

export interface DocumentOutcome {
  bucket: string;
  key: string;
  /** The key under the source prefix: `a/b.png` for s3://bucket/prefix/a/b.png. */
  relative: string;
  /** `missing`: neither an output nor a failure (the run stopped before its batch ran). */
  status: 'succeeded' | 'failed' | 'missing';
  error?: string;
  reason?: string;
}

interface BatchLine {
  failed?: { bucket: string; key: string; error: string; reason: string }[];
  /** The task's phases in ms (tasks/ocr/profile.ts). */
  profile?: Record<string, number>;
}

interface FailedBatchLine {
  Error?: string;
  Cause?: string;
  Input?: string;
}

export interface OutcomeSources {
  keys: readonly string[];
  sourceBucket: string;
  sourcePrefix: string;
  resultsBucket: string;
  outputPrefix: string;
  /** The Map Run's result folder (`runs/<execution>/map/<map run id>/`), if the run got that far. */
  mapResults: string | undefined;
}

export async function readDocumentOutcomes(s3: S3Client, sources: OutcomeSources): Promise<DocumentOutcome[]> {
  const failures = new Map<string, { error: string; reason: string }>();
  if (sources.mapResults !== undefined && sources.mapResults !== '') {
    for (const object of await listObjects(s3, sources.resultsBucket, sources.mapResults)) {
      const name = object.key.slice(sources.mapResults.length);
      if (name.startsWith('SUCCEEDED_')) {
        for (const line of await jsonLines<BatchLine>(s3, sources.resultsBucket, object.key)) {
          for (const f of line.failed ?? []) failures.set(f.key, { error: f.error, reason: f.reason });
        }
      } else if (name.startsWith('FAILED_')) {
        for (const line of await jsonLines<FailedBatchLine>(s3, sources.resultsBucket, object.key)) {
          const items = (JSON.parse(line.Input ?? '{}') as { Items?: { Key: string }[] }).Items ?? [];
          for (const item of items) {
            failures.set(item.Key, { error: line.Error ?? 'States.TaskFailed', reason: line.Cause ?? '' });
          }
        }
      }
    }
  }
  const outputs = new Set((await listObjects(s3, sources.resultsBucket, `${sources.outputPrefix}/`)).map((o) => o.key));
  return sources.keys.map((key) => {
    const base = { bucket: sources.sourceBucket, key, relative: key.slice(sources.sourcePrefix.length) };
    const failure = failures.get(key);
    if (failure !== undefined) return { ...base, status: 'failed', ...failure };
    return { ...base, status: outputs.has(outputKey(sources.outputPrefix, key, 'json')) ? 'succeeded' : 'missing' };
  });
}

/** The tasks' profiles (ms per phase) summed over the batches that succeeded, and how many there were. */
export async function readTaskProfiles(
  s3: S3Client,
  sources: Pick<OutcomeSources, 'resultsBucket' | 'mapResults'>,
): Promise<{ tasks: number; task: Record<string, number> }> {
  const task: Record<string, number> = {};
  let tasks = 0;
  if (sources.mapResults === undefined || sources.mapResults === '') return { tasks, task };
  for (const object of await listObjects(s3, sources.resultsBucket, sources.mapResults)) {
    if (!object.key.slice(sources.mapResults.length).startsWith('SUCCEEDED_')) continue;
    for (const line of await jsonLines<BatchLine>(s3, sources.resultsBucket, object.key)) {
      tasks++;
      for (const [phase, ms] of Object.entries(line.profile ?? {})) task[phase] = (task[phase] ?? 0) + ms;
    }
  }
  return { tasks, task };
}

export function outputKey(outputPrefix: string, key: string, ext: 'json' | 'txt'): string {
  return `${outputPrefix === '' ? '' : `${outputPrefix}/`}${key}.${ext}`;
}

export async function text(s3: S3Client, bucket: string, key: string): Promise<string> {
  const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return (await out.Body?.transformToString('utf8')) ?? '';
}

async function jsonLines<T>(s3: S3Client, bucket: string, key: string): Promise<T[]> {
  const body = await text(s3, bucket, key);
  const trimmed = body.trim();
  if (trimmed === '') return [];
  // OutputType JSONL; a JSON array (OutputType JSON) is read too.
  if (trimmed.startsWith('[')) return JSON.parse(trimmed) as T[];
  return trimmed.split('\n').map((line) => JSON.parse(line) as T);
}
