/**
 * History events in the shape GetExecutionHistory returns (botocore `HistoryEvent`). Inputs and outputs are
 * JSON strings, as on the wire. `timestamp` is epoch milliseconds here; the API converts to epoch seconds.
 */

export type HistoryEventType =
  | 'ActivityFailed'
  | 'ActivityScheduled'
  | 'ActivityScheduleFailed'
  | 'ActivityStarted'
  | 'ActivitySucceeded'
  | 'ActivityTimedOut'
  | 'ChoiceStateEntered'
  | 'ChoiceStateExited'
  | 'EvaluationFailed'
  | 'ExecutionAborted'
  | 'ExecutionFailed'
  | 'ExecutionRedriven'
  | 'ExecutionStarted'
  | 'ExecutionSucceeded'
  | 'ExecutionTimedOut'
  | 'FailStateEntered'
  | 'MapIterationAborted'
  | 'MapIterationFailed'
  | 'MapIterationStarted'
  | 'MapIterationSucceeded'
  | 'MapRunAborted'
  | 'MapRunFailed'
  | 'MapRunRedriven'
  | 'MapRunStarted'
  | 'MapRunSucceeded'
  | 'MapStateAborted'
  | 'MapStateEntered'
  | 'MapStateExited'
  | 'MapStateFailed'
  | 'MapStateStarted'
  | 'MapStateSucceeded'
  | 'ParallelStateAborted'
  | 'ParallelStateEntered'
  | 'ParallelStateExited'
  | 'ParallelStateFailed'
  | 'ParallelStateStarted'
  | 'ParallelStateSucceeded'
  | 'PassStateEntered'
  | 'PassStateExited'
  | 'SucceedStateEntered'
  | 'SucceedStateExited'
  | 'TaskFailed'
  | 'TaskScheduled'
  | 'TaskStarted'
  | 'TaskStartFailed'
  | 'TaskStateAborted'
  | 'TaskStateEntered'
  | 'TaskStateExited'
  | 'TaskSubmitFailed'
  | 'TaskSubmitted'
  | 'TaskSucceeded'
  | 'TaskTimedOut'
  | 'WaitStateAborted'
  | 'WaitStateEntered'
  | 'WaitStateExited';

export interface PayloadDetails {
  truncated: boolean;
}

export interface ErrorDetails {
  error?: string;
  cause?: string;
}

export interface HistoryEventDetails {
  executionStartedEventDetails?: {
    input: string;
    inputDetails: PayloadDetails;
    roleArn: string;
    stateMachineAliasArn?: string;
    stateMachineVersionArn?: string;
    stateMachineArn?: string;
  };
  executionSucceededEventDetails?: { output: string; outputDetails: PayloadDetails };
  executionFailedEventDetails?: ErrorDetails;
  executionAbortedEventDetails?: ErrorDetails;
  executionTimedOutEventDetails?: ErrorDetails;
  executionRedrivenEventDetails?: { redriveCount: number };
  stateEnteredEventDetails?: { name: string; input: string; inputDetails: PayloadDetails };
  stateExitedEventDetails?: {
    name: string;
    output: string;
    outputDetails: PayloadDetails;
    assignedVariables?: Record<string, string>;
    assignedVariablesDetails?: PayloadDetails;
  };
  mapStateStartedEventDetails?: { length: number };
  mapIterationStartedEventDetails?: { name: string; index: number };
  mapIterationSucceededEventDetails?: { name: string; index: number };
  mapIterationFailedEventDetails?: { name: string; index: number };
  mapIterationAbortedEventDetails?: { name: string; index: number };
  mapRunStartedEventDetails?: { mapRunArn: string };
  mapRunFailedEventDetails?: ErrorDetails;
  mapRunRedrivenEventDetails?: { mapRunArn: string; redriveCount: number };
  taskScheduledEventDetails?: {
    resourceType: string;
    resource: string;
    region: string;
    parameters: string;
    timeoutInSeconds?: number;
    heartbeatInSeconds?: number;
  };
  taskStartedEventDetails?: { resourceType: string; resource: string };
  taskSubmittedEventDetails?: { resourceType: string; resource: string; output: string; outputDetails: PayloadDetails };
  taskSucceededEventDetails?: { resourceType: string; resource: string; output: string; outputDetails: PayloadDetails };
  taskFailedEventDetails?: { resourceType: string; resource: string } & ErrorDetails;
  taskStartFailedEventDetails?: { resourceType: string; resource: string } & ErrorDetails;
  taskSubmitFailedEventDetails?: { resourceType: string; resource: string } & ErrorDetails;
  taskTimedOutEventDetails?: { resourceType: string; resource: string } & ErrorDetails;
  activityScheduledEventDetails?: {
    resource: string;
    input: string;
    inputDetails: PayloadDetails;
    timeoutInSeconds?: number;
    heartbeatInSeconds?: number;
  };
  activityStartedEventDetails?: { workerName?: string };
  activitySucceededEventDetails?: { output: string; outputDetails: PayloadDetails };
  activityFailedEventDetails?: ErrorDetails;
  activityTimedOutEventDetails?: ErrorDetails;
  evaluationFailedEventDetails?: { error?: string; cause?: string; location?: string; state: string };
}

export interface HistoryEvent extends HistoryEventDetails {
  /** 1-based, consecutive within an execution. */
  id: number;
  /** The event this one follows in its thread of execution; 0 for the first. */
  previousEventId: number;
  type: HistoryEventType;
  /** Epoch milliseconds. */
  timestamp: number;
}

/** An event before the engine numbers it. */
export type NewHistoryEvent = Omit<HistoryEvent, 'id' | 'previousEventId' | 'timestamp'>;
