import type { Clock, EnginePorts, IdGenerator, TaskRunner } from '../engine';
import { localDistributedMap } from '../map/map-run';
import type { ChildRunPort } from '../map/child-run-port';
import type { MapRunParent } from '../map/map-run-deps';
import type { MapRunRegistry } from '../map/map-run-registry';
import type { ObjectStore } from '../map/objects';
import type { Store } from '../store/store';
import { eventLoopPacer } from './event-loop-pace';
import type { LocalTaskTokens } from './task-tokens';

export interface EnginePortsDeps {
  store: Store;
  /** Runs a Map Run's children (the execution host). */
  children: ChildRunPort;
  clock: Clock;
  ids: IdGenerator;
  tasks: TaskRunner;
  random: () => number;
  taskTokens: LocalTaskTokens;
  registry: MapRunRegistry;
  /** @default none: a Distributed Map with an ItemReader or ResultWriter fails */
  objects?: () => ObjectStore;
  /** False once the service is closing. */
  recording: () => boolean;
  log: (line: string) => void;
  maxChildrenPerMapRun?: number;
}

/** The ports an execution runs with: its own task tokens and a Distributed Map port that knows its parent. */
export function enginePortsFactory(deps: EnginePortsDeps): (executionId: number) => EnginePorts {
  const { store, clock, ids, tasks, random } = deps;
  // One pacer for every execution of the service: they share the one event loop.
  const pace = eventLoopPacer();
  return (executionId: number): EnginePorts => ({
    clock,
    ids,
    tasks,
    random,
    pace,
    tokens: deps.taskTokens.forExecution(executionId),
    distributedMap: localDistributedMap(
      {
        ledger: { mapRuns: store.mapRuns, children: store.childExecutions },
        children: deps.children,
        objects: deps.objects ?? noObjectStore,
        clock,
        ids,
        registry: deps.registry,
        recording: deps.recording,
        log: deps.log,
        ...(deps.maxChildrenPerMapRun === undefined ? {} : { maxChildren: deps.maxChildrenPerMapRun }),
      },
      () => mapRunParent(store, executionId),
    ),
  });
}

/** The execution a Map Run started by `executionId` belongs to. */
function mapRunParent(store: Store, executionId: number): MapRunParent {
  const execution = store.executions.getById(executionId);
  const version = execution && store.stateMachines.getVersion(execution.versionId);
  if (!execution || !version) throw new Error(`Execution ${executionId} is not in the store.`);
  return {
    executionId,
    stateMachineId: execution.stateMachineId,
    versionId: execution.versionId,
    roleArn: version.roleArn,
  };
}

function noObjectStore(): ObjectStore {
  throw new Error('No S3 endpoint is configured for Distributed Map item readers and result writers.');
}
