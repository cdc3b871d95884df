/** EventBridge event patterns: compile once (validating), match many events. */
export { compilePattern, type CompiledPattern } from './compile';
export { matchesPattern } from './match';
export { parseJsonText, toJsonText, JsonNumber, JsonTextError, isJsonObject, type JsonText } from './json-text';
