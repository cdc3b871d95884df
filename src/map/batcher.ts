/**
 * ItemBatcher (spec §1.4): groups the selected items into child inputs `{"Items":[…]}`, or
 * `{"BatchInput":…,"Items":[…]}` with BatchInput. A batch closes at MaxItemsPerBatch items or before its
 * serialized child input would pass MaxInputBytesPerBatch (256 KiB when absent, and never more), whichever
 * comes first. Only the batch being filled is held.
 */
import { DataLimitExceededError, type ItemBatcherRequest, type Json } from '../engine';

/** The payload quota of a child's input, and the default and maximum of MaxInputBytesPerBatch. */
export const MAX_BATCH_BYTES = 256 * 1024;

export interface Batch {
  Items: Json[];
  BatchInput?: Json;
}

export async function* batchItems(items: AsyncIterable<Json>, request: ItemBatcherRequest): AsyncGenerator<Batch> {
  const maxItems =
    request.maxItemsPerBatch !== undefined && request.maxItemsPerBatch > 0 ? request.maxItemsPerBatch : Infinity;
  const maxBytes = Math.min(
    request.maxInputBytesPerBatch !== undefined && request.maxInputBytesPerBatch > 0
      ? request.maxInputBytesPerBatch
      : MAX_BATCH_BYTES,
    MAX_BATCH_BYTES,
  );
  const { batchInput } = request;
  // `{"Items":[]}` or `{"BatchInput":…,"Items":[]}`: what every batch costs before its items.
  const emptyBytes = Buffer.byteLength(
    JSON.stringify(batchInput === undefined ? { Items: [] } : { BatchInput: batchInput, Items: [] }),
  );
  let batch: Json[] = [];
  let bytes = emptyBytes;
  let index = 0;
  const make = (): Batch => (batchInput === undefined ? { Items: batch } : { BatchInput: batchInput, Items: batch });

  for await (const item of items) {
    const itemBytes = Buffer.byteLength(JSON.stringify(item) ?? 'null');
    if (emptyBytes + itemBytes > maxBytes) {
      throw new DataLimitExceededError(
        `The item at index ${index} needs a batch input of ${emptyBytes + itemBytes} bytes, ` +
          `more than the ItemBatcher's limit of ${maxBytes} bytes (MaxInputBytesPerBatch, at most 256 KiB)`,
      );
    }
    const added = batch.length === 0 ? itemBytes : itemBytes + 1; // the comma
    if (batch.length > 0 && bytes + added > maxBytes) {
      yield make();
      batch = [];
      bytes = emptyBytes;
    }
    batch.push(item);
    bytes += batch.length === 1 ? itemBytes : itemBytes + 1;
    index++;
    if (batch.length >= maxItems) {
      yield make();
      batch = [];
      bytes = emptyBytes;
    }
  }
  if (batch.length > 0) yield make();
}
