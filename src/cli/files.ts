import { readFileSync } from 'node:fs';
import { inputError, messageOf } from './errors';

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'a parent is not a directory',
};

/** A text file's content; an unreadable file is an input error naming the file and why, never a stack. */
export function readTextFile(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = String((error as { code?: unknown }).code);
    const reason = REASONS[code] ?? messageOf(error);
    throw inputError(`cannot read ${what} '${path}': ${reason}`);
  }
}
