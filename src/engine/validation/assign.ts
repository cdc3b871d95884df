import type { QueryLanguage } from '../asl';
import type { Diagnostics } from './diagnostics';
import { field } from './diagnostics';
import type { StatesAvailability } from './expressions';
import { checkJsonataValue, checkPayloadTemplate } from './expressions';
import { isJsonObject } from './values';

const MAX_VARIABLE_NAME_LENGTH = 80;
// Unicode identifiers; a leading underscore is accepted as in most languages that use these classes.
const VARIABLE_NAME = /^[\p{ID_Start}_][\p{ID_Continue}]*$/u;

/** Checks an Assign block: whole-variable names only, and values in the state's query language. */
export function checkAssign(
  assign: unknown,
  location: string,
  language: QueryLanguage,
  available: StatesAvailability,
  diagnostics: Diagnostics,
): void {
  if (!isJsonObject(assign)) {
    diagnostics.schema("The field 'Assign' must be a JSON object", location);
    return;
  }
  for (const key of Object.keys(assign)) {
    const name = language === 'JSONPath' && key.endsWith('.$') ? key.slice(0, -2) : key;
    const keyLocation = field(location, key);
    if (name.length > MAX_VARIABLE_NAME_LENGTH) {
      diagnostics.schema(`Variable name '${name}' exceeds ${MAX_VARIABLE_NAME_LENGTH} characters`, keyLocation);
    } else if (!VARIABLE_NAME.test(name)) {
      diagnostics.schema(
        `Variable name '${name}' is not valid: only whole variables can be assigned, named with letters, digits and underscores`,
        keyLocation,
      );
    }
  }
  if (language === 'JSONPath') checkPayloadTemplate(assign, location, diagnostics);
  else checkJsonataValue(assign, 'Assign', location, available, diagnostics);
}
