import jsonata from 'jsonata';
import { validatePath } from 'asl-path-validator';
// The package's index re-exports validatePath but not the enum it takes.
import { AslPathContext } from 'asl-path-validator/dist/types';
import type { Diagnostics } from './diagnostics';
import { field, item } from './diagnostics';
import { isJsonataExpression, isJsonObject } from './values';

/** Which `$states` members an expression may read where it stands. */
export interface StatesAvailability {
  result: boolean;
  errorOutput: boolean;
}

export const NO_RESULT: StatesAvailability = { result: false, errorOutput: false };

const RESULT_REFERENCE = /\$states\s*\.\s*result\b/;
const ERROR_OUTPUT_REFERENCE = /\$states\s*\.\s*errorOutput\b/;

/** Checks one `{% ... %}` string: it must parse, and it may only read `$states` members that exist there. */
export function checkJsonataExpression(
  expression: string,
  fieldName: string,
  location: string,
  available: StatesAvailability,
  diagnostics: Diagnostics,
): void {
  const body = expression.slice(2, -2);
  try {
    jsonata(body);
  } catch (error) {
    // jsonata throws plain objects ({ code, position, token, message }), not Errors.
    const message = (error as { message?: unknown } | null)?.message;
    const reason = typeof message === 'string' ? message : String(error);
    diagnostics.schema(
      `The JSONata expression '${body.trim()}' specified for the field '${fieldName}' is invalid: ${reason}`,
      location,
    );
    return;
  }
  if (!available.result && RESULT_REFERENCE.test(body)) {
    diagnostics.schema(`The field '${fieldName}' references '$states.result', which is not available here`, location);
  }
  if (!available.errorOutput && ERROR_OUTPUT_REFERENCE.test(body)) {
    diagnostics.schema(
      `The field '${fieldName}' references '$states.errorOutput', which is only available in a Catch's Assign or Output`,
      location,
    );
  }
}

/** Walks a JSONata-state value (Output, Arguments, Assign ...) and checks every expression in it. */
export function checkJsonataValue(
  value: unknown,
  fieldName: string,
  location: string,
  available: StatesAvailability,
  diagnostics: Diagnostics,
): void {
  if (isJsonataExpression(value)) {
    checkJsonataExpression(value, fieldName, location, available, diagnostics);
  } else if (Array.isArray(value)) {
    value.forEach((element, index) =>
      checkJsonataValue(element, fieldName, item(location, index), available, diagnostics),
    );
  } else if (isJsonObject(value)) {
    // A `.$` key is a literal key here: AWS accepts {"a.$": "$"} in a JSONata Output and outputs it as is.
    for (const [key, child] of Object.entries(value)) {
      checkJsonataValue(child, `${fieldName}/${key}`, field(location, key), available, diagnostics);
    }
  }
}

/** `payload` also admits intrinsic functions, as in ErrorPath/CausePath and `.$` values. */
export type PathKind = 'path' | 'referencePath' | 'resultPath' | 'payload';

const PATH_CONTEXT: Record<PathKind, AslPathContext> = {
  path: AslPathContext.PATH,
  referencePath: AslPathContext.REFERENCE_PATH,
  resultPath: AslPathContext.RESULT_PATH,
  payload: AslPathContext.PAYLOAD_TEMPLATE,
};

/** Checks a JSONPath field such as InputPath or ItemsPath (`null` is allowed only where `nullable`). */
export function checkPathField(
  value: unknown,
  fieldName: string,
  kind: PathKind,
  location: string,
  diagnostics: Diagnostics,
  nullable = false,
): void {
  if (value === null && nullable) return;
  if (typeof value !== 'string' || !validatePath(value, PATH_CONTEXT[kind]).isValid) {
    diagnostics.schema(`The value for the field '${fieldName}' must be a valid JSONPath`, location);
  }
}

/** Walks a JSONPath payload template (Parameters, ResultSelector, ItemSelector, Assign): `.$` values must be paths or intrinsics. */
export function checkPayloadTemplate(value: unknown, location: string, diagnostics: Diagnostics): void {
  if (Array.isArray(value)) {
    value.forEach((element, index) => checkPayloadTemplate(element, item(location, index), diagnostics));
    return;
  }
  if (!isJsonObject(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const childLocation = field(location, key);
    if (key.endsWith('.$')) {
      if (typeof child !== 'string' || !validatePath(child, AslPathContext.PAYLOAD_TEMPLATE).isValid) {
        diagnostics.schema(
          `The value for the field '${key}' must be a valid JSONPath or a valid intrinsic function call`,
          childLocation,
        );
      }
    } else {
      checkPayloadTemplate(child, childLocation, diagnostics);
    }
  }
}
