/**
 * The Parquet decoder runs in a worker thread: hyparquet is ESM-only, and a worker loads it with Node's own
 * loader whatever loads this module (CommonJS, or jest's VM, which cannot import ESM). It also keeps decoding
 * off the event loop. The worker reads one row group per request, so at most one row group is in memory.
 */

/** main → worker: read the next row group. */
export interface NextRowGroup {
  type: 'next';
}

/** worker → main. */
export type WorkerMessage =
  { type: 'rows'; rows: unknown[]; firstRow: number } | { type: 'end' } | { type: 'error'; message: string };

export interface WorkerData {
  hyparquetUrl: string;
  fzstdPath: string;
  file: string;
}

/** AWS's limits on Parquet item files (input-output-itemreader). */
export const MAX_FOOTER_BYTES = 5 * 1024 * 1024;
export const MAX_ROW_GROUP_BYTES = 256 * 1024 * 1024;

/**
 * Values become JSON: INT64 as a number (a string beyond 2^53, which a number would corrupt), timestamps and
 * dates as ISO-8601 strings, binary as base64, nested groups as objects and arrays.
 */
export const PARQUET_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const zlib = require('node:zlib');
const fzstd = require(workerData.fzstdPath);
const MAX_FOOTER_BYTES = ${MAX_FOOTER_BYTES};
const MAX_ROW_GROUP_BYTES = ${MAX_ROW_GROUP_BYTES};
const compressors = {
  GZIP: (input) => new Uint8Array(zlib.unzipSync(input)),
  ZSTD: (input) => fzstd.decompress(input),
  BROTLI: (input) => new Uint8Array(zlib.brotliDecompressSync(input)),
};
function toJson(value) {
  if (value === undefined || value === null) return null;
  if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? (Object.is(value, -0) ? 0 : value) : String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (Array.isArray(value) || ArrayBuffer.isView(value)) return Array.from(value, toJson);
  if (typeof value === 'object') {
    const out = {};
    for (const key of Object.keys(value)) out[key] = toJson(value[key]);
    return out;
  }
  return value;
}
let state;
async function open() {
  const hq = await import(workerData.hyparquetUrl);
  const file = await hq.asyncBufferFromFile(workerData.file);
  if (file.byteLength < 12) throw new Error('not a Parquet file: it is ' + file.byteLength + ' bytes long');
  const tail = Buffer.from(await file.slice(file.byteLength - 8));
  if (tail.toString('latin1', 4) !== 'PAR1') throw new Error('not a Parquet file: no PAR1 magic at its end');
  const footer = tail.readUInt32LE(0);
  if (footer > MAX_FOOTER_BYTES) throw new Error('its footer is ' + footer + ' bytes; the limit is 5 MB');
  const metadata = await hq.parquetMetadataAsync(file);
  return { hq, file, metadata, group: 0, firstRow: 0 };
}
async function next() {
  state ??= await open();
  const { hq, file, metadata } = state;
  const group = metadata.row_groups[state.group];
  if (group === undefined) return parentPort.postMessage({ type: 'end' });
  state.group++;
  let compressed = 0;
  for (const column of group.columns) compressed += Number(column.meta_data?.total_compressed_size ?? 0);
  if (compressed > MAX_ROW_GROUP_BYTES) {
    throw new Error('row group ' + (state.group - 1) + ' is ' + compressed + ' bytes; the limit is 256 MB');
  }
  const rowStart = state.firstRow;
  const rowEnd = rowStart + Number(group.num_rows);
  state.firstRow = rowEnd;
  const rows = await hq.parquetReadObjects({ file, metadata, rowStart, rowEnd, compressors });
  parentPort.postMessage({ type: 'rows', rows: rows.map(toJson), firstRow: rowStart });
}
parentPort.on('message', () => {
  next().catch((error) => parentPort.postMessage({ type: 'error', message: String((error && error.message) || error) }));
});
`;
