/**
 * The ResultWriter's export (spec §1.6): `<Prefix>/<mapRunId>/SUCCEEDED_n`, `FAILED_n`, `PENDING_n` and
 * `manifest.json`. Records are streamed into the open file of their category as children end, and a file rolls
 * to n+1 when the next record would take it past `maxFileBytes` (5 GB on AWS), so nothing grows with the
 * number of children but the manifest's file list.
 *
 * OutputType JSON writes one JSON array per file, named `.json`; JSONL writes one record per line, named
 * `.jsonl` (AWS does not document the name; docs/map.md).
 */
import { StatesError, StatesErrorName, isStatesError } from '../../engine';
import type { ObjectStore, ObjectUpload } from '../objects';
import { isObjectNotFound } from '../objects';
import type { ChildResultRecord, ResultCategory } from './child-result-record';
import { categoryOf } from './child-result-record';
import type { ResultTransformation } from './transform-outputs';
import { recordEntries } from './transform-outputs';

export interface ResultTarget {
  bucket: string;
  /** ResultWriter Prefix; may be empty. */
  prefix: string;
  /** The last segment of the Map Run ARN. */
  mapRunId: string;
  mapRunArn: string;
  outputType: 'JSON' | 'JSONL';
  transformation: ResultTransformation;
}

export interface ResultFileEntry {
  Key: string;
  Size: number;
}

export interface ResultFilesOptions {
  /** A result file rolls over before it passes this many bytes. @default 5 GB, as AWS */
  maxFileBytes?: number;
  /**
   * SUCCEEDED files of earlier attempts of this Map Run (a redrive): the manifest keeps listing them, and new
   * SUCCEEDED files are numbered after them.
   */
  succeededFiles?: ResultFileEntry[];
}

export interface ResultManifest {
  DestinationBucket: string;
  MapRunArn: string;
  ResultFiles: Record<ResultCategory, ResultFileEntry[]>;
}

export const DEFAULT_MAX_RESULT_FILE_BYTES = 5 * 1024 ** 3;
const CATEGORIES: readonly ResultCategory[] = ['FAILED', 'PENDING', 'SUCCEEDED'];

interface OpenFile {
  key: string;
  upload: ObjectUpload;
  bytes: number;
  entries: number;
}

export class ResultFiles {
  private readonly maxFileBytes: number;
  private readonly written: Record<ResultCategory, ResultFileEntry[]>;
  private readonly open: Partial<Record<ResultCategory, OpenFile>> = {};
  private readonly next: Record<ResultCategory, number>;
  /** add() may be called by children ending at once: writes are queued so files stay well-formed. */
  private queue: Promise<void> = Promise.resolve();
  private failure: StatesError | undefined;
  private finished = false;

  constructor(
    private readonly store: ObjectStore,
    private readonly target: ResultTarget,
    options: ResultFilesOptions = {},
  ) {
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_RESULT_FILE_BYTES;
    const earlier = options.succeededFiles ?? [];
    this.written = { FAILED: [], PENDING: [], SUCCEEDED: [...earlier] };
    this.next = { FAILED: 0, PENDING: 0, SUCCEEDED: earlier.length };
  }

  /** Where the files go: `<Prefix>/<mapRunId>/`. */
  get folder(): string {
    const prefix = this.target.prefix.replace(/\/+$/, '');
    return prefix === '' ? `${this.target.mapRunId}/` : `${prefix}/${this.target.mapRunId}/`;
  }

  add(record: ChildResultRecord): Promise<void> {
    return this.enqueue(() => this.write(record));
  }

  /** Closes the open files and writes manifest.json; resolves with where the manifest is. */
  finish(): Promise<{ Bucket: string; Key: string }> {
    return this.enqueue(async () => {
      for (const category of CATEGORIES) await this.close(category);
      const manifest: ResultManifest = {
        DestinationBucket: this.target.bucket,
        MapRunArn: this.target.mapRunArn,
        ResultFiles: this.written,
      };
      const key = `${this.folder}manifest.json`;
      await this.store.put(this.target.bucket, key, JSON.stringify(manifest));
      this.finished = true;
      return { Bucket: this.target.bucket, Key: key };
    });
  }

  /** Gives up: open uploads are aborted, nothing more is written. */
  abort(): Promise<void> {
    return this.enqueue(async () => {
      for (const category of CATEGORIES) {
        const file = this.open[category];
        delete this.open[category];
        await file?.upload.abort();
      }
      this.finished = true;
    });
  }

  private enqueue<T>(op: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => {
      if (this.failure !== undefined) throw this.failure;
      if (this.finished) throw writerFailed('The result files are already finished');
      return op();
    });
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run.catch((error: unknown) => {
      this.failure ??= this.asFailure(error);
      throw this.failure;
    });
  }

  private async write(record: ChildResultRecord): Promise<void> {
    const category = categoryOf(record);
    const transformation = category === 'SUCCEEDED' ? this.target.transformation : 'NONE';
    const entries = recordEntries(record, transformation);
    for (const entry of entries) {
      const text = JSON.stringify(entry);
      const json = this.target.outputType === 'JSON';
      // JSON: '[' opens, ',' separates, ']' closes; JSONL: one line per entry.
      let file = this.open[category];
      const cost = Buffer.byteLength(text) + (json ? 2 : 1);
      if (file !== undefined && file.entries > 0 && file.bytes + cost > this.maxFileBytes) {
        await this.close(category);
        file = undefined;
      }
      file ??= this.openFile(category);
      const chunk = json ? `${file.entries === 0 ? '[' : ','}${text}` : `${text}\n`;
      await file.upload.write(chunk);
      file.bytes += Buffer.byteLength(chunk);
      file.entries++;
    }
  }

  private openFile(category: ResultCategory): OpenFile {
    const n = this.next[category]++;
    const extension = this.target.outputType === 'JSONL' ? 'jsonl' : 'json';
    const key = `${this.folder}${category}_${n}.${extension}`;
    const file: OpenFile = { key, upload: this.store.upload(this.target.bucket, key), bytes: 0, entries: 0 };
    this.open[category] = file;
    return file;
  }

  private async close(category: ResultCategory): Promise<void> {
    const file = this.open[category];
    if (file === undefined) return;
    delete this.open[category];
    if (this.target.outputType === 'JSON') {
      await file.upload.write(file.entries === 0 ? '[]' : ']');
    }
    const { size } = await file.upload.complete();
    this.written[category].push({ Key: file.key, Size: size });
  }

  private asFailure(error: unknown): StatesError {
    if (isStatesError(error)) return error;
    if (isObjectNotFound(error) && error.code === 'NoSuchBucket') {
      return writerFailed(`The bucket '${this.target.bucket}' does not exist`);
    }
    const message = (error as { message?: unknown } | null)?.message;
    return writerFailed(
      `Could not write the results to s3://${this.target.bucket}/${this.folder}: ${typeof message === 'string' ? message : String(error)}`,
    );
  }
}

function writerFailed(cause: string): StatesError {
  return new StatesError(StatesErrorName.ResultWriterFailed, cause);
}
