/**
 * What a workflow file asks of AWS, read from the file itself: the `${Name}` placeholders it uses and, for every
 * Task state, ItemReader and ResultWriter, the service integration and the placeholders each of its arguments
 * names. Pure (text in, plan out), so the state machine role can be derived from the file and tested without a
 * synth.
 */

/** CloudFormation DefinitionSubstitutions syntax, as `src/integrations/substitutions.ts` fills it locally. */
const PLACEHOLDER = /\$\{([A-Za-z0-9_.:-]+)\}/g;

/** Stands for a placeholder inside a JSON string while the definition is parsed (not a character ASL uses). */
const OPEN = '\u27e6';
const CLOSE = '\u27e7';
const MARKER = new RegExp(`${OPEN}([^${CLOSE}]+)${CLOSE}`, 'g');

/** One use of a service: `arn:aws:states:::batch:submitJob.sync` → service `batch`, action `submitJob`, `.sync`. */
export interface IntegrationUse {
  /** The state's path in the definition, e.g. `ExtractTransform/RunJob` (ItemReader/ResultWriter of a Map: `Map#ItemReader`). */
  state: string;
  /** `ecs`, `batch`, `sqs`, `sns`, `s3`, `states`, or `aws-sdk:<service>` for SDK integrations. */
  service: string;
  action: string;
  pattern: 'request-response' | 'sync' | 'sync:2' | 'waitForTaskToken';
  /** Every argument (Parameters or Arguments, top level) → the placeholders it names and whether it is only a placeholder. */
  args: Readonly<Record<string, ArgumentUse>>;
  /** An ItemReader's `ReaderConfig.InputType` (a MANIFEST reader reads the files the manifest lists, too). */
  readerInputType?: string;
}

export interface ArgumentUse {
  /** The placeholders that occur in the argument's value (anywhere, nested included). */
  placeholders: readonly string[];
  /** The value is a literal string (no JSONPath `.$`, no JSONata `{% %}`), with markers where placeholders were. */
  literal?: string;
  /** The value as written (markers where placeholders were), unless a JSONPath `.$` field computes it. */
  value?: unknown;
}

export interface WorkflowScan {
  /** Every placeholder in the file, in order of first use. */
  placeholders: string[];
  integrations: IntegrationUse[];
  /** Paths of Map states with `ProcessorConfig.Mode: DISTRIBUTED` (their children are executions of this machine). */
  distributedMaps: string[];
}

/** A definition that cannot be read even with every placeholder stood in for. */
export class WorkflowScanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkflowScanError';
  }
}

/** The names of the `${Name}` placeholders in a definition's text, each once, in order of first use. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ''))];
}

/**
 * Parses a definition that still holds placeholders: one inside a string becomes a marker that survives parsing;
 * one outside a string (a number such as `"MaxAttempts": ${Retries}`) becomes 0, since only its presence matters here.
 */
export function parseWithPlaceholders(text: string, file: string): unknown {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? '';
    if (ch === '$' && text[i + 1] === '{') {
      const end = text.indexOf('}', i);
      const name = end === -1 ? '' : text.slice(i + 2, end);
      if (end !== -1 && /^[A-Za-z0-9_.:-]+$/.test(name)) {
        out += inString ? `${OPEN}${name}${CLOSE}` : '0';
        i = end;
        continue;
      }
    }
    if (inString && ch === '\\') {
      out += ch + (text[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === '"') inString = !inString;
    out += ch;
  }
  try {
    return JSON.parse(out) as unknown;
  } catch (error) {
    throw new WorkflowScanError(
      `${file} is not valid JSON once its placeholders are filled: ${(error as Error).message}`,
    );
  }
}

export function scanWorkflow(text: string, file: string): WorkflowScan {
  const definition = parseWithPlaceholders(text, file);
  const scan: WorkflowScan = { placeholders: placeholdersIn(text), integrations: [], distributedMaps: [] };
  if (!isObject(definition) || !isObject(definition['States'])) {
    throw new WorkflowScanError(`${file} has no "States" object: is it a state machine definition?`);
  }
  walkStates(definition['States'], '', scan);
  return scan;
}

function walkStates(states: Record<string, unknown>, prefix: string, scan: WorkflowScan): void {
  for (const [name, state] of Object.entries(states)) {
    if (!isObject(state)) continue;
    const path = prefix === '' ? name : `${prefix}/${name}`;
    switch (state['Type']) {
      case 'Task':
        if (typeof state['Resource'] === 'string') {
          scan.integrations.push(integrationUse(path, state['Resource'], argumentsOf(state)));
        }
        break;
      case 'Parallel':
        for (const branch of asArray(state['Branches'])) {
          if (isObject(branch) && isObject(branch['States'])) walkStates(branch['States'], path, scan);
        }
        break;
      case 'Map': {
        const processor = isObject(state['ItemProcessor']) ? state['ItemProcessor'] : state['Iterator'];
        if (isObject(processor)) {
          const config = processor['ProcessorConfig'];
          if (isObject(config) && config['Mode'] === 'DISTRIBUTED') scan.distributedMaps.push(path);
          if (isObject(processor['States'])) walkStates(processor['States'], path, scan);
        }
        for (const field of ['ItemReader', 'ResultWriter'] as const) {
          const part = state[field];
          if (isObject(part) && typeof part['Resource'] === 'string') {
            const use = integrationUse(`${path}#${field}`, part['Resource'], argumentsOf(part));
            const inputType = isObject(part['ReaderConfig']) ? part['ReaderConfig']['InputType'] : undefined;
            scan.integrations.push(typeof inputType === 'string' ? { ...use, readerInputType: inputType } : use);
          }
        }
        break;
      }
      default:
        break;
    }
  }
}

/** `Arguments` (JSONata) or `Parameters` (JSONPath); a `Key.$` field is reported as `Key`, with no literal. */
function argumentsOf(state: Record<string, unknown>): Record<string, ArgumentUse> {
  const raw = isObject(state['Arguments'])
    ? state['Arguments']
    : isObject(state['Parameters'])
      ? state['Parameters']
      : {};
  const args: Record<string, ArgumentUse> = {};
  for (const [field, value] of Object.entries(raw)) {
    const dynamicPath = field.endsWith('.$');
    const name = dynamicPath ? field.slice(0, -2) : field;
    const placeholders = [...new Set([...JSON.stringify(value).matchAll(MARKER)].map((m) => m[1] ?? ''))];
    const literal = !dynamicPath && typeof value === 'string' && !value.trim().startsWith('{%') ? value : undefined;
    args[name] = {
      placeholders,
      ...(literal === undefined ? {} : { literal }),
      ...(dynamicPath ? {} : { value }),
    };
  }
  return args;
}

const SERVICE_RESOURCE =
  /^arn:aws[a-z-]*:states:::(aws-sdk:)?([a-zA-Z0-9-]+):([a-zA-Z0-9]+)(?:\.(sync(?::2)?|waitForTaskToken))?$/;

function integrationUse(state: string, resource: string, args: Record<string, ArgumentUse>): IntegrationUse {
  const match = SERVICE_RESOURCE.exec(resource);
  if (match === null) {
    // Lambda ARNs, activities or a placeholder as the whole resource: the role cannot be derived, so say so.
    return { state, service: 'unknown', action: resource, pattern: 'request-response', args };
  }
  const [, sdk, service = '', action = '', suffix] = match;
  const pattern = suffix === undefined ? 'request-response' : (suffix as IntegrationUse['pattern']);
  return { state, service: sdk === undefined ? service : `aws-sdk:${service}`, action, pattern, args };
}

/** Replaces the markers in a literal argument with what `fill` returns for each placeholder. */
export function fillLiteral(literal: string, fill: (name: string) => string): string {
  return literal.replace(MARKER, (_whole, name: string) => fill(name));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
