/**
 * The one state a TestState call runs: a StateRun whose context object is the mocked one when given, or the
 * context AWS shows a tested state (an EXPRESS execution of its own, `State.Name` "StateName", no redrive fields).
 */
import type { StateMachineDefinition } from '../asl';
import type { ContextExtras } from '../state-run';
import { StateRun } from '../state-run';
import type { ExecutionRuntime, Frame } from '../frame';
import { EventLog, EventThread } from '../history';
import type { Json, JsonObject } from '../json';
import { formatTimestamp } from '../time';
import { VariableScope } from '../variables';
import { StatesRuntimeError } from '../errors';
import type { TestStateParams, TestStatePorts } from './types';

/** The name AWS gives the tested state in its context object, whatever the state is called in the definition. */
const CONTEXT_STATE_NAME = 'StateName';

export class TestStateRun extends StateRun {
  constructor(
    private readonly params: TestStateParams,
    frame: Frame,
    enteredTime: number,
  ) {
    super(params.stateName, params.state, params.input, frame, 1, enteredTime);
  }

  override context(extras: ContextExtras = {}): JsonObject {
    const { params } = this;
    if (params.context !== undefined) return params.context;
    const canRetry = ['Task', 'Parallel', 'Map'].includes(this.state.Type);
    const token = extras.taskToken ?? this.taskToken;
    const context: JsonObject = {
      Execution: {
        Id: params.executionArn,
        Input: this.frame.runtime.execution.Input,
        Name: params.executionName,
        RoleArn: params.roleArn,
        StartTime: formatTimestamp(this.enteredTime),
      },
      StateMachine: { Id: params.stateMachineArn, Name: params.stateMachineName },
      State: {
        Name: CONTEXT_STATE_NAME,
        EnteredTime: formatTimestamp(this.enteredTime),
        ...(canRetry ? { RetryCount: this.retryCount } : {}),
      },
    };
    if (token !== undefined) context['Task'] = { Token: token };
    if (extras.mapItem !== undefined) context['Map'] = { Item: extras.mapItem as unknown as JsonObject };
    return context;
  }
}

/** A frame with no history to speak of: TestState writes no events. */
export function testFrame(params: TestStateParams, ports: TestStatePorts, now: number): Frame {
  const definition: StateMachineDefinition = {
    StartAt: params.stateName,
    States: { [params.stateName]: params.state },
  };
  const runtime: ExecutionRuntime = {
    params: {
      executionArn: params.executionArn,
      stateMachineArn: params.stateMachineArn,
      stateMachineName: params.stateMachineName,
      name: params.executionName,
      roleArn: params.roleArn ?? '',
      definition,
      inputText: JSON.stringify(params.input),
      startTime: now,
      region: params.region,
    },
    ports,
    log: new EventLog({ append: () => undefined }, ports.clock),
    execution: {
      Id: params.executionArn,
      Input: params.input,
      Name: params.executionName,
      RoleArn: params.roleArn ?? '',
      StartTime: formatTimestamp(now),
      RedriveCount: 0,
    },
    stateMachine: { Id: params.stateMachineArn, Name: params.stateMachineName },
    runMachine: (): Promise<Json> =>
      Promise.reject(new StatesRuntimeError('TestState runs Map and Parallel states only with a mock.')),
  };
  const variables = new VariableScope();
  variables.assign(new Map(Object.entries(params.variables)));
  return {
    runtime,
    thread: new EventThread(0),
    variables,
    queryLanguage: params.queryLanguage,
    signal: new AbortController().signal,
    paced: false,
  };
}
