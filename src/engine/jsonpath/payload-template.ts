/**
 * Payload templates: Parameters, ItemSelector, ResultSelector and JSONPath Assign. A template is compiled once
 * (cached per template object) into a tree whose constant parts are kept by reference, so evaluating it only
 * builds the objects and arrays that hold dynamic values.
 */
import { StatesRuntimeError } from '../errors';
import { isJsonObject, type Json, type JsonObject } from '../json';
import { javaHashMapOrder } from '../java-hash-order';
import { evaluateFieldPath } from './field-path';
import type { PathScope } from './scope';

type TemplateNode =
  | { kind: 'constant'; value: Json }
  /** A `"key.$"` entry: `field` is the key as written, for error messages. */
  | { kind: 'dynamic'; field: string; expression: Json }
  /** `entries` in definition order (evaluated in it); `output` the order AWS prints them in (indexes into entries). */
  | { kind: 'object'; entries: ReadonlyArray<readonly [string, TemplateNode]>; output: readonly number[] }
  | { kind: 'array'; items: readonly TemplateNode[] };

const compiled = new WeakMap<object, TemplateNode>();

/**
 * Copies the template, replacing each "key.$" entry by the value of its path or intrinsic function (key without
 * ".$"), recursively through objects and arrays. A missing path → StatesRuntimeError "The JSONPath
 * '$.no_such_jsonpath' specified for the field 'value.$' could not be found in the input '<input as compact
 * JSON>'".
 *
 * The result shares structure with the template's constant parts and with the scope's values: treat it as
 * immutable (applyResultPath never mutates).
 */
export function evaluatePayloadTemplate(template: Json, scope: PathScope): Json {
  if (typeof template !== 'object' || template === null) return template;
  let node = compiled.get(template);
  if (node === undefined) {
    node = compile(template);
    compiled.set(template, node);
  }
  return run(node, scope);
}

function compile(value: Json): TemplateNode {
  if (Array.isArray(value)) {
    const items = value.map(compile);
    return items.every((i) => i.kind === 'constant') ? { kind: 'constant', value } : { kind: 'array', items };
  }
  if (!isJsonObject(value)) return { kind: 'constant', value };
  const entries: Array<readonly [string, TemplateNode]> = [];
  let dynamic = false;
  for (const [key, child] of Object.entries(value)) {
    if (key.endsWith('.$') && key.length > 2) {
      entries.push([key.slice(0, -2), { kind: 'dynamic', field: key, expression: child }]);
      dynamic = true;
    } else {
      const node = compile(child);
      if (node.kind !== 'constant') dynamic = true;
      entries.push([key, node]);
    }
  }
  return dynamic ? { kind: 'object', entries, output: outputOrder(entries) } : { kind: 'constant', value };
}

/**
 * AWS prints a template object's constant fields first, as written, then its `.$` fields in Java HashMap order
 * (`test_map_state_item_selector_singleton`: `constant_value` first; `test_query_context_object_values`).
 */
function outputOrder(entries: ReadonlyArray<readonly [string, TemplateNode]>): number[] {
  const constants: number[] = [];
  const paths = new Map<string, number>();
  entries.forEach(([key, node], index) => {
    if (node.kind === 'dynamic') paths.set(key, index);
    else constants.push(index);
  });
  return [...constants, ...javaHashMapOrder([...paths.keys()]).map((key) => paths.get(key) ?? 0)];
}

function run(node: TemplateNode, scope: PathScope): Json {
  switch (node.kind) {
    case 'constant':
      return node.value;
    case 'dynamic':
      if (typeof node.expression !== 'string') {
        throw new StatesRuntimeError(
          `The value for the field '${node.field}' must be a valid JSONPath or a valid intrinsic function call`,
        );
      }
      return evaluateFieldPath(node.expression, node.field, scope);
    case 'object': {
      const values = node.entries.map(([, child]) => run(child, scope));
      const out: JsonObject = {};
      for (const index of node.output) out[node.entries[index]![0]] = values[index]!;
      return out;
    }
    case 'array':
      return node.items.map((item) => run(item, scope));
  }
}
