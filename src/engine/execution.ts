/**
 * The engine's public entry point types: what starting one execution takes and what it ends with.
 */
import type { StateMachineDefinition } from './asl';
import type { EventSink, EnginePorts } from './ports';
import type { HistoryEvent } from './events';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE';

export interface ExecutionParams {
  executionArn: string;
  stateMachineArn: string;
  stateMachineName: string;
  /** The execution name (last ARN segment). */
  name: string;
  roleArn: string;
  /** Set when the execution was started through a version or an alias ARN (ExecutionStarted names them). */
  stateMachineVersionArn?: string;
  stateMachineAliasArn?: string;
  /** The definition, parsed. It has passed validation. */
  definition: StateMachineDefinition;
  /** The exact input text given to StartExecution ("{}" when none). */
  inputText: string;
  /** Epoch milliseconds. */
  startTime: number;
  /** Region for ARNs and TaskScheduled.region. */
  region: string;
  /** Redrives so far ($$.Execution.RedriveCount). */
  redriveCount?: number;
  /** History of an earlier run of this execution, when resuming or redriving; absent for a new one. */
  priorEvents?: HistoryEvent[];
  /**
   * With priorEvents: continue an execution the server was running when it stopped (a crash), rather than redrive a
   * failed one. No ExecutionRedriven event; the unfinished state goes on under its original Entered event, and Wait
   * states and the execution timeout keep their original deadlines.
   */
  resume?: boolean;
}

export type ExecutionOutcome =
  | { status: 'SUCCEEDED'; output: string }
  | { status: 'FAILED' | 'TIMED_OUT' | 'ABORTED'; error?: string; cause?: string };

export interface RunExecutionOptions {
  ports: EnginePorts;
  /** Receives every event, numbered, as it happens. */
  events: EventSink;
  /** Aborting it stops the execution (StopExecution): the outcome is ABORTED with the reason's error/cause. */
  signal?: AbortSignal;
}

/** Why an execution was stopped, carried as the AbortSignal's reason. */
export interface StopReason {
  error?: string;
  cause?: string;
}
