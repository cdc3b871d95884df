/**
 * Parquet files: one item per row. Parquet needs random access (its footer is at the end), so the object is
 * first streamed to a temporary file; rows are then decoded one row group at a time in a worker thread.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Json } from '../../engine';
import type { ObjectRef } from './reader-failure';
import { failureIn } from './reader-failure';
import type { WorkerData, WorkerMessage } from './parquet-worker';
import { PARQUET_WORKER_SOURCE } from './parquet-worker';

export async function* parquetItems(bytes: AsyncIterable<Buffer>, ref: ObjectRef): AsyncGenerator<Json> {
  const dir = await mkdtemp(join(tmpdir(), 'fanout-parquet-'));
  const file = join(dir, 'items.parquet');
  let worker: Worker | undefined;
  try {
    await pipeline(Readable.from(bytes), createWriteStream(file));
    const workerData: WorkerData = {
      hyparquetUrl: pathToFileURL(require.resolve('hyparquet')).href,
      fzstdPath: require.resolve('fzstd'),
      file,
    };
    worker = new Worker(PARQUET_WORKER_SOURCE, { eval: true, workerData });
    const messages = workerMessages(worker);
    for (;;) {
      worker.postMessage({ type: 'next' });
      const message = await messages.next();
      if (message.type === 'end') return;
      if (message.type === 'error') throw failureIn(ref, `Cannot read the Parquet file: ${message.message}`);
      for (let i = 0; i < message.rows.length; i++) yield message.rows[i] as Json;
    }
  } finally {
    await worker?.terminate();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The worker's messages as a queue to await one by one; a crash of the worker becomes an error message. */
function workerMessages(worker: Worker): { next(): Promise<WorkerMessage> } {
  const queue: WorkerMessage[] = [];
  let waiting: ((message: WorkerMessage) => void) | undefined;
  const deliver = (message: WorkerMessage): void => {
    if (waiting === undefined) queue.push(message);
    else {
      const resolve = waiting;
      waiting = undefined;
      resolve(message);
    }
  };
  worker.on('message', (message: WorkerMessage) => deliver(message));
  worker.on('error', (error) => deliver({ type: 'error', message: error.message }));
  worker.on('exit', (code) => deliver({ type: 'error', message: `the Parquet worker exited with code ${code}` }));
  return {
    next: () => {
      const message = queue.shift();
      if (message !== undefined) return Promise.resolve(message);
      return new Promise((resolve) => (waiting = resolve));
    },
  };
}
