import { checkAssign } from './assign';
import type { StateContext } from './context';
import type { Diagnostics } from './diagnostics';
import { field, item } from './diagnostics';
import { checkJsonataExpression, checkJsonataValue, checkPathField, NO_RESULT } from './expressions';
import { isJsonataExpression, isJsonObject } from './values';

const TYPED_COMPARISONS = ['String', 'Numeric', 'Timestamp'].flatMap((kind) =>
  ['Equals', 'LessThan', 'LessThanEquals', 'GreaterThan', 'GreaterThanEquals'].map((op) => `${kind}${op}`),
);
const VALUE_OPERATORS = [...TYPED_COMPARISONS, 'BooleanEquals', 'StringMatches'];
const PATH_OPERATORS = [...TYPED_COMPARISONS, 'BooleanEquals'].map((op) => `${op}Path`);
const TYPE_TESTS = ['IsNull', 'IsPresent', 'IsNumeric', 'IsString', 'IsBoolean', 'IsTimestamp'];
const COMPARISON_OPERATORS = [...VALUE_OPERATORS, ...PATH_OPERATORS, ...TYPE_TESTS];
const BOOLEAN_OPERATORS = ['And', 'Or', 'Not'];
const RULE_EXTRAS = ['Comment', 'Assign', 'Next'];

export function checkChoices(context: StateContext): void {
  const { diagnostics } = context.definition;
  const choices = context.state['Choices'];
  const location = field(context.location, 'Choices');
  if (choices === undefined) {
    diagnostics.schema('These fields are required: [Choices]', context.location);
    return;
  }
  if (!Array.isArray(choices) || choices.length === 0) {
    diagnostics.schema("The field 'Choices' must be a non-empty array", location);
    return;
  }
  choices.forEach((rule, index) => {
    const at = item(location, index);
    if (!isJsonObject(rule)) {
      diagnostics.schema('A choice rule must be a JSON object', at);
      return;
    }
    if (typeof rule['Next'] !== 'string') diagnostics.schema('These fields are required: [Next]', at);
    if (rule['Assign'] !== undefined)
      checkAssign(rule['Assign'], field(at, 'Assign'), context.language, NO_RESULT, diagnostics);
    if (context.language === 'JSONata') checkJsonataRule(rule, at, diagnostics);
    else checkJsonPathRule(rule, at, true, diagnostics);
  });
}

function checkJsonataRule(rule: Record<string, unknown>, location: string, diagnostics: Diagnostics): void {
  for (const key of Object.keys(rule)) {
    if (![...RULE_EXTRAS, 'Condition', 'Output'].includes(key))
      diagnostics.schema(`Field '${key}' is not supported`, location);
  }
  const condition = rule['Condition'];
  if (condition === undefined) {
    diagnostics.schema('These fields are required: [Condition]', location);
  } else if (isJsonataExpression(condition)) {
    checkJsonataExpression(condition, 'Condition', field(location, 'Condition'), NO_RESULT, diagnostics);
  } else if (typeof condition !== 'boolean') {
    diagnostics.schema("The field 'Condition' must be a JSONata expression or a boolean", field(location, 'Condition'));
  }
  if (rule['Output'] !== undefined)
    checkJsonataValue(rule['Output'], 'Output', field(location, 'Output'), NO_RESULT, diagnostics);
}

/** A JSONPath rule is either a comparison (Variable plus exactly one operator) or And/Or/Not over nested rules. */
function checkJsonPathRule(
  rule: Record<string, unknown>,
  location: string,
  topLevel: boolean,
  diagnostics: Diagnostics,
): void {
  const operators: string[] = [];
  for (const key of Object.keys(rule)) {
    if (COMPARISON_OPERATORS.includes(key) || BOOLEAN_OPERATORS.includes(key)) operators.push(key);
    else if (key === 'Variable' || key === 'Comment') continue;
    else if (topLevel && RULE_EXTRAS.includes(key)) continue;
    else diagnostics.schema(`Field '${key}' is not supported`, location);
  }
  if (operators.length !== 1) {
    diagnostics.schema('A choice rule must have exactly one comparison operator or one of [And, Or, Not]', location);
    return;
  }
  const operator = operators[0] as string;
  const operand = rule[operator];
  const at = field(location, operator);
  if (operator === 'And' || operator === 'Or') {
    if (!Array.isArray(operand) || operand.length === 0) {
      diagnostics.schema(`The field '${operator}' must be a non-empty array of choice rules`, at);
      return;
    }
    operand.forEach((nested, index) => checkNestedRule(nested, item(at, index), diagnostics));
    return;
  }
  if (operator === 'Not') {
    checkNestedRule(operand, at, diagnostics);
    return;
  }
  if (rule['Variable'] === undefined) diagnostics.schema('These fields are required: [Variable]', location);
  else checkPathField(rule['Variable'], 'Variable', 'path', field(location, 'Variable'), diagnostics);
  checkOperand(operator, operand, at, diagnostics);
}

function checkNestedRule(rule: unknown, location: string, diagnostics: Diagnostics): void {
  if (!isJsonObject(rule)) diagnostics.schema('A choice rule must be a JSON object', location);
  else checkJsonPathRule(rule, location, false, diagnostics);
}

function checkOperand(operator: string, operand: unknown, location: string, diagnostics: Diagnostics): void {
  if (PATH_OPERATORS.includes(operator)) {
    checkPathField(operand, operator, 'path', location, diagnostics);
  } else if (TYPE_TESTS.includes(operator) || operator === 'BooleanEquals') {
    if (typeof operand !== 'boolean') diagnostics.schema(`The field '${operator}' must be a boolean`, location);
  } else if (operator.startsWith('Numeric')) {
    if (typeof operand !== 'number') diagnostics.schema(`The field '${operator}' must be a number`, location);
  } else if (typeof operand !== 'string') {
    diagnostics.schema(`The field '${operator}' must be a string`, location);
  }
}
