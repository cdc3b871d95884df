/**
 * Payload templates: Parameters, ItemSelector, ResultSelector and JSONPath Assign. A template is compiled once
 * (cached per template object) into a tree whose constant parts are kept by reference, so evaluating it only
 * builds the objects and arrays that hold dynamic values.
 */
import { StatesRuntimeError } from '../errors';
import { isJsonObject, type Json, type JsonObject } from '../json';
import { evaluateFieldPath } from './field-path';
import type { PathScope } from './scope';

type TemplateNode =
  | { kind: 'constant'; value: Json }
  /** A `"key.$"` entry: `field` is the key as written, for error messages. */
  | { kind: 'dynamic'; field: string; expression: Json }
  | { kind: 'object'; entries: ReadonlyArray<readonly [string, TemplateNode]> }
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
  return dynamic ? { kind: 'object', entries } : { kind: 'constant', value };
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
      const out: JsonObject = {};
      for (const [key, child] of node.entries) out[key] = run(child, scope);
      return out;
    }
    case 'array':
      return node.items.map((item) => run(item, scope));
  }
}
