/** Jayway filter predicates (`[?(@.price < 10 && @.tags)]`) applied to one candidate node. */
import type { Json } from '../json';
import type { FilterExpression, FilterOperand, JsonPath } from './ast';
import { jsonEquals } from './json-equals';
import type { PathScope } from './scope';

/**
 * Evaluates a filter's path operand: from `node` for `@` paths, from the path's own root when `node` is
 * undefined. Passed in by the evaluator so that this module does not import it back.
 */
export type OperandPathEvaluator = (path: JsonPath, node: Json | undefined, scope: PathScope) => Json | undefined;

/** An operand's value; `undefined` when a path matched nothing. */
type OperandValue = Json | undefined;

export function filterAccepts(
  expression: FilterExpression,
  node: Json,
  scope: PathScope,
  evaluate: OperandPathEvaluator,
): boolean {
  switch (expression.kind) {
    case 'or':
      return (
        filterAccepts(expression.left, node, scope, evaluate) || filterAccepts(expression.right, node, scope, evaluate)
      );
    case 'and':
      return (
        filterAccepts(expression.left, node, scope, evaluate) && filterAccepts(expression.right, node, scope, evaluate)
      );
    case 'not':
      return !filterAccepts(expression.operand, node, scope, evaluate);
    case 'exists': {
      const value = operandValue(expression.operand, node, scope, evaluate);
      if (expression.operand.kind === 'path') {
        return value !== undefined && !(!expression.operand.path.definite && isEmptyArray(value));
      }
      return value !== undefined && value !== null && value !== false;
    }
    case 'comparison':
      return compare(expression, node, scope, evaluate);
  }
}

function compare(
  expression: Extract<FilterExpression, { kind: 'comparison' }>,
  node: Json,
  scope: PathScope,
  evaluate: OperandPathEvaluator,
): boolean {
  const left = operandValue(expression.left, node, scope, evaluate);
  if (expression.operator === '=~') {
    return expression.right.kind === 'regex' && typeof left === 'string' && expression.right.regex.test(left);
  }
  const right = operandValue(expression.right, node, scope, evaluate);
  switch (expression.operator) {
    case '==':
      return left !== undefined && right !== undefined && jsonEquals(left, right);
    case '!=':
      return !(left !== undefined && right !== undefined && jsonEquals(left, right));
    case '<':
      return ordered(left, right, (c) => c < 0);
    case '<=':
      return ordered(left, right, (c) => c <= 0);
    case '>':
      return ordered(left, right, (c) => c > 0);
    case '>=':
      return ordered(left, right, (c) => c >= 0);
    case 'in':
      return left !== undefined && Array.isArray(right) && right.some((r) => jsonEquals(left, r));
    case 'nin':
      return left !== undefined && Array.isArray(right) && !right.some((r) => jsonEquals(left, r));
    case 'subsetof':
      return Array.isArray(left) && Array.isArray(right) && left.every((l) => right.some((r) => jsonEquals(l, r)));
    case 'anyof':
      return Array.isArray(left) && Array.isArray(right) && left.some((l) => right.some((r) => jsonEquals(l, r)));
    case 'noneof':
      return Array.isArray(left) && Array.isArray(right) && !left.some((l) => right.some((r) => jsonEquals(l, r)));
    case 'size':
      return (Array.isArray(left) || typeof left === 'string') && left.length === right;
    case 'empty':
      return (Array.isArray(left) || typeof left === 'string') && (left.length === 0) === right;
  }
}

/** Numbers compare with numbers and strings with strings; anything else never matches. */
function ordered(left: OperandValue, right: OperandValue, test: (comparison: number) => boolean): boolean {
  if (typeof left === 'number' && typeof right === 'number') return test(left - right);
  if (typeof left === 'string' && typeof right === 'string') return test(left < right ? -1 : left > right ? 1 : 0);
  return false;
}

function operandValue(
  operand: FilterOperand,
  node: Json,
  scope: PathScope,
  evaluate: OperandPathEvaluator,
): OperandValue {
  switch (operand.kind) {
    case 'literal':
      return operand.value;
    case 'regex':
      return undefined;
    case 'path':
      return evaluate(operand.path, operand.relative ? node : undefined, scope);
  }
}

function isEmptyArray(value: Json): boolean {
  return Array.isArray(value) && value.length === 0;
}
