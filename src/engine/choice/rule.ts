import type { ChoiceRule } from '../asl';
import { StatesRuntimeError } from '../errors';
import type { Json } from '../json';
import { COMPARISON_OPERATORS, TYPE_TESTS } from './operators';

/** Resolves a path (`$.x`, `$$.x`, `$var`) against the Choice state's effective input, context and variables. */
export type PathLookup = (path: string) => { found: true; value: Json } | { found: false };

/**
 * Evaluates one JSONPath-language Choice rule: a comparison of Variable with an operator, or And/Or/Not of
 * nested rules (short-circuiting, so an IsPresent guard placed first protects the rules after it).
 *
 * @throws StatesRuntimeError when Variable or a *Path operand selects nothing (IsPresent excepted), with the
 *   cause AWS gives.
 */
export function evaluateChoiceRule(rule: ChoiceRule, lookup: PathLookup): boolean {
  if (rule.And !== undefined) return rule.And.every((inner) => evaluateChoiceRule(inner, lookup));
  if (rule.Or !== undefined) return rule.Or.some((inner) => evaluateChoiceRule(inner, lookup));
  if (rule.Not !== undefined) return !evaluateChoiceRule(rule.Not, lookup);
  return evaluateComparison(rule, lookup);
}

function evaluateComparison(rule: ChoiceRule, lookup: PathLookup): boolean {
  const variable = rule.Variable;
  if (typeof variable !== 'string') throw new StatesRuntimeError('The choice rule has no Variable field.');
  const operator = findOperator(rule);
  const selected = lookup(variable);

  if (operator.name === 'IsPresent') return selected.found === operator.operand;
  if (!selected.found) throw invalidPath(variable);

  const typeTest = TYPE_TESTS.get(operator.name);
  if (typeTest !== undefined) return typeTest(selected.value) === operator.operand;

  const comparison = COMPARISON_OPERATORS.get(operator.name);
  if (comparison === undefined) throw unsupportedRule(rule);
  if (!comparison.operandIsPath) return comparison.test(selected.value, operator.operand);
  if (typeof operator.operand !== 'string') throw unsupportedRule(rule);
  const other = lookup(operator.operand);
  if (!other.found) throw invalidPath(operator.operand);
  return comparison.test(selected.value, other.value);
}

function findOperator(rule: ChoiceRule): { name: string; operand: Json } {
  for (const [name, operand] of Object.entries(rule)) {
    if (name === 'IsPresent' || TYPE_TESTS.has(name) || COMPARISON_OPERATORS.has(name)) {
      // Operator fields hold JSON values; only And/Or/Not hold rules, and those were handled before.
      return { name, operand: operand as Json };
    }
  }
  throw unsupportedRule(rule);
}

function invalidPath(path: string): StatesRuntimeError {
  return new StatesRuntimeError(
    `Invalid path '${path}': The choice state's condition path references an invalid value.`,
  );
}

function unsupportedRule(rule: ChoiceRule): StatesRuntimeError {
  return new StatesRuntimeError(`The choice rule ${JSON.stringify(rule)} has no supported comparison operator.`);
}
