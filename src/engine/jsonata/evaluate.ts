/**
 * Evaluation of ASL field values in JSONata states: "{% expr %}" strings, and objects/arrays holding them.
 */
import type { Json, JsonObject } from '../json';
import { isJsonObject } from '../json';
import { QueryEvaluationError } from '../errors';
import type { JsonataBindings } from './bindings';
import { compileJsonata } from './compile';
import { PORTS_BINDING, type JsonataPorts } from './functions';
import * as messages from './messages';
import { normaliseJsonataResult, UnsupportedResultError } from './normalise';
import { isJsonataTemplate, jsonataExpressionText } from './template';

/** The result types a field can demand (Map Items, MaxConcurrency, Wait Seconds, Choice Condition ...). */
export type JsonataResultType = 'array' | 'integer' | 'number' | 'string' | 'boolean';

/** The JSONata variables of one evaluation: the workflow variables, then $states, then the ports. */
type Frame = Record<string, unknown>;

function frameOf(bindings: JsonataBindings): Frame {
  const frame: Frame = {};
  for (const [name, value] of bindings.variables) frame[name] = value;
  const states: JsonObject = { input: bindings.input, context: bindings.context };
  if (bindings.result !== undefined) states['result'] = bindings.result;
  if (bindings.errorOutput !== undefined) states['errorOutput'] = bindings.errorOutput;
  frame['states'] = states;
  const ports: JsonataPorts = { random: bindings.random, uuid: bindings.uuid };
  frame[PORTS_BINDING] = ports;
  return frame;
}

async function evaluateTemplate(template: string, field: string, frame: Frame): Promise<Json> {
  const expression = jsonataExpressionText(template);
  let raw: unknown;
  try {
    // AWS binds no input document: expressions reach data only through $states and variables.
    raw = await compileJsonata(expression).evaluate(undefined, frame);
  } catch (error) {
    throw new QueryEvaluationError(messages.threwDuringEvaluation(expression, field, error), { location: field });
  }
  if (raw === undefined) {
    throw new QueryEvaluationError(messages.returnedNothing(expression, field), { location: field });
  }
  try {
    return normaliseJsonataResult(raw);
  } catch (error) {
    if (error instanceof UnsupportedResultError) {
      throw new QueryEvaluationError(messages.unsupportedResultType(expression, field), { location: field });
    }
    throw error;
  }
}

async function walk(value: Json, field: string, frame: Frame): Promise<Json> {
  if (isJsonataTemplate(value)) return evaluateTemplate(value, field, frame);
  if (Array.isArray(value)) {
    const items: Json[] = [];
    // One at a time, so the first failing item (in document order) is the one reported.
    for (const [index, item] of value.entries()) items.push(await walk(item, `${field}[${index}]`, frame));
    return items;
  }
  if (isJsonObject(value)) {
    const members: JsonObject = {};
    for (const [key, member] of Object.entries(value)) members[key] = await walk(member, `${field}/${key}`, frame);
    return members;
  }
  return value;
}

/**
 * Evaluates an ASL JSONata field value: a "{% expr %}" string is evaluated; objects and arrays are walked and
 * every "{% %}" string inside them evaluated; other values are returned as they are. `field` names the field
 * for error messages and grows as it descends: 'Output' → 'Output/result', 'Assign/x', 'Arguments/a[0]'.
 * Throws QueryEvaluationError (cause without the state prefix).
 */
export async function evaluateJsonataValue(value: Json, field: string, bindings: JsonataBindings): Promise<Json> {
  return walk(value, field, frameOf(bindings));
}

function hasType(value: Json, expected: JsonataResultType): boolean {
  switch (expected) {
    case 'array':
      return Array.isArray(value);
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number';
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
  }
}

/**
 * Evaluates a field whose result must have a given type (Map Items → 'array'; MaxConcurrency,
 * ToleratedFailureCount, Wait Seconds → 'integer'; ToleratedFailurePercentage → 'number'; Wait Timestamp →
 * 'string'; Choice Condition → 'boolean'; Fail Error/Cause → 'string'), with AWS's messages. Only an
 * expression's result is checked: a literal value was already checked when the definition was validated.
 */
export async function evaluateJsonataTyped(
  value: Json,
  field: string,
  expected: JsonataResultType,
  bindings: JsonataBindings,
): Promise<Json> {
  const frame = frameOf(bindings);
  if (!isJsonataTemplate(value)) return walk(value, field, frame);
  const result = await evaluateTemplate(value, field, frame);
  if (!hasType(result, expected)) {
    throw new QueryEvaluationError(
      messages.unexpectedResultType(jsonataExpressionText(value), field, expected, result),
      { location: field },
    );
  }
  return result;
}
