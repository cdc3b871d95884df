/**
 * The port through which a Map Run runs its children: the runtime's execution host runs each one on the engine
 * and records it (a STANDARD child with its history, an EXPRESS child as its row only), and reports its outcome.
 */
import type { StateMachineDefinition } from '../engine';
import type { ChildEnd } from './map-run-counts';

/** What every child of one Map Run shares. */
export interface ChildRunSpec {
  executionType: 'STANDARD' | 'EXPRESS';
  definition: StateMachineDefinition;
  /** `…:stateMachine:<stateMachineName>/<label>` and `<stateMachineName>/<label>`. */
  stateMachineArn: string;
  stateMachineName: string;
  roleArn: string;
}

export interface ChildRun {
  id: number;
  name: string;
  arn: string;
  inputText: string;
  startDate: number;
  redriveCount: number;
  /** Continue the child a crash interrupted (its own history, `resume: true`) rather than start or redrive it. */
  resume?: boolean;
}

export interface ChildOutcome {
  status: ChildEnd;
  output?: string;
  error?: string;
  cause?: string;
  stopDate: number;
}

export interface ChildRunPort {
  run(spec: ChildRunSpec, child: ChildRun, signal: AbortSignal): Promise<ChildOutcome>;
}
