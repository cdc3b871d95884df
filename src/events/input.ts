/**
 * What a target receives: the whole event, a constant Input, the part at InputPath, or an InputTransformer's
 * template filled from the event. In a JSON template a placeholder inside quotes takes the value's text (JSON
 * escaped); outside quotes it takes the value as JSON. A path the event lacks gives null (an empty string in
 * quotes). Predefined variables: aws.events.rule-arn, aws.events.rule-name, aws.events.event.ingestion-time,
 * aws.events.event and aws.events.event.json (the whole event).
 */
import { queryPath, type Json } from '../engine';
import { validation } from './errors';
import type { InputTransformer, RuleRef, Target } from './model';

export interface InputContext {
  rule: RuleRef;
  /** Epoch ms the event was received. */
  ingestionTime: number;
}

const PREDEFINED = new Set([
  'aws.events.rule-arn',
  'aws.events.rule-name',
  'aws.events.event.ingestion-time',
  'aws.events.event',
  'aws.events.event.json',
]);

export function targetInput(target: Target, event: Json, context: InputContext): string {
  if (target.Input !== undefined) return target.Input;
  if (target.InputPath !== undefined) return JSON.stringify(valueAt(target.InputPath, event) ?? null);
  if (target.InputTransformer !== undefined) return transform(target.InputTransformer, event, context);
  return JSON.stringify(event);
}

function valueAt(path: string, event: Json): Json | undefined {
  const result = queryPath(path, { input: event, context: {}, variables: new Map() });
  return result.found ? result.value : undefined;
}

function transform(transformer: InputTransformer, event: Json, context: InputContext): string {
  const values = new Map<string, Json | undefined>();
  for (const [name, path] of Object.entries(transformer.InputPathsMap ?? {})) values.set(name, valueAt(path, event));
  values.set('aws.events.rule-arn', context.rule.arn);
  values.set('aws.events.rule-name', context.rule.name);
  values.set('aws.events.event.ingestion-time', new Date(context.ingestionTime).toISOString());
  values.set('aws.events.event', event);
  values.set('aws.events.event.json', event);
  const template = transformer.InputTemplate;
  const json = /^\s*[[{"]/.test(template);
  let out = '';
  let inString = false;
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (c === '<') {
      const end = template.indexOf('>', i);
      const name = end < 0 ? undefined : template.slice(i + 1, end);
      if (name !== undefined && values.has(name)) {
        out += render(values.get(name), json, inString);
        i = end;
        continue;
      }
    }
    if (inString && c === '\\') {
      out += c + (template[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === '"') inString = !inString;
    out += c;
  }
  return out;
}

function render(value: Json | undefined, json: boolean, inString: boolean): string {
  if (!json) return value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (inString) {
    if (value === undefined || value === null) return '';
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return JSON.stringify(text).slice(1, -1);
  }
  return JSON.stringify(value ?? null);
}

/** PutTargets' checks of one target's input settings; returns the problem, if any. */
export function inputProblem(target: Target): string | undefined {
  const given = [target.Input, target.InputPath, target.InputTransformer].filter((v) => v !== undefined).length;
  if (given > 1) return 'Only one of Input, InputPath, or InputTransformer must be provided.';
  if (target.Input !== undefined) {
    try {
      JSON.parse(target.Input);
    } catch {
      return `Input of target ${target.Id} is not valid JSON.`;
    }
  }
  if (target.InputPath !== undefined && pathProblem(target.InputPath)) {
    return `InputPath of target ${target.Id} is not a valid JSON path: ${target.InputPath}`;
  }
  const transformer = target.InputTransformer;
  if (transformer !== undefined) {
    if (typeof transformer.InputTemplate !== 'string' || transformer.InputTemplate === '') {
      return `InputTransformer of target ${target.Id}: InputTemplate is required.`;
    }
    const map = transformer.InputPathsMap ?? {};
    if (Object.keys(map).length > 100)
      return `InputTransformer of target ${target.Id}: at most 100 InputPathsMap entries.`;
    for (const [name, path] of Object.entries(map)) {
      if (!/^[A-Za-z0-9_-]+$/.test(name) || PREDEFINED.has(name) || name.startsWith('AWS') || name.startsWith('aws')) {
        return `InputTransformer of target ${target.Id}: ${JSON.stringify(name)} is not a valid InputPathsMap key.`;
      }
      if (typeof path !== 'string' || pathProblem(path)) {
        return `InputTransformer of target ${target.Id}: InputPathsMap.${name} is not a valid JSON path.`;
      }
    }
  }
  return undefined;
}

function pathProblem(path: string): boolean {
  if (!path.startsWith('$')) return true;
  try {
    queryPath(path, { input: {}, context: {}, variables: new Map() });
    return false;
  } catch {
    return true;
  }
}

export function checkInput(target: Target): void {
  const problem = inputProblem(target);
  if (problem !== undefined) throw validation(problem);
}
