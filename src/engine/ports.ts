/**
 * The engine's ports: everything with I/O or time reaches the interpreter through these interfaces, so the
 * engine stays pure and runs on a fake clock in tests.
 */
import type { Json } from './json';
import type { HistoryEvent } from './events';
import type { DistributedMapPort } from './map-port';

export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface IdGenerator {
  /** A random RFC 4122 v4 UUID. */
  uuid(): string;
}

/** Receives every history event of one execution, in order, as it happens. */
export interface EventSink {
  append(event: HistoryEvent): void;
}

/** What a Task state asks its resource to do. */
export interface TaskRequest {
  /** The Resource field, after substitutions, e.g. `arn:aws:states:::ecs:runTask.sync`. */
  resource: string;
  /** The effective parameters (Parameters / Arguments after evaluation). */
  parameters: Json;
  /** Integration pattern taken from the resource suffix. */
  pattern: 'request-response' | 'sync' | 'sync:2' | 'waitForTaskToken';
  /** The task token when the pattern is waitForTaskToken or the resource is an activity, else undefined. */
  taskToken?: string;
  executionArn: string;
  stateName: string;
  /** Seconds, when the state sets them. */
  timeoutSeconds?: number;
  heartbeatSeconds?: number;
  /** Aborted when the state times out, the execution stops, or a sibling branch fails. */
  signal: AbortSignal;
  /** Lets a long-running integration report what it submitted (becomes TaskSubmitted). */
  onSubmitted?: (output: Json) => void;
  /** Lets an integration report liveness (resets the HeartbeatSeconds clock). */
  onHeartbeat?: () => void;
  /** An activity task was handed to a worker (GetActivityTask): becomes ActivityStarted. */
  onActivityStarted?: (workerName: string | undefined) => void;
}

/**
 * Runs Task resources. Returns the task's result; throws a StatesError (error + cause) when the task fails.
 * For `waitForTaskToken` the runner only starts the work; the engine then waits on the TaskTokenBroker.
 */
export interface TaskRunner {
  run(request: TaskRequest): Promise<Json>;
}

/** Delivers SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat to the task state waiting on a token. */
export interface TaskTokenBroker {
  /**
   * Registers a token before the task is started. `result` resolves with the SendTaskSuccess output, or
   * rejects with a StatesError from SendTaskFailure. `onHeartbeat` is called for each SendTaskHeartbeat.
   */
  register(token: string, onHeartbeat: () => void): { result: Promise<Json>; dispose(): void };
}

/** The ports one execution needs. */
export interface EnginePorts {
  clock: Clock;
  ids: IdGenerator;
  tasks: TaskRunner;
  tokens: TaskTokenBroker;
  /** `random()` in [0, 1): JitterStrategy FULL and `$random()`. */
  random: () => number;
  /** Runs Distributed Map states; without it, children of state-data items run in process. */
  distributedMap?: DistributedMapPort;
  /**
   * Asked before every state: a promise to await when the engine has held the event loop long enough and must let
   * other work (API requests) in, otherwise undefined. States that settle in microtasks only (Pass, Choice, inline
   * Map iterations) would otherwise run to the end of the Map or loop without a turn of the loop.
   * @default never pauses
   */
  pace?: () => Promise<void> | undefined;
}
