/**
 * The Distributed Map's ItemReader: items out of S3, pulled lazily as the Map Run asks for them. MaxItems stops
 * the reading itself: no further page is listed and no further file is opened.
 */
import type { ItemReaderRequest } from '../../engine';
import type { ObjectStore } from '../objects';
import { athenaItems } from './athena-items';
import { fileItems } from './file-items';
import { inventoryItems } from './inventory-items';
import { listAndLoadItems, listItems } from './list-objects';
import type { ReadItem } from './read-item';
import { planReader } from './reader-config';

export type { ReadItem } from './read-item';

export function readItems(request: ItemReaderRequest, store: ObjectStore): AsyncIterable<ReadItem> {
  return limited(request, store);
}

async function* limited(request: ItemReaderRequest, store: ObjectStore): AsyncGenerator<ReadItem> {
  const max = request.maxItems === undefined || request.maxItems <= 0 ? Infinity : request.maxItems;
  let count = 0;
  if (count >= max) return;
  for await (const item of unlimited(request, store)) {
    yield item;
    if (++count >= max) return;
  }
}

function unlimited(request: ItemReaderRequest, store: ObjectStore): AsyncIterable<ReadItem> {
  const plan = planReader(request);
  const version = 'versionId' in plan && plan.versionId !== undefined ? { versionId: plan.versionId } : {};
  switch (plan.kind) {
    case 'object':
      return fileItems(store, { bucket: plan.bucket, key: plan.key, ...version }, plan.format);
    case 'inventory':
      return inventoryItems(store, { bucket: plan.bucket, key: plan.key, ...version }, plan.csv);
    case 'athena':
      return athenaItems(store, { bucket: plan.bucket, key: plan.key, ...version }, plan.format);
    case 'list':
      return listItems(store, plan.bucket, plan.prefix);
    case 'list-and-load':
      return listAndLoadItems(store, plan.bucket, plan.prefix, plan.format);
  }
}
