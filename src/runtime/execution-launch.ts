import type { ExecutionParams, HistoryEvent, StateMachineDefinition } from '../engine';

/** What puts an execution on the engine. */
export interface ExecutionLaunch {
  executionId: number;
  executionArn: string;
  name: string;
  inputText: string;
  startDate: number;
  redriveCount: number;
  machine: {
    arn: string;
    name: string;
    roleArn: string;
    definition: StateMachineDefinition;
    /** Set when the execution was started through a version or an alias ARN. */
    versionArn?: string;
    aliasArn?: string;
  };
  /**
   * `start`: from StartAt. `redrive`: on from its failing state, after its earlier history. `resume`: a run a crash
   * interrupted, under its unfinished state's original Entered event.
   */
  mode: 'start' | 'redrive' | 'resume';
  /** `none`: a Map Run's EXPRESS child, of which AWS keeps only the row. @default 'kept' */
  history?: 'kept' | 'none';
  /** The history a redrive or resume goes on from, when the caller has read it already. */
  priorEvents?: HistoryEvent[];
}

/**
 * The engine's parameters for a launch in `region`; a redrive or resume goes on from the history `historyOf` reads,
 * unless the launch brings it.
 */
export function engineParams(
  launch: ExecutionLaunch,
  region: string,
  historyOf: (executionId: number) => HistoryEvent[],
): ExecutionParams {
  const { machine } = launch;
  const params: ExecutionParams = {
    executionArn: launch.executionArn,
    stateMachineArn: machine.arn,
    stateMachineName: machine.name,
    name: launch.name,
    roleArn: machine.roleArn,
    definition: machine.definition,
    inputText: launch.inputText,
    startTime: launch.startDate,
    region,
    redriveCount: launch.redriveCount,
  };
  if (machine.versionArn !== undefined) params.stateMachineVersionArn = machine.versionArn;
  if (machine.aliasArn !== undefined) params.stateMachineAliasArn = machine.aliasArn;
  // An execution without history (a Map Run's EXPRESS child) starts over from StartAt when redriven.
  if (launch.mode !== 'start' && launch.history !== 'none') {
    params.priorEvents = launch.priorEvents ?? historyOf(launch.executionId);
  }
  if (launch.mode === 'resume') params.resume = true;
  return params;
}
