/**
 * `variableReferences` of DescribeStateMachine: for each state, the workflow variables its fields read
 * (`$name` in paths, intrinsic functions, `.$` template fields, Choice rules and JSONata expressions). States
 * nested in Parallel branches and Map processors are listed under their own names; a state reading none is
 * left out, and a definition reading none has no map at all.
 */
import { isJsonObject, type JsonObject } from './values';

/** Fields holding nested scopes (listed as their own states) or literal data (never read as paths). */
const SKIPPED_FIELDS = new Set(['Branches', 'ItemProcessor', 'Iterator', 'Result', 'Comment']);

export function variableReferences(definitionText: string): Record<string, string[]> | undefined {
  let definition: unknown;
  try {
    definition = JSON.parse(definitionText);
  } catch {
    return undefined;
  }
  const references: Record<string, string[]> = {};
  collectScope(definition, references);
  return Object.keys(references).length > 0 ? references : undefined;
}

function collectScope(scope: unknown, into: Record<string, string[]>): void {
  if (!isJsonObject(scope) || !isJsonObject(scope['States'])) return;
  for (const [name, state] of Object.entries(scope['States'])) {
    if (!isJsonObject(state)) continue;
    const names = new Set<string>();
    collectFields(state, names);
    if (names.size > 0) into[name] = [...names].sort();
    const branches = state['Branches'];
    if (Array.isArray(branches)) for (const branch of branches) collectScope(branch, into);
    collectScope(state['ItemProcessor'], into);
    collectScope(state['Iterator'], into);
  }
}

function collectFields(object: JsonObject, names: Set<string>): void {
  for (const [key, value] of Object.entries(object)) {
    if (SKIPPED_FIELDS.has(key)) continue;
    collectValue(key, value, names);
  }
}

function collectValue(key: string, value: unknown, names: Set<string>): void {
  if (typeof value === 'string') {
    if (isJsonata(value)) addJsonataReferences(value.slice(2, -2), names);
    else if (key.endsWith('.$') || key.endsWith('Path') || key === 'Variable') addPathReferences(value, names);
  } else if (Array.isArray(value)) {
    for (const item of value) collectValue(key, item, names);
  } else if (isJsonObject(value)) {
    collectFields(value, names);
  }
}

function isJsonata(text: string): boolean {
  return text.startsWith('{%') && text.endsWith('%}');
}

/** `$name`, `$name.field`, `$name[0]`, and inside intrinsic functions; not `$`, `$.x` or `$$.x`. */
const PATH_VARIABLE = /(?<![$\w])\$([A-Za-z_][A-Za-z0-9_]*)/g;

function addPathReferences(text: string, names: Set<string>): void {
  // Quoted intrinsic arguments are literals.
  const code = text.replace(/'(?:[^'\\]|\\.)*'/g, "''");
  for (const match of code.matchAll(PATH_VARIABLE)) names.add(match[1]!);
}

/** JSONata: `$name` not called as a function, other than `$states`. */
const JSONATA_VARIABLE = /(?<![$\w])\$([A-Za-z_][A-Za-z0-9_]*)(?![A-Za-z0-9_]|\s*\()/g;

function addJsonataReferences(expression: string, names: Set<string>): void {
  const code = expression.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
  for (const match of code.matchAll(JSONATA_VARIABLE)) {
    if (match[1] !== 'states') names.add(match[1]!);
  }
}
