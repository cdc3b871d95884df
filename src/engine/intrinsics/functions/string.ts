import type { Json } from '../../json';
import { javaText } from '../../jsonpath/java-text';
import { intrinsicFailure, stringArg } from './arguments';
import type { IntrinsicFunction } from './types';

/**
 * `{}` takes the next argument, printed as AWS's Java runtime prints it (strings bare, objects as `{a=1}`).
 * A backslash makes the next character literal, so `\{\}` prints braces. A literal template is scanned in its
 * written (raw) form so its escapes survive; a template read from a path is scanned as it is.
 */
export const statesFormat: IntrinsicFunction = (args, call) => {
  const first = call.args[0];
  const template = first?.kind === 'string' ? first.raw : stringArg('States.Format', args, 0);
  const values = args.slice(1);
  let out = '';
  let next = 0;
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (c === '\\' && i + 1 < template.length) {
      out += template[++i];
    } else if (c === '{') {
      if (template[i + 1] !== '}') throw intrinsicFailure('States.Format', "matching '}' not found for '{'");
      if (next >= values.length) throw placeholderMismatch(template, values);
      out += javaText(values[next++]!);
      i++;
    } else if (c === '}') {
      throw intrinsicFailure('States.Format', "unmatched '}' in the format string");
    } else {
      out += c;
    }
  }
  if (next !== values.length) throw placeholderMismatch(template, values);
  return out;
};

function placeholderMismatch(template: string, values: readonly Json[]): Error {
  return intrinsicFailure(
    'States.Format',
    `the number of arguments (${values.length}) does not match the number of '{}' in '${template}'`,
  );
}

/** Every character of the delimiter splits; empty pieces are dropped (as AWS returned for ",,,,"). */
export const statesStringSplit: IntrinsicFunction = (args) => {
  const text = stringArg('States.StringSplit', args, 0);
  const delimiters = new Set(stringArg('States.StringSplit', args, 1));
  const pieces: string[] = [];
  let current = '';
  for (const c of text) {
    if (delimiters.has(c)) {
      if (current !== '') pieces.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  if (current !== '') pieces.push(current);
  return pieces;
};
