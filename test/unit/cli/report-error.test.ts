import { CliError, ExitCode, UsageError } from '../../../src/cli/errors';
import { reportError } from '../../../src/cli/report-error';
import { InputError } from '../../../src/operator';

describe('reportError', () => {
  it('prints usage errors with the usage, exit 2', () => {
    expect(reportError(new UsageError('missing FILE', 'Usage: x\n'))).toEqual({
      exitCode: ExitCode.Usage,
      message: 'fanout: missing FILE\n\nUsage: x\n',
    });
  });

  it('keeps a CliError exit code', () => {
    expect(reportError(new CliError('nope', ExitCode.Input))).toEqual({ exitCode: 3, message: 'fanout: nope\n' });
  });

  it('gives an InputError of the shared operator code the input exit code, 3', () => {
    expect(reportError(new InputError("no queue named 'q'"))).toEqual({
      exitCode: 3,
      message: "fanout: no queue named 'q'\n",
    });
  });

  it('maps SDK service exceptions: InvalidDefinition is a failure (1), the rest endpoint errors (4)', () => {
    const sdkError = (name: string, message: string): Error =>
      Object.assign(new Error(message), { name, $fault: 'client', $metadata: {} });
    expect(reportError(sdkError('InvalidDefinition', "Invalid State Machine Definition: 'x'"))).toEqual({
      exitCode: 1,
      message: "fanout: InvalidDefinition: Invalid State Machine Definition: 'x'\n",
    });
    expect(reportError(sdkError('ExecutionDoesNotExist', 'gone')).exitCode).toBe(4);
  });

  it('maps network failures, including AggregateErrors, to exit 4', () => {
    const refused = Object.assign(new Error('connect'), { code: 'ECONNREFUSED' });
    expect(reportError(refused).exitCode).toBe(4);
    expect(reportError(new AggregateError([refused], '')).message).toBe(
      'fanout: cannot reach the endpoint (ECONNREFUSED)\n',
    );
  });

  it('reports anything else as an internal error, with the stack only when debugging', () => {
    const plain = reportError(new TypeError('x is undefined'));
    expect(plain.exitCode).toBe(70);
    expect(plain.message).toContain('internal error: x is undefined');
    expect(plain.message).not.toMatch(/\n\s+at /);
    expect(reportError(new TypeError('boom'), true).message).toMatch(/\n\s+at /);
  });
});
