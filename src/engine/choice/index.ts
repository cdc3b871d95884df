/** Choice rules in the JSONPath query language (JSONata rules are a Condition expression, evaluated elsewhere). */
export { evaluateChoiceRule } from './rule';
export type { PathLookup } from './rule';
