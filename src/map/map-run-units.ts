/**
 * The work of a Map Run as a lazy stream of units, one per child execution: items (state data or the
 * ItemReader) → ItemSelector → ItemBatcher. Nothing is read before a child slot asks for the next unit, so a
 * million-row inventory never sits in memory.
 */
import type { DistributedMapRequest, Json, MapItemContext } from '../engine';
import { batchItems } from './batcher';
import type { ObjectStore } from './objects';
import { readItems } from './readers';

/** The input of one child: one item, or one batch. */
export interface MapRunUnit {
  /** The index of the (first) item. */
  itemIndex: number;
  itemCount: number;
  input: Json;
}

/** How far the source has been read: `exhausted` once the last item was read, with `read` the total. */
export interface SourceProgress {
  read: number;
  exhausted: boolean;
}

/**
 * The units of a Map Run from item `skip` on (a redrive continues where the last attempt stopped reading).
 * `progress` is updated as items are read.
 */
export async function* mapRunUnits(
  request: DistributedMapRequest,
  objects: () => ObjectStore,
  skip: number,
  progress: SourceProgress,
): AsyncGenerator<MapRunUnit> {
  const items = selectedItems(request, objects, skip, progress);
  const batcher = request.itemBatcher;
  if (batcher === undefined) {
    for await (const item of items) yield { itemIndex: item.index, itemCount: 1, input: item.input };
    return;
  }
  let next = skip;
  for await (const batch of batchItems(inputsOf(items), batcher)) {
    const unit: MapRunUnit = { itemIndex: next, itemCount: batch.Items.length, input: batch as unknown as Json };
    next += batch.Items.length;
    yield unit;
  }
}

async function* inputsOf(items: AsyncIterable<{ input: Json }>): AsyncGenerator<Json> {
  for await (const item of items) yield item.input;
}

async function* selectedItems(
  request: DistributedMapRequest,
  objects: () => ObjectStore,
  skip: number,
  progress: SourceProgress,
): AsyncGenerator<{ index: number; input: Json }> {
  let index = 0;
  for await (const item of sourceItems(request, objects)) {
    progress.read = index + 1;
    if (index >= skip) yield { index, input: await request.selectItem(item) };
    index++;
  }
  progress.read = index;
  progress.exhausted = true;
}

async function* sourceItems(
  request: DistributedMapRequest,
  objects: () => ObjectStore,
): AsyncGenerator<MapItemContext> {
  if (request.itemReader === undefined) {
    const items = request.items ?? [];
    for (let i = 0; i < items.length; i++) yield { Index: i, Value: items[i] ?? null, Source: 'STATE_DATA' };
    return;
  }
  let index = 0;
  for await (const item of readItems(request.itemReader, objects())) {
    const context: MapItemContext = { Index: index++, Value: item.value, Source: item.source };
    if (item.key !== undefined) context.Key = item.key;
    yield context;
  }
}
