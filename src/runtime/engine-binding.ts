/**
 * What the runtime needs from the engine, as functions, so tests can run the service on a fake engine and
 * the real binding (./engine.ts) is the only place that imports the interpreter.
 */
import type { ExecutionOutcome, ExecutionParams, RunExecutionOptions } from '../engine';

export type RunExecution = (params: ExecutionParams, options: RunExecutionOptions) => Promise<ExecutionOutcome>;

export interface DefinitionDiagnostic {
  severity: 'ERROR' | 'WARNING';
  code: string;
  message: string;
  location?: string;
}

export interface DefinitionValidation {
  result: 'OK' | 'FAIL';
  diagnostics: DefinitionDiagnostic[];
}

export interface EngineBinding {
  runExecution: RunExecution;
  validateDefinition(text: string, options: { type: 'STANDARD' | 'EXPRESS' }): DefinitionValidation;
  /** The InvalidDefinition message for a failed validation, e.g. "Invalid State Machine Definition: '...'". */
  invalidDefinitionMessage(result: DefinitionValidation): string;
  /** DescribeStateMachine's `variableReferences`: state name → variables its fields read. @default none */
  variableReferences?(text: string): Record<string, string[]> | undefined;
}
