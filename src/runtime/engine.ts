/** The real engine, bound for the runtime: the interpreter and definition validation. */
import { invalidDefinitionMessage, runExecution, validateDefinition, variableReferences } from '../engine';
import type { EngineBinding } from './engine-binding';
import { awsSdkCatalog } from './resource-catalog';

export const defaultEngine: EngineBinding = {
  runExecution,
  validateDefinition: (text, options) => validateDefinition(text, { ...options, resources: awsSdkCatalog }),
  invalidDefinitionMessage: (result) => invalidDefinitionMessage(result),
  variableReferences: (text) => variableReferences(text),
};
