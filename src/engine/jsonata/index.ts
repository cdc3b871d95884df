/**
 * JSONata as an ASL query language: what the interpreter uses for states with QueryLanguage "JSONata".
 */
export type { JsonataBindings } from './bindings';
export { isJsonataTemplate, jsonataExpressionText } from './template';
export { evaluateJsonataValue, evaluateJsonataTyped, type JsonataResultType } from './evaluate';
export { checkJsonataSyntax } from './syntax';
