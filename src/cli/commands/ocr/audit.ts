/**
 * Exactly-once accounting of a finished local bulk-ocr run (bench/chaos, test/workflows/chaos.test.ts): every
 * document must have its output written once or one DLQ message, never both and never neither. Reads the outputs
 * (S3), the DLQ (drained), the batches' histories (attempts, heartbeat timeouts), the task logs of the data
 * directory (which task wrote which document) and the server's log (which tasks Spot chaos interrupted).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListMapRunsCommand,
  type HistoryEvent,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { readLogIndex, type LogRecord } from '../../../integrations';
import type { BulkOcrRun } from './bulk-ocr';
import { outputKey } from './results';
import { listObjects } from './upload';

const CREDENTIALS = { accessKeyId: 'fanout', secretAccessKey: 'fanout' };
/** What the local ECS runner logs when chaos reclaims a Spot task (src/integrations/ecs/launch.ts). */
const SPOT_STOP = /ecs: task (\S+) \(\S+\) stopping: Your Spot Task was interrupted\./g;

export interface DlqLetter {
  bucket?: string;
  key?: string;
  error?: string;
  cause?: string;
  [field: string]: unknown;
}

export interface InterruptedBatch {
  task: string;
  /** The batch's child execution. */
  batch: string;
  /** The batch's final status. */
  status: string;
  /** A later task of the same batch ran (the retry). */
  retried: boolean;
  /** The interrupted task had already answered (SendTaskSuccess) when it was stopped, so no retry was needed. */
  answered: boolean;
}

export interface OcrAudit {
  documents: number;
  /** Documents with their `.json` output. */
  succeeded: number;
  /** Documents with a DLQ message. */
  deadLettered: number;
  outputs: { json: number; txt: number };
  /** Documents written more than once (task logs), dead-lettered more than once, or both written and dead-lettered. */
  duplicates: string[];
  /** Documents with neither an output nor a DLQ message. */
  lost: string[];
  /** Documents whose output was written by a task whose log lines were cut off (an orphan of the crash). */
  writtenUnlogged: string[];
  /** Documents started again after an interrupted attempt left them unfinished (at-least-once, nothing written). */
  redone: number;
  batches: number;
  /** Task processes the batches ran (attempts, including re-runs after the crash). */
  tasks: number;
  /** Batch attempts beyond the first (RunOcr TaskScheduled − 1 per batch). */
  retries: number;
  heartbeatTimeouts: number;
  /** Tasks stopped with StopCode SpotInterruption. */
  interruptions: number;
  interrupted: InterruptedBatch[];
  /** Per document: DLQ letters (drained from the queue). */
  letters: Map<string, DlqLetter[]>;
}

export interface AuditOptions {
  endpoint: string;
  client: SFNClient;
  /** The server's data directory (task logs). */
  dataDir: string;
  /** The server's log (both servers' when it was restarted). */
  serverLog: string;
  /** The DLQ's URL on `endpoint`. @default `<endpoint>/000000000000/fanout-dlq` */
  dlqUrl?: string;
}

export async function auditBulkOcr(run: BulkOcrRun, options: AuditOptions): Promise<OcrAudit> {
  const config = { endpoint: options.endpoint, region: 'us-east-1', credentials: CREDENTIALS };
  const s3 = new S3Client({ ...config, forcePathStyle: true });
  const sqs = new SQSClient(config);
  try {
    const outputs = await listObjects(s3, run.resultsBucket, `${run.outputPrefix}/`);
    const names = new Set(outputs.map((o) => o.key));
    const letters = new Map<string, DlqLetter[]>();
    for (const letter of await drainQueue(sqs, options.dlqUrl ?? `${options.endpoint}/000000000000/fanout-dlq`)) {
      const key = String(letter.key);
      letters.set(key, [...(letters.get(key) ?? []), letter]);
    }

    const batches = await mapRunChildren(options.client, run.executionArn);
    const logs = readLogIndex(options.dataDir).filter((r) => batches.has(r.executionArn));
    const writes = new Map<string, number>();
    let redone = 0;
    const answered = new Set<string>();
    for (const record of logs) {
      for (const line of logLines(options.dataDir, record)) {
        const key = typeof line['key'] === 'string' ? line['key'] : undefined;
        if (line['msg'] === 'document succeeded' && key !== undefined) writes.set(key, (writes.get(key) ?? 0) + 1);
        else if (line['msg'] === 'document abandoned') redone++;
        else if (line['msg'] === 'task succeeded') answered.add(record.arn);
      }
    }

    let retries = 0;
    let heartbeatTimeouts = 0;
    const status = new Map<string, string>();
    for (const batch of batches) {
      const events = await history(options.client, batch);
      const attempts = events.filter(
        (e) => e.type === 'TaskScheduled' && e.taskScheduledEventDetails?.resourceType === 'ecs',
      );
      retries += Math.max(0, attempts.length - 1);
      heartbeatTimeouts += events.filter((e) => e.type === 'TaskTimedOut').length;
      const described = await options.client.send(new DescribeExecutionCommand({ executionArn: batch }));
      status.set(batch, described.status ?? 'UNKNOWN');
    }

    const interrupted: InterruptedBatch[] = [];
    for (const match of options.serverLog.matchAll(SPOT_STOP)) {
      const id = match[1]!;
      const record = logs.find((r) => r.arn.endsWith(`/${id}`));
      if (record === undefined) continue;
      const later = logs.some((r) => r.executionArn === record.executionArn && r.startedAt > record.startedAt);
      interrupted.push({
        task: record.arn,
        batch: record.executionArn,
        status: status.get(record.executionArn) ?? 'UNKNOWN',
        retried: later,
        answered: answered.has(record.arn),
      });
    }

    const duplicates: string[] = [];
    const lost: string[] = [];
    const writtenUnlogged: string[] = [];
    let succeeded = 0;
    let deadLettered = 0;
    for (const doc of run.documents) {
      const written = names.has(outputKey(run.outputPrefix, doc.key, 'json'));
      const dead = letters.get(doc.key)?.length ?? 0;
      if (written) succeeded++;
      if (dead > 0) deadLettered++;
      const times = writes.get(doc.key) ?? 0;
      if (written && times === 0) writtenUnlogged.push(doc.key);
      if (times > 1 || dead > 1 || (written && dead > 0)) duplicates.push(doc.key);
      if (!written && dead === 0) lost.push(doc.key);
    }
    return {
      documents: run.documents.length,
      succeeded,
      deadLettered,
      outputs: {
        json: outputs.filter((o) => o.key.endsWith('.json')).length,
        txt: outputs.filter((o) => o.key.endsWith('.txt')).length,
      },
      duplicates,
      lost,
      writtenUnlogged,
      redone,
      batches: batches.size,
      tasks: logs.length,
      retries,
      heartbeatTimeouts,
      interruptions: interrupted.length,
      interrupted,
      letters,
    };
  } finally {
    s3.destroy();
    sqs.destroy();
  }
}

/** Receives and deletes every message of a queue; returns their bodies parsed as JSON. */
export async function drainQueue(sqs: SQSClient, queueUrl: string): Promise<DlqLetter[]> {
  const out: DlqLetter[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    if (Messages.length === 0) return out;
    for (const m of Messages) {
      out.push(JSON.parse(m.Body ?? '{}') as DlqLetter);
      await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: m.ReceiptHandle }));
    }
  }
}

/** The child executions (batches) of the run's `documents` Map Run. */
async function mapRunChildren(client: SFNClient, executionArn: string): Promise<Set<string>> {
  const runs = await client.send(new ListMapRunsCommand({ executionArn }));
  const mapRunArn = runs.mapRuns?.find((r) => r.mapRunArn?.includes('/documents:') === true)?.mapRunArn;
  const out = new Set<string>();
  if (mapRunArn === undefined) return out;
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListExecutionsCommand({ mapRunArn, maxResults: 1000, nextToken }));
    for (const e of page.executions ?? []) if (e.executionArn !== undefined) out.add(e.executionArn);
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return out;
}

async function history(client: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return events;
}

/** The JSON lines of a task's log (the runner may prefix a container name; other lines are skipped). */
function logLines(dataDir: string, record: LogRecord): Record<string, unknown>[] {
  let text: string;
  try {
    text = readFileSync(join(dataDir, 'logs', record.file), 'utf8');
  } catch {
    return [];
  }
  const out: Record<string, unknown>[] = [];
  for (const line of text.split('\n')) {
    const start = line.indexOf('{');
    if (start < 0) continue;
    try {
      const value = JSON.parse(line.slice(start)) as unknown;
      if (value !== null && typeof value === 'object' && !Array.isArray(value))
        out.push(value as Record<string, unknown>);
    } catch {
      // not a log line (a cut-off line, or output that is not JSON)
    }
  }
  return out;
}
