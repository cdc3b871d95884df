import { stringifyJson, type Json, type JsonObject } from '../../json';
import { javaHashMapOrder } from '../../java-hash-order';
import { booleanArg, intrinsicFailure, objectArg, stringArg } from './arguments';
import type { IntrinsicFunction } from './types';

/** Blank text parses to null, as AWS returned for "" and " ". */
export const statesStringToJson: IntrinsicFunction = (args) => {
  const text = stringArg('States.StringToJson', args, 0);
  if (text.trim() === '') return null;
  let parsed: Json;
  try {
    parsed = JSON.parse(text) as Json;
  } catch {
    throw intrinsicFailure('States.StringToJson', `the string is not valid JSON: ${text}`);
  }
  return Object.is(parsed, -0) ? 0 : parsed;
};

export const statesJsonToString: IntrinsicFunction = (args) => stringifyJson(args[0] ?? null);

/** Shallow merge only: AWS rejects deep merging (third argument true). */
export const statesJsonMerge: IntrinsicFunction = (args) => {
  const left = objectArg('States.JsonMerge', args, 0);
  const right = objectArg('States.JsonMerge', args, 1);
  if (booleanArg('States.JsonMerge', args, 2)) {
    throw intrinsicFailure('States.JsonMerge', 'deep merging is not supported; the third argument must be false');
  }
  // AWS builds the merged object as a Java HashMap: its keys come out in that map's order (`test_json_merge`).
  const merged: JsonObject = { ...left, ...right };
  return Object.fromEntries(javaHashMapOrder(Object.keys(merged)).map((key) => [key, merged[key]!]));
};
