/**
 * What one thread of execution (the top level, a Parallel branch, a Map iteration) carries as it runs states.
 */
import type { QueryLanguage, StateMachineDefinition } from './asl';
import type { Json } from './json';
import type { ExecutionContext } from './context';
import type { ExecutionParams } from './execution';
import type { EventLog, EventThread } from './history';
import type { EnginePorts } from './ports';
import type { VariableScope } from './variables';

/** Shared by every thread of one execution. */
export interface ExecutionRuntime {
  params: ExecutionParams;
  ports: EnginePorts;
  log: EventLog;
  execution: ExecutionContext;
  stateMachine: { Id: string; Name: string };
  /** Runs a nested machine (a Parallel branch, a Map iteration) to its end; throws its StatesError. */
  runMachine(machine: StateMachineDefinition, input: Json, frame: Frame): Promise<Json>;
}

export interface Frame {
  runtime: ExecutionRuntime;
  thread: EventThread;
  variables: VariableScope;
  /** The query language states of this machine use unless they set their own. */
  queryLanguage: QueryLanguage;
  signal: AbortSignal;
  /**
   * Whether this thread asks `ports.pace` before each state. Pausing one of several threads of an execution changes
   * the order their events interleave in, so Parallel branches and the iterations of a Map small enough to run in one
   * turn never pause (their histories stay as AWS orders them); the top level and the iterations of a wide Map do.
   */
  paced: boolean;
}
