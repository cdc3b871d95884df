/**
 * The JSON document `fanout demo etl --json` prints: the execution, each source's outcome (from the Map's result
 * in the history, so a night that failed as a whole still lists its sources), the night's DLQ messages and the
 * warehouse's row count per table (read from the DuckDB file the load job keeps in S3).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { DescribeExecutionOutput, HistoryEvent } from '@aws-sdk/client-sfn';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { receiveAll, release } from '../../../operator';
import type { Substitutions } from '../../../integrations';

export interface SourceOutcome {
  name: string;
  status: string;
  attempts: number | null;
  rowsRead: number | null;
  rowsLoaded: number | null;
  rowsQuarantined: number | null;
  duplicatesDropped: number | null;
  /** Not in issue 5's sketch, but without it the counts of a source do not add up to rowsRead. */
  lateRowsDropped: number | null;
  seconds: number | null;
  error: string | null;
  cause: string | null;
}

export interface NightDocument {
  executionArn: string;
  status: string;
  runDate: string;
  /** Set when the night did not succeed. */
  error?: string;
  cause?: string;
  sources: SourceOutcome[];
  dlq: { messages: number };
  warehouse: { tables: Record<string, number> };
}

export const MAP_STATE = 'ExtractTransform';
export const WAREHOUSE_KEY = 'warehouse/warehouse.duckdb';

export interface DescribeNightInput {
  s3: S3Client;
  sqs: SQSClient;
  execution: DescribeExecutionOutput;
  events: readonly HistoryEvent[];
  runDate: string;
  substitutions: Substitutions;
}

export async function describeNight(input: DescribeNightInput): Promise<NightDocument> {
  const executionArn = input.execution.executionArn ?? '';
  const document: NightDocument = {
    executionArn,
    status: input.execution.status ?? 'UNKNOWN',
    runDate: input.runDate,
    sources: sourcesOf(input.events),
    dlq: { messages: await dlqMessagesOf(input.sqs, input.substitutions['DlqUrl'] ?? '', executionArn) },
    warehouse: { tables: await warehouseTables(input.s3, input.substitutions['EtlLakeBucket'] ?? '') },
  };
  if (input.execution.status !== 'SUCCEEDED') {
    document.error = input.execution.error ?? '';
    document.cause = input.execution.cause ?? '';
  }
  return document;
}

/** The per-source results: the output of the Map state, as the history recorded it. */
export function sourcesOf(events: readonly HistoryEvent[]): SourceOutcome[] {
  const exited = events.find((e) => e.type === 'MapStateExited' && e.stateExitedEventDetails?.name === MAP_STATE);
  const output = exited?.stateExitedEventDetails?.output;
  if (output === undefined) return [];
  const results = JSON.parse(output) as unknown;
  if (!Array.isArray(results)) return [];
  return results.map((raw: Record<string, unknown>) => ({
    name: text(raw['name']) ?? '?',
    status: text(raw['status']) ?? 'FAILED',
    attempts: count(raw['attempts']),
    rowsRead: count(raw['rowsRead']),
    rowsLoaded: count(raw['rowsLoaded']),
    rowsQuarantined: count(raw['rowsQuarantined']),
    duplicatesDropped: count(raw['duplicatesDropped']),
    lateRowsDropped: count(raw['lateRowsDropped']),
    seconds: count(raw['seconds']),
    // A child that failed outright (rather than parking its source) has {Error, Cause} as its result.
    error: text(raw['error']) ?? text(raw['Error']) ?? null,
    cause: text(raw['cause']) ?? text(raw['Cause']) ?? null,
  }));
}

/** DLQ messages this execution sent (the queue keeps earlier nights' too); read without consuming them. */
async function dlqMessagesOf(sqs: SQSClient, queueUrl: string, executionArn: string): Promise<number> {
  if (queueUrl === '') return 0;
  const messages = await receiveAll(sqs, queueUrl);
  await release(sqs, queueUrl, messages);
  return messages.filter((m) => {
    try {
      return (JSON.parse(m.Body ?? '{}') as { execution?: unknown }).execution === executionArn;
    } catch {
      return false;
    }
  }).length;
}

/** Row count per table of the warehouse file in S3; {} before the first load. */
export async function warehouseTables(s3: S3Client, bucket: string): Promise<Record<string, number>> {
  let bytes: Uint8Array;
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: WAREHOUSE_KEY }));
    bytes = (await object.Body?.transformToByteArray()) ?? new Uint8Array();
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'NoSuchKey' || name === 'NoSuchBucket') return {};
    throw error;
  }
  const dir = await mkdtemp(join(tmpdir(), 'fanout-warehouse-'));
  try {
    const file = join(dir, 'warehouse.duckdb');
    await writeFile(file, bytes);
    return await countTables(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function countTables(file: string): Promise<Record<string, number>> {
  // Loaded only here: DuckDB is a large native module that no other command needs.
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    const tables = (
      await connection.runAndReadAll(`SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1`)
    ).getRowObjectsJson();
    const out: Record<string, number> = {};
    for (const row of tables) {
      const name = typeof row['table_name'] === 'string' ? row['table_name'] : '';
      if (name === '') continue;
      const counted = await connection.runAndReadAll(`SELECT count(*)::BIGINT AS n FROM "${name.replace(/"/g, '""')}"`);
      out[name] = Number(counted.getRowObjectsJson()[0]?.['n'] ?? 0);
    }
    return out;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function count(value: unknown): number | null {
  return typeof value === 'number' ? value : null;
}
