/** What the local Map Run port is given: two narrow ports (its children, its records) and plain services. */
import type { Clock, IdGenerator } from '../engine';
import type { ChildRunPort } from './child-run-port';
import type { MapRunLedger } from './map-run-ledger';
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
  /** The Map Run's and its children's rows. */
  ledger: MapRunLedger;
  /** Runs one child execution and reports its outcome. */
  children: ChildRunPort;
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
