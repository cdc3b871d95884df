/**
 * One child execution of a Map Run, run through the engine like any execution. A STANDARD child keeps its full
 * history; an EXPRESS child keeps only its row (status, input, output), as AWS keeps no history for it.
 */
import type { Clock, EnginePorts, ExecutionOutcome, ExecutionParams, HistoryEvent } from '../engine';
import type { ChildOutcome, ChildRun, ChildRunPort, ChildRunSpec } from '../map/child-run-port';
import type { ExecutionEnd } from '../store/executions';
import type { Store } from '../store/store';
import type { RunExecution } from './engine-binding';

/** What running a Map Run's children needs of the runtime. */
export interface ChildHostDeps {
  store: Store;
  runExecution: RunExecution;
  portsFor: (executionId: number) => EnginePorts;
  clock: Clock;
  /** False once the service is closing: then nothing more is recorded. */
  recording: () => boolean;
}

/** The Map Run's child-run port on this runtime. */
export function childRunPort(deps: ChildHostDeps): ChildRunPort {
  return { run: (spec, child, signal) => runChildExecution(deps, spec, child, signal) };
}

async function runChildExecution(
  context: ChildHostDeps,
  spec: ChildRunSpec,
  child: ChildRun,
  signal: AbortSignal,
): Promise<ChildOutcome> {
  const { store } = context;
  const standard = spec.executionType === 'STANDARD';
  const params: ExecutionParams = {
    executionArn: child.arn,
    stateMachineArn: spec.stateMachineArn,
    stateMachineName: spec.stateMachineName,
    name: child.name,
    roleArn: spec.roleArn,
    definition: spec.definition,
    inputText: child.inputText,
    startTime: child.startDate,
    region: spec.region,
    redriveCount: child.redriveCount,
  };
  // A STANDARD child continues from its failing state when redriven: the engine reads its history (and starts
  // over from StartAt if it was stopped before entering any state).
  if (standard && (child.redriveCount > 0 || child.resume === true)) params.priorEvents = store.history.all(child.id);
  if (child.resume === true) params.resume = true;
  let lastTimestamp = 0;
  const events = {
    append: (event: HistoryEvent): void => {
      lastTimestamp = event.timestamp;
      if (standard && context.recording()) store.history.append(child.id, event);
    },
  };
  let outcome: ExecutionOutcome;
  try {
    outcome = await context.runExecution(params, { ports: context.portsFor(child.id), events, signal });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    outcome = { status: 'FAILED', error: 'States.Runtime', cause: `Internal error in the local engine: ${message}` };
  }
  const stopDate = lastTimestamp || context.clock.now();
  const result: ChildOutcome =
    outcome.status === 'SUCCEEDED'
      ? { status: 'SUCCEEDED', output: outcome.output, stopDate }
      : { status: outcome.status, stopDate };
  if (outcome.status !== 'SUCCEEDED') {
    if (outcome.error !== undefined) result.error = outcome.error;
    if (outcome.cause !== undefined) result.cause = outcome.cause;
  }
  if (context.recording()) {
    const end: ExecutionEnd = { ...result };
    if (standard) store.endExecution(child.id, end);
    // An EXPRESS child keeps no history: only its row's final status and output, as on AWS.
    else store.executions.end(child.id, end);
  }
  return result;
}
