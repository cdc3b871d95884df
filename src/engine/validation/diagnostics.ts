/** A finding of ValidateStateMachineDefinition, in AWS's own shape. */
export interface Diagnostic {
  severity: 'ERROR' | 'WARNING';
  /** e.g. SCHEMA_VALIDATION_FAILED, INVALID_JSON_DESCRIPTION, ... as AWS names them */
  code: string;
  message: string;
  /** JSON-pointer-like location, e.g. "/States/Pass1/Next"; array items as "Catch[0]", as AWS prints them */
  location?: string;
}

export interface ValidationResult {
  result: 'OK' | 'FAIL';
  diagnostics: Diagnostic[];
}

/** The diagnostic codes AWS reports. */
export const DiagnosticCode = {
  SchemaValidationFailed: 'SCHEMA_VALIDATION_FAILED',
  InvalidJsonDescription: 'INVALID_JSON_DESCRIPTION',
  MissingTransitionTarget: 'MISSING_TRANSITION_TARGET',
  DuplicateStateName: 'DUPLICATE_STATE_NAME',
  MissingTerminalState: 'MISSING_TERMINAL_STATE',
} as const;
export type DiagnosticCode = (typeof DiagnosticCode)[keyof typeof DiagnosticCode];

/** Collects the findings of one validation run. */
export class Diagnostics {
  readonly items: Diagnostic[] = [];

  error(code: DiagnosticCode, message: string, location?: string): void {
    this.items.push(
      location === undefined ? { severity: 'ERROR', code, message } : { severity: 'ERROR', code, message, location },
    );
  }

  /** The common case: AWS reports most rule violations as SCHEMA_VALIDATION_FAILED. */
  schema(message: string, location: string): void {
    this.error(DiagnosticCode.SchemaValidationFailed, message, location);
  }
}

/** Locations as AWS prints them: "/" for the root, "/States/A/Catch[0]" below it. */
export function field(location: string, name: string): string {
  return location === '/' ? `/${name}` : `${location}/${name}`;
}

export function item(location: string, index: number): string {
  return `${location}[${index}]`;
}
