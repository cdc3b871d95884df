/**
 * AWS's causes for States.QueryEvaluationError, without the "An error occurred while executing the state 'X'
 * (entered at the event id #N). " prefix, which the interpreter adds.
 */
import { jsonTypeName, stringifyJson } from '../json';

function subject(expression: string, field: string): string {
  return `The JSONata expression '${expression}' specified for the field '${field}'`;
}

export function returnedNothing(expression: string, field: string): string {
  return `${subject(expression, field)} returned nothing (undefined).`;
}

export function unsupportedResultType(expression: string, field: string): string {
  return `${subject(expression, field)} returned an unsupported result type.`;
}

export function unexpectedResultType(expression: string, field: string, expected: string, value: unknown): string {
  return (
    `${subject(expression, field)} returned an unexpected result type. ` +
    `Expected '${expected}', but was '${jsonTypeName(value)}' for value: ${stringifyJson(value)}`
  );
}

/**
 * JSONata's own errors carry a code and read as a sentence of their own ("... during evaluation. T2001: ...");
 * errors from AWS's added functions have no code and follow a colon.
 */
export function threwDuringEvaluation(expression: string, field: string, error: unknown): string {
  const head = `${subject(expression, field)} threw an error during evaluation`;
  const { code, message } = describe(error);
  return code === undefined ? `${head}: ${message}` : `${head}. ${code}: ${message}`;
}

function describe(error: unknown): { code: string | undefined; message: string } {
  if (typeof error === 'object' && error !== null) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    return {
      code: typeof code === 'string' ? code : undefined,
      message: typeof message === 'string' ? message : stringifyJson(error),
    };
  }
  return { code: undefined, message: String(error) };
}
