import type { QueryLanguage, StateType } from '../asl';
import { checkAssign } from './assign';
import { checkChoices } from './choice';
import type { DefinitionContext, StateContext } from './context';
import { field } from './diagnostics';
import type { PathKind, StatesAvailability } from './expressions';
import { checkJsonataValue, checkPathField, checkPayloadTemplate, NO_RESULT } from './expressions';
import { checkMap } from './map';
import { checkCatch, checkRetry } from './retry-catch';
import { checkStateField, hasNextOrEnd, STATE_TYPES } from './state-fields';
import { checkFail, checkTask, checkWait } from './task-wait-fail';
import type { JsonObject } from './values';
import { quoteList } from './values';

const QUERY_LANGUAGES: readonly QueryLanguage[] = ['JSONPath', 'JSONata'];

const PATH_FIELDS: ReadonlyArray<readonly [string, PathKind, boolean]> = [
  ['InputPath', 'path', true],
  ['OutputPath', 'path', true],
  ['ResultPath', 'resultPath', true],
  ['ItemsPath', 'referencePath', false],
  ['TimeoutSecondsPath', 'referencePath', false],
  ['HeartbeatSecondsPath', 'referencePath', false],
  ['SecondsPath', 'referencePath', false],
  ['TimestampPath', 'referencePath', false],
  ['MaxConcurrencyPath', 'referencePath', false],
  ['ToleratedFailureCountPath', 'referencePath', false],
  ['ToleratedFailurePercentagePath', 'referencePath', false],
  ['ErrorPath', 'payload', false],
  ['CausePath', 'payload', false],
];
const PAYLOAD_TEMPLATE_FIELDS = ['Parameters', 'ResultSelector', 'ItemSelector'];

/** Fields whose values are structure, not data: never JSONata-evaluated. */
const STRUCTURAL_FIELDS = [
  'Type',
  'Comment',
  'QueryLanguage',
  'Next',
  'End',
  'Default',
  'Resource',
  'Label',
  'Retry',
  'Catch',
  'Choices',
  'Assign',
  'Branches',
  'ItemProcessor',
  'Iterator',
];
const RESULT_PRODUCING: readonly StateType[] = ['Task', 'Parallel', 'Map'];

/** Checks one state's own fields; the scope walker checks transitions and nested scopes. */
export function checkState(
  definition: DefinitionContext,
  name: string,
  state: JsonObject,
  location: string,
): StateType | undefined {
  const { diagnostics } = definition;
  const type = state['Type'];
  if (type === undefined) {
    diagnostics.schema('These fields are required: [Type]', location);
    return undefined;
  }
  if (typeof type !== 'string' || !(STATE_TYPES as readonly string[]).includes(type)) {
    diagnostics.schema(`The field 'Type' must be one of ${quoteList(STATE_TYPES)}`, field(location, 'Type'));
    return undefined;
  }
  const stateType = type as StateType;
  const language = stateLanguage(definition, state, location);
  const context: StateContext = { definition, name, state, location, language };

  for (const key of Object.keys(state)) {
    const verdict = checkStateField(stateType, language, key);
    if (verdict === 'unknown') diagnostics.schema(`Field '${key}' is not supported`, location);
    else if (verdict === 'jsonPathOnly')
      diagnostics.schema(`Field '${key}' is not supported when QueryLanguage is JSONata`, location);
    else if (verdict === 'jsonataOnly')
      diagnostics.schema(`Field '${key}' is not supported when QueryLanguage is JSONPath`, location);
  }
  if (hasNextOrEnd(stateType)) checkNextOrEnd(context);
  if (state['Assign'] !== undefined) {
    const available: StatesAvailability = { result: RESULT_PRODUCING.includes(stateType), errorOutput: false };
    checkAssign(state['Assign'], field(location, 'Assign'), language, available, diagnostics);
  }
  if (language === 'JSONPath') checkJsonPathFields(context);
  else checkJsonataFields(context, stateType);

  if (state['Retry'] !== undefined) checkRetry(context);
  if (state['Catch'] !== undefined) checkCatch(context);
  if (stateType === 'Choice') checkChoices(context);
  else if (stateType === 'Map') checkMap(context);
  else if (stateType === 'Task') checkTask(context);
  else if (stateType === 'Wait') checkWait(context);
  else if (stateType === 'Fail') checkFail(context);
  return stateType;
}

function stateLanguage(definition: DefinitionContext, state: JsonObject, location: string): QueryLanguage {
  const own = state['QueryLanguage'];
  if (own === undefined) return definition.topLanguage;
  if (typeof own !== 'string' || !(QUERY_LANGUAGES as readonly string[]).includes(own)) {
    definition.diagnostics.schema(
      `The field 'QueryLanguage' must be one of ${quoteList(QUERY_LANGUAGES)}`,
      field(location, 'QueryLanguage'),
    );
    return definition.topLanguage;
  }
  if (own === 'JSONPath' && definition.topLanguage === 'JSONata') {
    // Recorded AWS wording (2025-10).
    definition.diagnostics.schema(
      "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine",
      location,
    );
  }
  return own as QueryLanguage;
}

function checkNextOrEnd({ state, name, location, definition }: StateContext): void {
  const next = state['Next'];
  const end = state['End'];
  if (end !== undefined && typeof end !== 'boolean') {
    definition.diagnostics.schema("The field 'End' must be a boolean", field(location, 'End'));
  }
  if (next !== undefined && typeof next !== 'string') {
    definition.diagnostics.schema("The field 'Next' must be a string", field(location, 'Next'));
  }
  if ((next === undefined) === (end !== true)) {
    definition.diagnostics.schema(`State '${name}' must have exactly one of 'Next' or 'End': true`, location);
  }
}

function checkJsonPathFields({ state, location, definition }: StateContext): void {
  for (const [name, kind, nullable] of PATH_FIELDS) {
    if (state[name] !== undefined)
      checkPathField(state[name], name, kind, field(location, name), definition.diagnostics, nullable);
  }
  for (const name of PAYLOAD_TEMPLATE_FIELDS) {
    if (state[name] !== undefined) checkPayloadTemplate(state[name], field(location, name), definition.diagnostics);
  }
  for (const config of ['ItemReader', 'ResultWriter']) {
    const value = state[config];
    if (value !== undefined) checkPayloadTemplate(value, field(location, config), definition.diagnostics);
  }
}

/** Every data field of a JSONata state may hold expressions; only Output of Task/Parallel/Map sees `$states.result`. */
function checkJsonataFields({ state, location, definition }: StateContext, type: StateType): void {
  for (const [name, value] of Object.entries(state)) {
    if (STRUCTURAL_FIELDS.includes(name)) continue;
    const available: StatesAvailability =
      name === 'Output' && RESULT_PRODUCING.includes(type) ? { result: true, errorOutput: false } : NO_RESULT;
    checkJsonataValue(value, name, field(location, name), available, definition.diagnostics);
  }
}
