import type { Json } from '../../json';
import { jsonEquals } from '../../jsonpath/json-equals';
import { arrayArg, integerArg, intrinsicFailure } from './arguments';
import type { IntrinsicFunction } from './types';

/** AWS's cap on the length of the array States.ArrayRange produces. */
const MAX_RANGE_ITEMS = 1000;

export const statesArray: IntrinsicFunction = (args) => [...args];

export const statesArrayPartition: IntrinsicFunction = (args) => {
  const array = arrayArg('States.ArrayPartition', args, 0);
  const size = integerArg('States.ArrayPartition', args, 1);
  if (size <= 0) throw intrinsicFailure('States.ArrayPartition', `the chunk size must be positive, but was ${size}`);
  const chunks: Json[] = [];
  for (let i = 0; i < array.length; i += size) chunks.push(array.slice(i, i + size));
  return chunks;
};

export const statesArrayContains: IntrinsicFunction = (args) => {
  const array = arrayArg('States.ArrayContains', args, 0);
  const wanted = args[1] ?? null;
  return array.some((item) => jsonEquals(item, wanted));
};

export const statesArrayRange: IntrinsicFunction = (args) => {
  const start = integerArg('States.ArrayRange', args, 0);
  const end = integerArg('States.ArrayRange', args, 1);
  const step = integerArg('States.ArrayRange', args, 2);
  if (step === 0) throw intrinsicFailure('States.ArrayRange', 'the step cannot be 0');
  const count = Math.max(0, Math.floor((end - start) / step) + 1);
  if (count > MAX_RANGE_ITEMS) {
    throw intrinsicFailure('States.ArrayRange', `the range has ${count} items; the maximum is ${MAX_RANGE_ITEMS}`);
  }
  const range: number[] = [];
  for (let i = 0; i < count; i++) range.push(start + i * step);
  return range;
};

export const statesArrayGetItem: IntrinsicFunction = (args) => {
  const array = arrayArg('States.ArrayGetItem', args, 0);
  const index = integerArg('States.ArrayGetItem', args, 1);
  if (index < 0 || index >= array.length) {
    throw intrinsicFailure(
      'States.ArrayGetItem',
      `index ${index} is out of bounds for an array of length ${array.length}`,
    );
  }
  return array[index]!;
};

export const statesArrayLength: IntrinsicFunction = (args) => arrayArg('States.ArrayLength', args, 0).length;

/** Keeps the first occurrence of each value (compared structurally), in order. */
export const statesArrayUnique: IntrinsicFunction = (args) => {
  const array = arrayArg('States.ArrayUnique', args, 0);
  const unique: Json[] = [];
  const seenPrimitives = new Set<Json>();
  for (const item of array) {
    if (typeof item !== 'object' || item === null) {
      if (seenPrimitives.has(item)) continue;
      seenPrimitives.add(item);
      unique.push(item);
    } else if (!unique.some((u) => jsonEquals(u, item))) {
      unique.push(item);
    }
  }
  return unique;
};
