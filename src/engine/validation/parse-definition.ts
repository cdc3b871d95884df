import type { JsonObject } from '../json';
import { isJsonObject } from '../json';
import type { Diagnostics } from './diagnostics';
import { DiagnosticCode } from './diagnostics';

/**
 * Parses definition text. AWS parses with Jackson, so for the common "bare word" mistake the message imitates
 * Jackson's ("Unrecognized token 'not': was expecting ..."); other syntax errors keep Node's wording with a
 * Jackson-style location.
 */
export function parseDefinition(text: string, diagnostics: Diagnostics): JsonObject | undefined {
  if (text.trim() === '') {
    diagnostics.error(DiagnosticCode.SchemaValidationFailed, 'Definition must be a valid JSON object');
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    reportSyntaxError(text, error instanceof Error ? error.message : String(error), diagnostics);
    return undefined;
  }
  if (!isJsonObject(value)) {
    diagnostics.error(DiagnosticCode.SchemaValidationFailed, 'Definition must be a valid JSON object');
    return undefined;
  }
  return value;
}

function reportSyntaxError(text: string, nodeMessage: string, diagnostics: Diagnostics): void {
  const bareWord = /^\s*([A-Za-z_][\w$]*)/.exec(text);
  const offset = bareWord?.[1] !== undefined ? bareWord[0].length : positionOf(nodeMessage, text);
  const source = `[Source: (String)${JSON.stringify(text.length > 500 ? text.slice(0, 500) : text)}; ${lineColumn(text, offset)}]`;
  const message =
    bareWord?.[1] !== undefined && !['true', 'false', 'null'].includes(bareWord[1])
      ? `Unrecognized token '${bareWord[1]}': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`
      : nodeMessage;
  diagnostics.error(DiagnosticCode.InvalidJsonDescription, `${message}\n at ${source}`, source);
}

function positionOf(nodeMessage: string, text: string): number {
  const match = /position (\d+)/.exec(nodeMessage);
  return match?.[1] !== undefined ? Number(match[1]) : text.length;
}

/** Jackson reports the column just past the offending token, 1-based. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `line: ${line}, column: ${column}`;
}
