import { Halt, isHalt, linkedController, toError } from '../abort';
import type { StateMachineDefinition } from '../asl';
import type { MapItemContext } from '../context';
import { QueryEvaluationError, StatesError, StatesErrorName, StatesRuntimeError } from '../errors';
import type { Frame } from '../frame';
import { EventLog, EventThread } from '../history';
import type { ItemProcessor } from '../asl';
import { containerFailed } from './container';
import { evaluateJsonataTyped, evaluateJsonataValue } from '../jsonata';
import { evaluatePayloadTemplate, selectPath } from '../jsonpath';
import { stringifyJson } from '../json';
import type { Json } from '../json';
import type { StateResult, StateRun } from '../state-run';
import { VariableScope } from '../variables';
import { forEachBounded, JOBS_PER_TURN } from '../bounded';
import { mapRunLabel, runDistributedMap } from './distributed-map';
import { mapNumber } from './map-fields';
import { withRetryAndCatch } from './retry-loop';

/** Inline Map iterations in flight when MaxConcurrency is 0 or absent (AWS runs up to 40 at a time). */
const INLINE_PARALLELISM = 40;
/** The hard quota of parallel child executions of a Distributed Map. */
const DISTRIBUTED_PARALLELISM = 10000;
/** Local bound on concurrently running in-process children, whatever MaxConcurrency says. */
const LOCAL_CHILD_BOUND = 64;

/**
 * Map: runs the ItemProcessor once per item. INLINE iterations are part of this execution's history; a
 * DISTRIBUTED map runs each item as a child execution under a Map Run, with failure tolerance.
 */
export async function runMap(run: StateRun): Promise<StateResult> {
  const fromIterations = new WeakSet<object>();
  return withRetryAndCatch(
    run,
    async () => {
      const effective = run.isJsonata ? run.input : run.effectiveInput();
      const fromReader = run.state.ItemReader !== undefined;
      const items = fromReader ? undefined : await readItems(run, effective);
      const maxConcurrency = (await mapNumber(run, 'MaxConcurrency', effective)) ?? 0;
      const processor = itemProcessor(run);
      const distributed = processor.ProcessorConfig?.Mode === 'DISTRIBUTED';
      const { log } = run.frame.runtime;
      // With an ItemReader the items are not known yet: AWS reports length 0.
      log.append(run.frame.thread, {
        type: 'MapStateStarted',
        mapStateStartedEventDetails: { length: items?.length ?? 0 },
      });
      // AWS reads the tolerated failure fields once the Map has started: a bad one fails after MapStateStarted.
      const toleratedCount = await mapNumber(run, 'ToleratedFailureCount', effective);
      const toleratedPercentage = await mapNumber(run, 'ToleratedFailurePercentage', effective);
      let results: Json;
      if (!distributed) {
        results = await runInline(run, processor, items ?? [], effective, maxConcurrency, fromIterations);
      } else {
        const port = run.ports.distributedMap;
        const tolerance = { count: toleratedCount, percentage: toleratedPercentage };
        if (port !== undefined) {
          results = await runDistributedMap(port, run, {
            processor,
            effective,
            items,
            maxConcurrency,
            toleratedFailureCount: toleratedCount,
            toleratedFailurePercentage: toleratedPercentage,
            selectItem: (item) => iterationInput(run, effective, item),
            signal: run.frame.signal,
          });
        } else if (items === undefined) {
          throw new StatesRuntimeError(
            'An ItemReader needs a Distributed Map runtime: run the workflow with fanout serve or fanout run.',
          );
        } else {
          results = await runDistributed(run, processor, items, effective, maxConcurrency, tolerance);
        }
      }
      run.frame.thread.settle();
      log.append(run.frame.thread, { type: 'MapStateSucceeded' });
      return run.finishWithResult(results);
    },
    (error) => containerFailed(run, 'MapStateFailed', error, fromIterations.has(error)),
  );
}

/** ItemProcessor, or the legacy Iterator (which may carry a ProcessorConfig too). */
function itemProcessor(run: StateRun): ItemProcessor {
  return (run.state.ItemProcessor ?? run.state.Iterator) as ItemProcessor;
}

async function readItems(run: StateRun, effective: Json): Promise<Json[]> {
  if (run.isJsonata) {
    if (run.state.Items !== undefined) {
      return (await evaluateJsonataTyped(run.state.Items, 'Items', 'array', run.bindings())) as Json[];
    }
    if (!Array.isArray(run.input)) {
      throw new QueryEvaluationError(`Map state input must be an array but was: ${stringifyJson(run.input)}`);
    }
    return run.input;
  }
  const items =
    run.state.ItemsPath === undefined ? effective : selectPath(run.state.ItemsPath, run.pathScope(effective));
  if (!Array.isArray(items)) {
    throw new StatesRuntimeError(`Map state input must be an array but was: ${stringifyJson(items)}`);
  }
  return items;
}

/** The input one iteration receives: ItemSelector (or legacy Parameters) over the item, or the item itself. */
async function iterationInput(run: StateRun, effective: Json, mapItem: MapItemContext): Promise<Json> {
  const selector = run.state.ItemSelector ?? (run.isJsonata ? undefined : run.state.Parameters);
  if (selector === undefined) return mapItem.Value;
  if (run.isJsonata) return evaluateJsonataValue(selector, 'ItemSelector', run.bindings({}, { mapItem }));
  return evaluatePayloadTemplate(selector, run.pathScope(effective, { mapItem }));
}

async function runInline(
  run: StateRun,
  processor: StateMachineDefinition,
  items: Json[],
  effective: Json,
  maxConcurrency: number,
  fromIterations: WeakSet<object>,
): Promise<Json[]> {
  const { frame } = run;
  const { log } = frame.runtime;
  const results: Json[] = new Array<Json>(items.length).fill(null);
  const { controller, release } = linkedController(frame.signal);
  let failure: { error: Error; thread: EventThread } | undefined;
  const limit = maxConcurrency > 0 ? Math.min(maxConcurrency, INLINE_PARALLELISM) : INLINE_PARALLELISM;
  await forEachBounded(
    items.length,
    limit,
    async (index) => {
      // Started when a slot frees: it follows the last state of the iterations that ended before it.
      const thread = frame.thread.fork();
      const details = { name: run.name, index };
      try {
        const input = await iterationInput(run, effective, { Index: index, Value: items[index] ?? null });
        log.append(thread, { type: 'MapIterationStarted', mapIterationStartedEventDetails: details });
        results[index] = await frame.runtime.runMachine(processor, input, {
          ...frame,
          thread,
          variables: frame.variables.child(),
          queryLanguage: processor.QueryLanguage ?? frame.queryLanguage,
          signal: controller.signal,
          // A Map wider than one turn's iterations already pauses between them (forEachBounded).
          paced: items.length > JOBS_PER_TURN,
        });
        log.append(thread, { type: 'MapIterationSucceeded', mapIterationSucceededEventDetails: details });
      } catch (e) {
        if (isHalt(e)) {
          log.append(thread, { type: 'MapIterationAborted', mapIterationAbortedEventDetails: details });
          if (failure === undefined && e.kind !== 'sibling-failed') failure = { error: e, thread };
          return;
        }
        log.append(thread, { type: 'MapIterationFailed', mapIterationFailedEventDetails: details });
        if (failure === undefined) {
          failure = { error: toError(e), thread };
          fromIterations.add(failure.error);
          controller.abort(new Halt('sibling-failed'));
        }
      } finally {
        frame.thread.absorb(thread);
      }
    },
    () => failure !== undefined || controller.signal.aborted,
  );
  release();
  if (failure === undefined && controller.signal.aborted) throw toError(controller.signal.reason);
  if (failure !== undefined) {
    // What follows the failure (MapStateFailed, a retry's MapStateStarted) follows the failed iteration's last state.
    frame.thread.lastEventId = failure.thread.lastEventId;
    throw failure.error;
  }
  return results;
}

interface Tolerance {
  count: number | undefined;
  percentage: number | undefined;
}

async function runDistributed(
  run: StateRun,
  processor: StateMachineDefinition,
  items: Json[],
  effective: Json,
  maxConcurrency: number,
  tolerance: Tolerance,
): Promise<Json[]> {
  const { frame } = run;
  const { runtime } = frame;
  const { log, ports, params } = runtime;
  const label = mapRunLabel(run);
  const mapRunId = ports.ids.uuid();
  const account = params.stateMachineArn.split(':')[4] ?? '000000000000';
  const mapRunArn = `arn:aws:states:${params.region}:${account}:mapRun:${params.stateMachineName}/${label}:${mapRunId}`;
  log.append(frame.thread, { type: 'MapRunStarted', mapRunStartedEventDetails: { mapRunArn } });
  const results: Json[] = new Array<Json>(items.length).fill(null);
  const { controller, release } = linkedController(frame.signal);
  let failed = 0;
  let halted: Error | undefined;
  const exceeded = (): boolean => {
    if (tolerance.count !== undefined && failed > tolerance.count) return true;
    const percentage = tolerance.percentage ?? (tolerance.count === undefined ? 0 : 100);
    return items.length > 0 && (failed / items.length) * 100 > percentage;
  };
  const limit = Math.min(maxConcurrency > 0 ? maxConcurrency : DISTRIBUTED_PARALLELISM, LOCAL_CHILD_BOUND);
  await forEachBounded(
    items.length,
    limit,
    async (index) => {
      try {
        const input = await iterationInput(run, effective, {
          Index: index,
          Value: items[index] ?? null,
          Source: 'STATE_DATA',
        });
        results[index] = await runChild(run, processor, input, controller.signal);
      } catch (e) {
        if (isHalt(e)) {
          if (halted === undefined && e.kind !== 'sibling-failed') halted = e;
          return;
        }
        failed++;
        const error = e instanceof StatesError ? e : run.toStatesError(e);
        results[index] = { Error: error.error, Cause: error.cause };
        if (exceeded()) controller.abort(new Halt('sibling-failed'));
      }
    },
    () => controller.signal.aborted,
  );
  release();
  if (halted === undefined && frame.signal.aborted) halted = toError(frame.signal.reason);
  if (halted !== undefined) throw halted;
  if (exceeded()) {
    const error = new StatesError(
      StatesErrorName.ExceedToleratedFailureThreshold,
      'The specified tolerated failure threshold was exceeded',
    );
    log.append(frame.thread, {
      type: 'MapRunFailed',
      mapRunFailedEventDetails: { error: error.error ?? '', cause: error.cause ?? '' },
    });
    throw error;
  }
  log.append(frame.thread, { type: 'MapRunSucceeded' });
  return results;
}

/** One child execution of a Distributed Map: its own history, context and (empty) variable scope. */
async function runChild(
  run: StateRun,
  processor: StateMachineDefinition,
  input: Json,
  signal: AbortSignal,
): Promise<Json> {
  const { runtime } = run.frame;
  const name = runtime.ports.ids.uuid();
  const label = mapRunLabel(run);
  const childLog = new EventLog({ append: () => undefined }, runtime.ports.clock);
  const frame: Frame = {
    runtime: {
      ...runtime,
      log: childLog,
      execution: {
        ...runtime.execution,
        Id: `${runtime.params.executionArn.split(':').slice(0, 6).join(':')}:${runtime.params.stateMachineName}/${label}:${name}`,
        Input: input,
        Name: name,
      },
      stateMachine: { Id: `${runtime.stateMachine.Id}/${label}`, Name: `${runtime.stateMachine.Name}/${label}` },
    },
    thread: new EventThread(0),
    variables: new VariableScope(),
    queryLanguage: processor.QueryLanguage ?? run.frame.queryLanguage,
    signal,
    // Each child has a history of its own: pausing it reorders no other thread's events.
    paced: true,
  };
  return runtime.runMachine(processor, input, frame);
}
