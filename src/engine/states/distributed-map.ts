/**
 * A Distributed Map handed to the DistributedMapPort: the engine evaluates the fields that depend on the state's
 * input (ItemReader, ItemBatcher and ResultWriter parameters, their numeric limits) and leaves reading, batching,
 * child executions and result files to the port.
 */
import type { StateMachineDefinition } from '../asl';
import { StatesRuntimeError } from '../errors';
import { evaluateJsonataValue } from '../jsonata';
import { evaluatePayloadTemplate } from '../jsonpath';
import { isJsonObject } from '../json';
import type { Json, JsonObject } from '../json';
import type {
  DistributedMapPort,
  DistributedMapRequest,
  ItemBatcherRequest,
  ItemReaderRequest,
  ResultWriterRequest,
} from '../map-port';
import type { StateRun } from '../state-run';
import { mapNumber } from './map-fields';
import type { MapItemContext } from '../context';

export interface DistributedMapInputs {
  processor: StateMachineDefinition;
  effective: Json;
  items: Json[] | undefined;
  maxConcurrency: number;
  toleratedFailureCount: number | undefined;
  toleratedFailurePercentage: number | undefined;
  selectItem: (item: MapItemContext) => Promise<Json>;
  signal: AbortSignal;
}

export async function runDistributedMap(
  port: DistributedMapPort,
  run: StateRun,
  inputs: DistributedMapInputs,
): Promise<Json> {
  const { params, log } = run.frame.runtime;
  const { ProcessorConfig, ...processor } = run.state.ItemProcessor ??
    run.state.Iterator ?? { StartAt: '', States: {} };
  const request: DistributedMapRequest = {
    executionArn: params.executionArn,
    stateMachineArn: params.stateMachineArn,
    stateMachineName: params.stateMachineName,
    region: params.region,
    stateName: run.name,
    state: run.state,
    processor: { ...processor, QueryLanguage: inputs.processor.QueryLanguage ?? run.frame.queryLanguage },
    executionType: ProcessorConfig?.ExecutionType ?? 'STANDARD',
    label: mapRunLabel(run),
    maxConcurrency: inputs.maxConcurrency,
    selectItem: inputs.selectItem,
    emit: (event) => log.append(run.frame.thread, event),
    signal: inputs.signal,
  };
  if (inputs.items !== undefined) request.items = inputs.items;
  if (run.redriveMapRunArn !== undefined) request.redriveMapRunArn = run.redriveMapRunArn;
  if (inputs.toleratedFailureCount !== undefined) request.toleratedFailureCount = inputs.toleratedFailureCount;
  if (inputs.toleratedFailurePercentage !== undefined)
    request.toleratedFailurePercentage = inputs.toleratedFailurePercentage;
  const reader = await itemReader(run, inputs.effective);
  if (reader) request.itemReader = reader;
  const batcher = await itemBatcher(run, inputs.effective);
  if (batcher) request.itemBatcher = batcher;
  const writer = await resultWriter(run, inputs.effective);
  if (writer) request.resultWriter = writer;
  return port.run(request);
}

const FORBIDDEN_IN_LABEL = /[\s?*<>{}[\]:;,\\|^~$#%&`"]/;

function isControl(c: string): boolean {
  const code = c.codePointAt(0) ?? 0;
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f);
}

/** A Label, or one made from the state name: at most 40 characters, none of those AWS forbids in a label. */
export function mapRunLabel(run: StateRun): string {
  if (run.state.Label !== undefined) return run.state.Label;
  const cleaned = [...run.name]
    .map((c) => (FORBIDDEN_IN_LABEL.test(c) || isControl(c) ? '_' : c))
    .join('')
    .slice(0, 40);
  return cleaned.length > 0 ? cleaned : 'map';
}

/** Parameters (JSONPath) or Arguments (JSONata) of an ItemReader or ResultWriter, evaluated. */
async function evaluatedArguments(
  run: StateRun,
  holder: JsonObject,
  field: string,
  effective: Json,
): Promise<JsonObject> {
  const template = run.isJsonata ? holder['Arguments'] : holder['Parameters'];
  if (template === undefined) return {};
  const value = run.isJsonata
    ? await evaluateJsonataValue(template, `${field}/Arguments`, run.bindings())
    : evaluatePayloadTemplate(template, run.pathScope(effective));
  if (!isJsonObject(value)) throw new StatesRuntimeError(`The ${field} parameters must be an object.`);
  return value;
}

async function itemReader(run: StateRun, effective: Json): Promise<ItemReaderRequest | undefined> {
  const reader = run.state.ItemReader;
  if (reader === undefined) return undefined;
  const config = isJsonObject(reader['ReaderConfig']) ? reader['ReaderConfig'] : {};
  const { MaxItems: _maxItems, MaxItemsPath: _maxItemsPath, ...readerConfig } = config;
  const maxItems = await mapNumber(run, 'MaxItems', effective, config);
  return {
    resource: typeof reader['Resource'] === 'string' ? reader['Resource'] : '',
    parameters: await evaluatedArguments(run, reader, 'ItemReader', effective),
    readerConfig,
    ...(maxItems !== undefined && maxItems > 0 ? { maxItems } : {}),
  };
}

async function itemBatcher(run: StateRun, effective: Json): Promise<ItemBatcherRequest | undefined> {
  const batcher = run.state.ItemBatcher;
  if (batcher === undefined) return undefined;
  const result: ItemBatcherRequest = {};
  const maxItems = await mapNumber(run, 'MaxItemsPerBatch', effective, batcher);
  if (maxItems !== undefined && maxItems > 0) result.maxItemsPerBatch = maxItems;
  const maxBytes = await mapNumber(run, 'MaxInputBytesPerBatch', effective, batcher);
  if (maxBytes !== undefined && maxBytes > 0) result.maxInputBytesPerBatch = maxBytes;
  const batchInput = batcher['BatchInput'];
  if (batchInput !== undefined) {
    result.batchInput = run.isJsonata
      ? await evaluateJsonataValue(batchInput, 'ItemBatcher/BatchInput', run.bindings())
      : evaluatePayloadTemplate(batchInput, run.pathScope(effective));
  }
  return result;
}

async function resultWriter(run: StateRun, effective: Json): Promise<ResultWriterRequest | undefined> {
  const writer = run.state.ResultWriter;
  if (writer === undefined) return undefined;
  const result: ResultWriterRequest = {};
  if (writer['Resource'] !== undefined) {
    const args = await evaluatedArguments(run, writer, 'ResultWriter', effective);
    if (typeof args['Bucket'] === 'string') result.bucket = args['Bucket'];
    if (typeof args['Prefix'] === 'string') result.prefix = args['Prefix'];
  }
  const config = isJsonObject(writer['WriterConfig']) ? writer['WriterConfig'] : {};
  const t = config['Transformation'];
  if (t === 'NONE' || t === 'COMPACT' || t === 'FLATTEN') result.transformation = t;
  const o = config['OutputType'];
  if (o === 'JSON' || o === 'JSONL') result.outputType = o;
  return result;
}
