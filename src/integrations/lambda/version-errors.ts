/** The Lambda API's errors for versions and aliases, with the messages Lambda gives. */
import { WireError } from '../../protocol/wire-error';

/** Alias names: letters, digits, `-` and `_`, not digits only (those are version numbers). */
const ALIAS_NAME = /^(?!\d+$)[A-Za-z0-9_-]{1,128}$/;
const ALIAS_PATTERN = '(?!^[0-9]+$)([a-zA-Z0-9-_]+)';

export function notFound(message: string): WireError {
  return new WireError('ResourceNotFoundException', message, { status: 404 });
}

export function revisionMismatch(getter: string): WireError {
  return new WireError(
    'PreconditionFailedException',
    `The Revision Id provided does not match the latest Revision Id. Call the ${getter} API to retrieve the latest Revision Id`,
    { status: 412 },
  );
}

export function validation(field: string, value: string, constraint: string): WireError {
  return new WireError(
    'ValidationException',
    `1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: ${constraint}`,
  );
}

export function checkAliasName(alias: string): void {
  if (!ALIAS_NAME.test(alias)) {
    throw validation('name', alias, `Member must satisfy regular expression pattern: ${ALIAS_PATTERN}`);
  }
}
