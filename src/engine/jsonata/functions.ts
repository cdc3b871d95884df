/**
 * The functions AWS adds to JSONata ($partition, $range, $hash, $random, $uuid, $parse) and the one it takes
 * away ($eval). They are registered on each compiled expression, once, with JSONata signatures, so argument
 * type errors come out as JSONata's own coded errors (T0410 ...), as they do on AWS.
 */
import { createHash } from 'node:crypto';
import type jsonata from 'jsonata';
import { javaRandomNextDouble } from './java-random';

/** Where $random() and $uuid() find the engine's ports during one evaluation (not a valid JSONata name). */
export const PORTS_BINDING = '@ports';

export interface JsonataPorts {
  random: () => number;
  uuid: () => string;
}

/** Thrown by AWS's functions: a message with no JSONata code, which AWS prints after a colon. */
export class AwsFunctionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AwsFunctionError';
  }
}

/** AWS's limit for $range, the same as States.ArrayRange's. */
export const RANGE_MAX_ITEMS = 1000;

const HASH_ALGORITHMS: Readonly<Record<string, string>> = {
  MD5: 'md5',
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

function ports(focus: jsonata.Focus): JsonataPorts {
  return focus.environment.lookup(PORTS_BINDING) as JsonataPorts;
}

function partition(array: unknown[] | undefined, size: number): unknown[][] | undefined {
  if (array === undefined) return undefined;
  const chunk = Math.floor(size);
  if (!(chunk > 0))
    throw new AwsFunctionError(`The chunk size argument of $partition must be a positive integer, but was: ${size}`);
  const chunks: unknown[][] = [];
  for (let i = 0; i < array.length; i += chunk) chunks.push(array.slice(i, i + chunk));
  return chunks;
}

/** Marks an array the way JSONata marks a sequence, so a one-item range comes out as its item, as on AWS. */
function asSequence(values: number[]): number[] {
  Object.defineProperty(values, 'sequence', { value: true, enumerable: false });
  return values;
}

function range(start: number, end: number, step: number): number[] {
  const [from, to, by] = [Math.floor(start), Math.floor(end), Math.floor(step)];
  if (by === 0) throw new AwsFunctionError('The step argument of $range must not be zero');
  const count = Math.floor((to - from) / by) + 1;
  if (count > RANGE_MAX_ITEMS) {
    throw new AwsFunctionError(
      `The $range result would have ${count} items, more than the maximum of ${RANGE_MAX_ITEMS}`,
    );
  }
  const values: number[] = [];
  for (let i = 0; i < count; i++) values.push(from + i * by);
  return asSequence(values);
}

function hash(data: string | undefined, algorithm: string): string | undefined {
  if (data === undefined) return undefined;
  const name = HASH_ALGORITHMS[algorithm];
  if (name === undefined) {
    throw new AwsFunctionError(
      `The hash algorithm '${algorithm}' is not supported; use one of ${Object.keys(HASH_ALGORITHMS).join(', ')}`,
    );
  }
  return createHash(name).update(data, 'utf8').digest('hex');
}

function parse(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AwsFunctionError(`The argument of $parse is not valid JSON: ${text}`);
  }
}

function random(this: jsonata.Focus, seed?: number): number {
  return seed === undefined ? ports(this).random() : javaRandomNextDouble(Math.floor(seed));
}

function uuid(this: jsonata.Focus): string {
  return ports(this).uuid();
}

/** Adds AWS's functions to a compiled expression and removes $eval, which AWS does not offer. */
export function registerAwsFunctions(expression: jsonata.Expression): void {
  expression.registerFunction('partition', partition, '<a-n:a>');
  expression.registerFunction('range', range, '<nnn:a>');
  expression.registerFunction('hash', hash, '<s-s:s>');
  expression.registerFunction('random', random, '<n?:n>');
  expression.registerFunction('uuid', uuid, '<:s>');
  expression.registerFunction('parse', parse, '<s-:x>');
  // Unbound rather than replaced: calling it then fails with JSONata's T1006, as on AWS.
  expression.assign('eval', undefined);
}
