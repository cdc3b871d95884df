import type { StateContext } from './context';
import type { Diagnostics } from './diagnostics';
import { field } from './diagnostics';
import { atMostOne, exactlyOne } from './field-rules';
import { isInteger, isJsonataExpression, isJsonObject, quoteList } from './values';

const MAX_LABEL_LENGTH = 40;
// Whitespace, wildcards, brackets, separators (AWS Map state "Label" rules); control characters are checked apart.
const LABEL_FORBIDDEN = /[\s?*<>{}[\]:;,\\|^~$#%&`"]/u;

function forbiddenLabelCharacter(label: string): string | undefined {
  for (const character of label) {
    const code = character.codePointAt(0) ?? 0;
    if (code <= 0x1f || (code >= 0x7f && code <= 0x9f) || LABEL_FORBIDDEN.test(character)) return character;
  }
  return undefined;
}

const ENUMS: ReadonlyArray<{ path: readonly string[]; values: readonly string[] }> = [
  { path: ['ItemReader', 'ReaderConfig', 'InputType'], values: ['CSV', 'JSON', 'JSONL', 'PARQUET', 'MANIFEST'] },
  { path: ['ItemReader', 'ReaderConfig', 'Transformation'], values: ['NONE', 'LOAD_AND_FLATTEN'] },
  { path: ['ItemReader', 'ReaderConfig', 'ManifestType'], values: ['ATHENA_DATA', 'S3_INVENTORY'] },
  { path: ['ItemReader', 'ReaderConfig', 'CSVHeaderLocation'], values: ['FIRST_ROW', 'GIVEN'] },
  { path: ['ItemReader', 'ReaderConfig', 'CSVDelimiter'], values: ['COMMA', 'PIPE', 'SEMICOLON', 'SPACE', 'TAB'] },
  { path: ['ResultWriter', 'WriterConfig', 'Transformation'], values: ['NONE', 'COMPACT', 'FLATTEN'] },
  { path: ['ResultWriter', 'WriterConfig', 'OutputType'], values: ['JSON', 'JSONL'] },
];

/** Map rules beyond the field table: processor shape, mutually exclusive fields, Label, Distributed Map enums. */
export function checkMap(context: StateContext): void {
  const { state, location } = context;
  const { diagnostics } = context.definition;
  exactlyOne(state, ['ItemProcessor', 'Iterator'], location, diagnostics);
  for (const pair of [
    ['ItemSelector', 'Parameters'],
    ['Items', 'ItemsPath'],
    ['MaxConcurrency', 'MaxConcurrencyPath'],
    ['ToleratedFailureCount', 'ToleratedFailureCountPath'],
    ['ToleratedFailurePercentage', 'ToleratedFailurePercentagePath'],
  ]) {
    atMostOne(state, pair, location, diagnostics);
  }
  checkNumber(
    state['MaxConcurrency'],
    'MaxConcurrency',
    field(location, 'MaxConcurrency'),
    true,
    Infinity,
    diagnostics,
  );
  checkNumber(
    state['ToleratedFailureCount'],
    'ToleratedFailureCount',
    field(location, 'ToleratedFailureCount'),
    true,
    Infinity,
    diagnostics,
  );
  checkNumber(
    state['ToleratedFailurePercentage'],
    'ToleratedFailurePercentage',
    field(location, 'ToleratedFailurePercentage'),
    false,
    100,
    diagnostics,
  );
  if (state['Label'] !== undefined) checkLabel(context);
  for (const { path, values } of ENUMS) {
    const value = lookup(state, path);
    if (value !== undefined && !(typeof value === 'string' && values.includes(value))) {
      diagnostics.schema(
        `The field '${path.at(-1) ?? ''}' must be one of ${quoteList(values)}`,
        `${location}/${path.join('/')}`,
      );
    }
  }
  checkProcessorConfig(context);
}

function checkProcessorConfig(context: StateContext): void {
  const { diagnostics, machineType } = context.definition;
  const processor = context.state['ItemProcessor'] ?? context.state['Iterator'];
  if (!isJsonObject(processor) || processor['ProcessorConfig'] === undefined) return;
  const config = processor['ProcessorConfig'];
  const at = `${context.location}/${context.state['ItemProcessor'] !== undefined ? 'ItemProcessor' : 'Iterator'}/ProcessorConfig`;
  if (!isJsonObject(config)) {
    diagnostics.schema("The field 'ProcessorConfig' must be a JSON object", at);
    return;
  }
  for (const key of Object.keys(config)) {
    if (key !== 'Mode' && key !== 'ExecutionType') diagnostics.schema(`Field '${key}' is not supported`, at);
  }
  const mode = config['Mode'] ?? 'INLINE';
  const executionType = config['ExecutionType'];
  if (mode !== 'INLINE' && mode !== 'DISTRIBUTED') {
    diagnostics.schema(`The field 'Mode' must be one of ${quoteList(['INLINE', 'DISTRIBUTED'])}`, field(at, 'Mode'));
    return;
  }
  if (executionType !== undefined && executionType !== 'STANDARD' && executionType !== 'EXPRESS') {
    diagnostics.schema(
      `The field 'ExecutionType' must be one of ${quoteList(['STANDARD', 'EXPRESS'])}`,
      field(at, 'ExecutionType'),
    );
  }
  if (mode === 'DISTRIBUTED') {
    if (executionType === undefined) diagnostics.schema('These fields are required: [ExecutionType]', at);
    if (machineType === 'EXPRESS') {
      diagnostics.schema('Express state machine does not support Map state in DISTRIBUTED mode', field(at, 'Mode'));
    }
  } else if (executionType !== undefined) {
    diagnostics.schema("Field 'ExecutionType' is not supported", at);
  }
}

/** Recorded AWS wording (2024-07) for the three Label errors. */
function checkLabel(context: StateContext): void {
  const { diagnostics, labels } = context.definition;
  const label = context.state['Label'];
  const at = field(context.location, 'Label');
  if (typeof label !== 'string') {
    diagnostics.schema("The field 'Label' must be a string", at);
    return;
  }
  const forbidden = forbiddenLabelCharacter(label);
  if (label.length === 0) diagnostics.schema('Label cannot be empty', at);
  else if (label.length > MAX_LABEL_LENGTH)
    diagnostics.schema(`Label cannot exceed ${MAX_LABEL_LENGTH} characters`, at);
  else if (forbidden !== undefined) diagnostics.schema(`Label contains invalid character: '${forbidden}'`, at);
  else if (labels.has(label)) diagnostics.schema(`Label '${label}' is not unique in the state machine`, at);
  labels.add(label);
}

function checkNumber(
  value: unknown,
  name: string,
  location: string,
  integer: boolean,
  max: number,
  diagnostics: Diagnostics,
): void {
  if (value === undefined || isJsonataExpression(value)) return;
  const valid = typeof value === 'number' && value >= 0 && value <= max && (!integer || isInteger(value));
  if (!valid) {
    const kind = integer ? 'a non-negative integer' : `a number between 0 and ${max}`;
    diagnostics.schema(`The field '${name}' must be ${kind}`, location);
  }
}

function lookup(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isJsonObject(current)) return undefined;
    current = current[key];
  }
  return current;
}
