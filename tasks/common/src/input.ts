/**
 * The task's input, from (first match wins): FANOUT_INPUT_S3_URI (an S3 object, for inputs larger than the
 * 8 KiB ECS allows for container overrides), `--input-file PATH`, `--input JSON`, FANOUT_INPUT. No input is `{}`.
 */
import { readFile } from 'node:fs/promises';
import type { Env } from './aws-config';
import { parseS3Uri, type TaskS3 } from './s3';

export class TaskInputError extends Error {
  override name = 'TaskInputError';
}

export interface InputSources {
  env?: Env;
  /** Arguments after the program name. @default process.argv.slice(2) */
  argv?: readonly string[];
  /** Needed only when FANOUT_INPUT_S3_URI is set. */
  s3?: Pick<TaskS3, 'getText'>;
}

export async function readTaskInput<T = unknown>(sources: InputSources = {}): Promise<T> {
  const env = sources.env ?? process.env;
  const argv = sources.argv ?? process.argv.slice(2);
  const uri = env['FANOUT_INPUT_S3_URI'];
  if (uri !== undefined && uri !== '') {
    if (!sources.s3) throw new TaskInputError('FANOUT_INPUT_S3_URI is set but no S3 client was given');
    return parse<T>(await sources.s3.getText(parseS3Uri(uri)), uri);
  }
  const file = flag(argv, '--input-file');
  if (file !== undefined) return parse<T>(await readFile(file, 'utf8'), file);
  const inline = flag(argv, '--input') ?? env['FANOUT_INPUT'];
  if (inline !== undefined && inline !== '') return parse<T>(inline, 'the input');
  return {} as T;
}

function flag(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === name) return argv[i + 1];
    if (arg.startsWith(`${name}=`)) return arg.slice(name.length + 1);
  }
  return undefined;
}

function parse<T>(text: string, where: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new TaskInputError(`${where} is not valid JSON: ${(error as Error).message}`);
  }
}
