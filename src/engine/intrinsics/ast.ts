/** Intrinsic function calls (`States.Format('{}', $.a)`), parsed once into a discriminated union. */

export const INTRINSIC_NAMES = [
  'States.Format',
  'States.StringToJson',
  'States.JsonToString',
  'States.Array',
  'States.ArrayPartition',
  'States.ArrayContains',
  'States.ArrayRange',
  'States.ArrayGetItem',
  'States.ArrayLength',
  'States.ArrayUnique',
  'States.Base64Encode',
  'States.Base64Decode',
  'States.Hash',
  'States.JsonMerge',
  'States.MathRandom',
  'States.MathAdd',
  'States.StringSplit',
  'States.UUID',
] as const;
export type IntrinsicName = (typeof INTRINSIC_NAMES)[number];

export type IntrinsicArgument =
  /** `value` has the escapes resolved; `raw` is the text between the quotes, which States.Format scans. */
  | { kind: 'string'; value: string; raw: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  /** `$...`, `$$...` or `$name...`, evaluated with the JSONPath module. */
  | { kind: 'path'; path: string }
  | { kind: 'call'; call: IntrinsicCall };

export interface IntrinsicCall {
  readonly name: IntrinsicName;
  readonly args: readonly IntrinsicArgument[];
}
