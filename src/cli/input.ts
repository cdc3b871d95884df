import { resolve } from 'node:path';
import { inputError, messageOf } from './errors';
import { readTextFile } from './files';

/**
 * The execution input from `--input`: inline JSON, or `@file` for a file's content (as curl and the AWS CLI's
 * `file://` do). Checked here so a typo is reported before any state machine is created.
 */
export function readExecutionInput(option: string | undefined, cwd: string): string {
  if (option === undefined) return '{}';
  const fromFile = option.startsWith('@');
  const text = fromFile ? readTextFile(resolve(cwd, option.slice(1)), 'input file') : option;
  try {
    JSON.parse(text);
  } catch (error) {
    const where = fromFile ? `the input file '${option.slice(1)}'` : '--input';
    throw inputError(`${where} is not valid JSON: ${messageOf(error)}`);
  }
  return text;
}
