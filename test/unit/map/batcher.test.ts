import type { Json } from '../../../src/engine/json';
import { batchItems } from '../../../src/map/batcher';
import { collect } from './support/collect';

// eslint-disable-next-line @typescript-eslint/require-await
async function* from(items: Json[]): AsyncGenerator<Json> {
  yield* items;
}

const bytes = (batch: object): number => Buffer.byteLength(JSON.stringify(batch));

describe('ItemBatcher', () => {
  test('1,130 items at 100 per batch make 12 batches, the last holding 30', async () => {
    const items = Array.from({ length: 1130 }, (_, i) => i);
    const batches = await collect(batchItems(from(items), { maxItemsPerBatch: 100 }));
    expect(batches).toHaveLength(12);
    expect(batches.slice(0, 11).every((b) => b.Items.length === 100)).toBe(true);
    expect(batches[11]!.Items).toEqual(items.slice(1100));
    expect(batches.flatMap((b) => b.Items)).toEqual(items);
  });

  test('BatchInput rides along in every batch, first', async () => {
    const batches = await collect(batchItems(from([1, 2, 3]), { maxItemsPerBatch: 2, batchInput: { run: 'x' } }));
    expect(batches).toEqual([
      { BatchInput: { run: 'x' }, Items: [1, 2] },
      { BatchInput: { run: 'x' }, Items: [3] },
    ]);
    expect(JSON.stringify(batches[0])).toBe('{"BatchInput":{"run":"x"},"Items":[1,2]}');
  });

  test('MaxInputBytesPerBatch counts the serialized child input, BatchInput included', async () => {
    const items = Array.from({ length: 50 }, (_, i) => ({ id: i, pad: 'x'.repeat(20) }));
    const limit = 200;
    const batches = await collect(batchItems(from(items), { maxInputBytesPerBatch: limit, batchInput: { b: 'yyyy' } }));
    for (const batch of batches) expect(bytes(batch)).toBeLessThanOrEqual(limit);
    // Each batch is as full as the limit allows: one more item would not fit.
    for (let i = 0; i < batches.length - 1; i++) {
      const next = batches[i + 1]!.Items[0]!;
      expect(bytes({ ...batches[i], Items: [...batches[i]!.Items, next] })).toBeGreaterThan(limit);
    }
    expect(batches.flatMap((b) => b.Items)).toEqual(items);
  });

  test('with both limits, the count is reduced so the byte limit holds', async () => {
    const items = Array.from({ length: 10 }, () => 'x'.repeat(30));
    const batches = await collect(batchItems(from(items), { maxItemsPerBatch: 5, maxInputBytesPerBatch: 80 }));
    expect(batches.map((b) => b.Items.length)).toEqual([2, 2, 2, 2, 2]);
  });

  test('no byte limit given: batches stop at 256 KiB, and a larger limit is capped there', async () => {
    const items = Array.from({ length: 100 }, () => 'x'.repeat(10_000));
    for (const request of [{ maxItemsPerBatch: 1000 }, { maxInputBytesPerBatch: 10_000_000 }]) {
      const batches = await collect(batchItems(from(items), request));
      expect(batches.map((b) => b.Items.length)).toEqual([26, 26, 26, 22]);
      for (const batch of batches) expect(bytes(batch)).toBeLessThanOrEqual(256 * 1024);
    }
  });

  test('an item that alone exceeds the byte limit fails clearly', async () => {
    const run = collect(batchItems(from([1, 'x'.repeat(300)]), { maxInputBytesPerBatch: 100 }));
    await expect(run).rejects.toMatchObject({
      error: 'States.DataLimitExceeded',
      cause:
        "The item at index 1 needs a batch input of 314 bytes, more than the ItemBatcher's limit of 100 bytes (MaxInputBytesPerBatch, at most 256 KiB)",
    });
  });
});
