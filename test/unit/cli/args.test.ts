import { expectAtLeastOne, expectPositionals, parseCommandArgs, parsePort } from '../../../src/cli/args';
import { ExitCode, UsageError, isUsageError } from '../../../src/cli/errors';

const usage = 'Usage: fanout test';

describe('parseCommandArgs', () => {
  it('returns flags and positionals', () => {
    const parsed = parseCommandArgs(
      ['a.json', '--input', '{"x":1}', '--json'],
      { input: { type: 'string' }, json: { type: 'boolean' } },
      usage,
    );
    expect(parsed.values).toEqual({ input: '{"x":1}', json: true });
    expect(parsed.positionals).toEqual(['a.json']);
  });

  it('accepts --help and -h on every command', () => {
    expect(parseCommandArgs(['-h'], {}, usage).values.help).toBe(true);
    expect(parseCommandArgs(['--help'], {}, usage).values.help).toBe(true);
  });

  it('turns an unknown flag into a usage error carrying the usage, without parseArgs advice', () => {
    let error: unknown;
    try {
      parseCommandArgs(['--bogus'], {}, usage);
    } catch (e) {
      error = e;
    }
    expect(isUsageError(error)).toBe(true);
    const usageError = error as UsageError;
    expect(usageError.exitCode).toBe(ExitCode.Usage);
    expect(usageError.message).toBe("Unknown option '--bogus'.");
    expect(usageError.usage).toBe(usage);
  });

  it('reports a string flag given without a value', () => {
    expect(() => parseCommandArgs(['--input'], { input: { type: 'string' } }, usage)).toThrow(UsageError);
  });
});

describe('parsePort', () => {
  it('takes the fallback when absent and integers from 0 to 65535', () => {
    expect(parsePort(undefined, 8083, usage)).toBe(8083);
    expect(parsePort('0', 8083, usage)).toBe(0);
    expect(parsePort('65535', 8083, usage)).toBe(65535);
  });

  it.each(['-1', '65536', '80.5', 'http', ''])('rejects %p', (text) => {
    expect(() => parsePort(text, 8083, usage)).toThrow(/--port must be an integer/);
  });
});

describe('positionals', () => {
  it('names what is missing and what is extra', () => {
    expect(() => expectPositionals([], ['FILE'], usage)).toThrow('missing FILE');
    expect(() => expectPositionals(['a', 'b'], ['FILE'], usage)).toThrow("unexpected argument 'b'");
    expect(expectPositionals(['a'], ['FILE'], usage)).toEqual(['a']);
    expect(() => expectAtLeastOne([], 'FILE', usage)).toThrow('missing FILE');
  });
});
