/**
 * Syntax checking for definition validation: AWS refuses a definition whose JSONata does not parse, at
 * CreateStateMachine, rather than failing the execution later.
 */
import { compileJsonata } from './compile';
import { jsonataExpressionText } from './template';

/** Null when the template's expression parses; otherwise JSONata's message, e.g. "S0207: Unexpected end of expression". */
export function checkJsonataSyntax(template: string): string | null {
  try {
    compileJsonata(jsonataExpressionText(template));
    return null;
  } catch (error) {
    const { code, message } = error as { code?: unknown; message?: unknown };
    const text = typeof message === 'string' ? message : String(error);
    return typeof code === 'string' ? `${code}: ${text}` : text;
  }
}
