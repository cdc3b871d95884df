import { StatesRuntimeError } from '../errors';
import type { JsonPath } from './ast';
import { canonicalPath, segmentText } from './canonical';
import { evaluatePath, type PathMiss, type PathOutcome } from './evaluate';
import { javaClassName, javaText } from './java-text';
import { parseJsonPath } from './parse';
import type { PathScope, QueryResult } from './scope';
import { PathSyntaxError } from './syntax-error';

/**
 * Evaluates a reference path or JSONPath ($..., $$..., $var...). Indefinite paths (wildcards, slices, filters,
 * recursive descent, unions) yield an array of matches, as AWS does. Throws StatesRuntimeError on a syntax
 * error. The value is a reference into the scope, not a copy.
 */
export function queryPath(path: string, scope: PathScope): QueryResult {
  const outcome = evaluatePath(parseOrThrow(path), scope);
  return outcome.found ? outcome : { found: false };
}

/** Parses a path, turning a syntax error into the States.Runtime error an execution reports. */
export function parseOrThrow(path: string): JsonPath {
  try {
    return parseJsonPath(path);
  } catch (e) {
    if (e instanceof PathSyntaxError)
      throw new StatesRuntimeError(`Invalid path '${path}' : ${e.reason} at index ${e.index}`);
    throw e;
  }
}

/** Evaluates a path and keeps the reason for a miss, for the callers that quote Jayway's message. */
export function resolvePath(path: string, scope: PathScope): { path: JsonPath; outcome: PathOutcome } {
  const parsed = parseOrThrow(path);
  return { path: parsed, outcome: evaluatePath(parsed, scope) };
}

/** Jayway's PathNotFoundException text for a miss, e.g. "No results for path: $['a']". */
export function describeMiss(path: JsonPath, miss: PathMiss): string {
  switch (miss.kind) {
    case 'no-results':
      return `No results for path: ${canonicalPath(path)}`;
    case 'missing-property':
      return `Missing property in path ${canonicalPath(path, miss.at + 1)}`;
    case 'not-object':
      return (
        `Expected to find an object with property ${segmentText(path.segments[miss.at]!)} in path ` +
        `${canonicalPath(path, miss.at)} but found '${javaClassName(miss.found)}'. This is not a json object ` +
        `according to the JsonProvider: 'com.jayway.jsonpath.spi.json.JsonSmartJsonProvider'.`
      );
    case 'null-array':
      return `The path ${canonicalPath(path, miss.at)} is null`;
    case 'not-array':
      return (
        `Filter: ${segmentText(path.segments[miss.at]!)} can only be applied to arrays. ` +
        `Current context is: ${javaText(miss.found)}`
      );
    case 'unbound-variable':
      return `No results for path: $${miss.name}`;
  }
}
