import type { Diagnostic } from '../../../../src/engine/validation';
import { validateDefinition } from '../../../../src/engine/validation';

/** Validates a definition given as an object; returns the diagnostics. */
export function diagnose(definition: unknown, type: 'STANDARD' | 'EXPRESS' = 'STANDARD'): Diagnostic[] {
  return validateDefinition(JSON.stringify(definition), { type }).diagnostics;
}

/** A machine whose StartAt state is `state`, followed by nothing else. */
export function single(state: Record<string, unknown>, topLevel: Record<string, unknown> = {}): unknown {
  return { ...topLevel, StartAt: 'A', States: { A: state } };
}

export function messages(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => `${d.code}: ${d.message}${d.location === undefined ? '' : ` at ${d.location}`}`);
}
