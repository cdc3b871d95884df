/** Flag parsing for every command: node:util parseArgs in strict mode, its errors turned into usage errors. */
import { parseArgs } from 'node:util';
import type { Command, CommandContext } from './context';
import { UsageError } from './errors';

type OptionType = 'string' | 'boolean';
/** An option's type alone (`'string'`), or with a short name or repetition. */
type OptionSpec = OptionType | { type: OptionType; short?: string; multiple?: boolean };
type OptionSpecs = Record<string, OptionSpec>;

type Value<S extends OptionSpec> = S extends OptionType
  ? S extends 'boolean'
    ? boolean
    : string
  : S extends { type: 'boolean' }
    ? boolean
    : S extends { multiple: true }
      ? string[]
      : string;

type Values<O extends OptionSpecs> = { [K in keyof O]?: Value<O[K]> };

export interface ParsedArgs<O extends OptionSpecs> {
  values: Values<O> & { help?: boolean };
  positionals: string[];
}

/** Parses a command's arguments; `--help`/`-h` is accepted by every command. */
export function parseCommandArgs<O extends OptionSpecs>(args: string[], options: O, usage: string): ParsedArgs<O> {
  try {
    const parsed = parseArgs({
      args,
      options: { ...expand(options), help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    return { values: parsed.values as ParsedArgs<O>['values'], positionals: parsed.positionals };
  } catch (error) {
    if (isParseArgsError(error)) throw new UsageError(firstSentence(error.message), usage);
    throw error;
  }
}

/**
 * A command that parses its flags before it runs: `fanout <name> --help` prints `usage`, and `run` gets the
 * parsed options and positionals.
 */
export function defineCommand<O extends OptionSpecs>(
  usage: string,
  options: O,
  run: (parsed: ParsedArgs<O>, context: CommandContext) => Promise<number>,
): Command {
  return { usage, run: (args, context) => run(parseCommandArgs(args, options, usage), context) };
}

function expand(options: OptionSpecs): Record<string, Exclude<OptionSpec, OptionType>> {
  return Object.fromEntries(
    Object.entries(options).map(([name, spec]) => [name, typeof spec === 'string' ? { type: spec } : spec]),
  );
}

/** Duck-typed: node's errors come from another realm under jest, where instanceof fails. */
function isParseArgsError(error: unknown): error is { code: string; message: string } {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS') && typeof message === 'string';
}

/** parseArgs appends advice about `--` that does not fit our commands. */
function firstSentence(message: string): string {
  const end = message.indexOf('. ');
  return end === -1 ? message : message.slice(0, end + 1);
}

export function parsePort(text: string | undefined, fallback: number, usage: string): number {
  if (text === undefined) return fallback;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) {
    throw new UsageError(`--port must be an integer from 0 to 65535, got '${text}'`, usage);
  }
  return port;
}

/** Exactly `count` positionals, named for the message when one is missing or extra. */
export function expectPositionals(positionals: string[], names: readonly string[], usage: string): string[] {
  if (positionals.length < names.length) {
    throw new UsageError(`missing ${names.slice(positionals.length).join(' ')}`, usage);
  }
  if (positionals.length > names.length) {
    throw new UsageError(`unexpected argument '${positionals[names.length] ?? ''}'`, usage);
  }
  return positionals;
}

export function expectAtLeastOne(positionals: string[], name: string, usage: string): string[] {
  if (positionals.length === 0) throw new UsageError(`missing ${name}`, usage);
  return positionals;
}
