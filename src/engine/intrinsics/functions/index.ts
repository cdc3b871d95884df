import type { IntrinsicName } from '../ast';
import {
  statesArray,
  statesArrayContains,
  statesArrayGetItem,
  statesArrayLength,
  statesArrayPartition,
  statesArrayRange,
  statesArrayUnique,
} from './array';
import { statesBase64Decode, statesBase64Encode, statesHash } from './encoding';
import { statesJsonMerge, statesJsonToString, statesStringToJson } from './json';
import { statesMathAdd, statesMathRandom } from './math';
import { statesFormat, statesStringSplit } from './string';
import type { IntrinsicFunction } from './types';
import { statesUuid } from './uuid';

/** Keyed on every IntrinsicName, so a function missing here fails to compile. */
export const INTRINSIC_FUNCTIONS: Readonly<Record<IntrinsicName, IntrinsicFunction>> = {
  'States.Format': statesFormat,
  'States.StringToJson': statesStringToJson,
  'States.JsonToString': statesJsonToString,
  'States.Array': statesArray,
  'States.ArrayPartition': statesArrayPartition,
  'States.ArrayContains': statesArrayContains,
  'States.ArrayRange': statesArrayRange,
  'States.ArrayGetItem': statesArrayGetItem,
  'States.ArrayLength': statesArrayLength,
  'States.ArrayUnique': statesArrayUnique,
  'States.Base64Encode': statesBase64Encode,
  'States.Base64Decode': statesBase64Decode,
  'States.Hash': statesHash,
  'States.JsonMerge': statesJsonMerge,
  'States.MathRandom': statesMathRandom,
  'States.MathAdd': statesMathAdd,
  'States.StringSplit': statesStringSplit,
  'States.UUID': statesUuid,
};
