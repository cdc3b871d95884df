/**
 * Definition validation: what CreateStateMachine, UpdateStateMachine and ValidateStateMachineDefinition (and
 * `fanout validate`) accept. Pure: no I/O.
 */
import type { QueryLanguage } from '../asl';
import type { DefinitionContext } from './context';
import type { Diagnostic, ValidationResult } from './diagnostics';
import { Diagnostics, field } from './diagnostics';
import { parseDefinition } from './parse-definition';
import { checkScope } from './scope';
import type { ResourceCatalog } from './resource';
import { isInteger } from './values';

export type { Diagnostic, ValidationResult } from './diagnostics';

export interface ValidateOptions {
  /** Express machines reject `.sync`/`.waitForTaskToken` integrations and Distributed Map. @default 'STANDARD' */
  type?: 'STANDARD' | 'EXPRESS';
  /** Checks `aws-sdk:<service>:<action>` resources against the SDK's models. @default any service and action */
  resources?: ResourceCatalog;
}

const MAX_TIMEOUT_SECONDS = 99999999;

/** Validates definition text (JSON). Pure: no I/O. */
export function validateDefinition(definitionText: string, options?: ValidateOptions): ValidationResult {
  const diagnostics = new Diagnostics();
  const definition = parseDefinition(definitionText, diagnostics);
  if (definition !== undefined) {
    const language = definition['QueryLanguage'];
    if (language !== undefined && language !== 'JSONPath' && language !== 'JSONata') {
      diagnostics.schema("The field 'QueryLanguage' must be one of [JSONPath, JSONata]", '/QueryLanguage');
    }
    const timeout = definition['TimeoutSeconds'];
    if (timeout !== undefined && !(isInteger(timeout) && timeout > 0 && timeout <= MAX_TIMEOUT_SECONDS)) {
      diagnostics.schema(
        `The field 'TimeoutSeconds' must be a positive integer no greater than ${MAX_TIMEOUT_SECONDS}`,
        field('/', 'TimeoutSeconds'),
      );
    }
    for (const name of ['Comment', 'Version']) {
      if (definition[name] !== undefined && typeof definition[name] !== 'string') {
        diagnostics.schema(`The field '${name}' must be a string`, field('/', name));
      }
    }
    const context: DefinitionContext = {
      diagnostics,
      machineType: options?.type ?? 'STANDARD',
      topLanguage: language === 'JSONata' ? ('JSONata' satisfies QueryLanguage) : 'JSONPath',
      stateNames: new Map(),
      labels: new Set(),
      ...(options?.resources === undefined ? {} : { resources: options.resources }),
    };
    checkScope(context, definition, '/', 'machine');
  }
  const items = diagnostics.items;
  return { result: items.some((d) => d.severity === 'ERROR') ? 'FAIL' : 'OK', diagnostics: items };
}

/**
 * The message CreateStateMachine/UpdateStateMachine put in InvalidDefinition, as AWS words it: one error is
 * quoted once, several are each quoted and joined, e.g.
 * "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required: [States] at /'".
 */
export function invalidDefinitionMessage(result: ValidationResult): string {
  const errors = result.diagnostics.filter((d) => d.severity === 'ERROR').map(describe);
  const body = errors.length === 1 ? (errors[0] ?? '') : errors.map((text) => `'${text}'`).join(', ');
  return `Invalid State Machine Definition: '${body}'`;
}

function describe(diagnostic: Diagnostic): string {
  // A JSON syntax message already ends with its Jackson-style location.
  if (diagnostic.location === undefined || diagnostic.code === 'INVALID_JSON_DESCRIPTION') {
    return `${diagnostic.code}: ${diagnostic.message}`;
  }
  return `${diagnostic.code}: ${diagnostic.message} at ${diagnostic.location}`;
}
