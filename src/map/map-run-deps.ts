/** What the local Map Run port needs from the runtime, so src/map never reaches into the service. */
import type { Clock, EnginePorts, IdGenerator } from '../engine/ports';
import type { RunExecution } from '../runtime/engine-binding';
import type { Store } from '../store/store';
import type { ObjectStore } from './objects';
import type { MapRunRegistry } from './map-run-registry';

/** The execution a Map Run belongs to (its children share its machine and version rows). */
export interface MapRunParent {
  executionId: number;
  stateMachineId: number;
  versionId: number;
  roleArn: string;
}

export interface MapRunServices {
  store: Store;
  runExecution: RunExecution;
  /** The ports a child execution runs with (its own task tokens, a Distributed Map port of its own). */
  portsFor: (executionId: number) => EnginePorts;
  /** S3 for ItemReader and ResultWriter; asked for only when a Map Run needs it. */
  objects: () => ObjectStore;
  clock: Clock;
  ids: IdGenerator;
  registry: MapRunRegistry;
  /** False once the service is closing: Map Runs then stop without recording an end (they resume later). */
  recording: () => boolean;
  log: (line: string) => void;
  /** Children in flight per Map Run at most, whatever MaxConcurrency says. @default LOCAL_MAX_CHILDREN */
  maxChildren?: number;
}

export interface MapRunDeps extends MapRunServices {
  parent: MapRunParent;
}
