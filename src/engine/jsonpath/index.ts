/**
 * JSONPath processing for JSONPath-language states: paths, payload templates and ResultPath.
 *
 * Sharing: every function here returns references into its arguments (scope values, template constants, the
 * input of applyResultPath) instead of copies, and none mutates its arguments. Treat all values as immutable.
 */
export type { PathScope, QueryResult } from './scope';
export type { JsonPath, PathSegment, FilterExpression } from './ast';
export { queryPath } from './query';
export { selectPath } from './select';
export { evaluatePayloadTemplate } from './payload-template';
export { evaluateFieldPath } from './field-path';
export { applyResultPath } from './result-path';
export { parseJsonPath } from './parse';
export { PathSyntaxError } from './syntax-error';
export { PathNotFoundError } from './path-not-found';
export { jsonEquals } from './json-equals';
