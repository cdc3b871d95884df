/**
 * The Distributed Map port. The engine evaluates the Map state's fields (ItemReader / ItemBatcher / ResultWriter
 * parameters, MaxConcurrency, tolerances, ItemSelector per item) and hands the Map Run to this port, which reads
 * the items (S3), batches them, runs one child execution per item or batch, writes the results and keeps the Map
 * Run's record. Without the port, the engine runs children of state-data items in process (see states/map.ts).
 */
import type { StateDefinition, StateMachineDefinition } from './asl';
import type { MapItemContext } from './context';
import type { NewHistoryEvent } from './events';
import type { Json, JsonObject } from './json';

export interface ItemReaderRequest {
  /** `arn:aws:states:::s3:getObject` or `arn:aws:states:::s3:listObjectsV2`. */
  resource: string;
  /** Parameters (JSONPath) or Arguments (JSONata), evaluated: Bucket, Key, Prefix, VersionId... */
  parameters: JsonObject;
  /** ReaderConfig as written, except MaxItems/MaxItemsPath, resolved into `maxItems`. */
  readerConfig: JsonObject;
  /** Stop after this many items; undefined = no limit (0 in ASL). */
  maxItems?: number;
}

export interface ItemBatcherRequest {
  maxItemsPerBatch?: number;
  maxInputBytesPerBatch?: number;
  /** BatchInput, evaluated once: every batch carries it. */
  batchInput?: Json;
}

export interface ResultWriterRequest {
  /** Export target (`s3:putObject` Parameters/Arguments, evaluated): Bucket and Prefix. Absent = no export. */
  bucket?: string;
  prefix?: string;
  /** WriterConfig.Transformation; the default is NONE with an export and COMPACT without one. */
  transformation?: 'NONE' | 'COMPACT' | 'FLATTEN';
  /** WriterConfig.OutputType. @default 'JSON' */
  outputType?: 'JSON' | 'JSONL';
}

export interface DistributedMapRequest {
  /** The parent execution. */
  executionArn: string;
  stateMachineArn: string;
  stateMachineName: string;
  region: string;
  /** The Map state's name and definition as written. */
  stateName: string;
  state: StateDefinition;
  /** The child workflow: ItemProcessor without ProcessorConfig, QueryLanguage made explicit. */
  processor: StateMachineDefinition;
  executionType: 'STANDARD' | 'EXPRESS';
  /** The Map Run label: the state's Label, or the state name when it has none. */
  label: string;
  /** The items when they come from state data (no ItemReader). */
  items?: Json[];
  itemReader?: ItemReaderRequest;
  itemBatcher?: ItemBatcherRequest;
  resultWriter?: ResultWriterRequest;
  /** 0 = as many as allowed (10,000 on AWS). */
  maxConcurrency: number;
  toleratedFailureCount?: number;
  toleratedFailurePercentage?: number;
  /** The input one child receives for one item: ItemSelector evaluated with `$$.Map.Item`, or the item. */
  selectItem(item: MapItemContext): Promise<Json>;
  /** Appends an event to the parent's history: MapRunStarted, MapRunSucceeded, MapRunFailed, MapRunAborted. */
  emit(event: NewHistoryEvent): void;
  /** Aborted when the parent stops, times out, or its state is abandoned. */
  signal: AbortSignal;
  /** Set when the parent execution is being redriven: the Map Run this state ran before, to continue. */
  redriveMapRunArn?: string;
}

/**
 * Runs one Map Run to its end. Resolves with the Map state's result: the array of child outputs, or
 * `{MapRunArn, ResultWriterDetails}` with an export. Rejects with a StatesError: States.ItemReaderFailed,
 * States.ResultWriterFailed, States.ExceedToleratedFailureThreshold, ...
 */
export interface DistributedMapPort {
  run(request: DistributedMapRequest): Promise<Json>;
}
