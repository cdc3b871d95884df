import { randomUUID } from 'node:crypto';
import { runExecution } from '../../src/engine';
import type {
  ExecutionOutcome,
  HistoryEvent,
  Json,
  StateDefinition,
  StateMachineDefinition,
  TaskRunner,
  TaskTokenBroker,
} from '../../src/engine';
import { VirtualClock } from './virtual-clock';

export interface RunResult {
  outcome: ExecutionOutcome;
  events: HistoryEvent[];
  clock: VirtualClock;
  /** The parsed output of a SUCCEEDED execution. */
  output: Json | undefined;
}

/** A state machine of the one state `name`, which it starts at. */
export function oneState(name: string, state: StateDefinition): StateMachineDefinition {
  return { StartAt: name, States: { [name]: state } };
}

export const noTasks: TaskRunner = {
  run: (req) => Promise.reject(new Error(`no task runner in this test for ${req.resource}`)),
};

export const noTokens: TaskTokenBroker = {
  register: () => ({ result: new Promise(() => undefined), dispose: () => undefined }),
};

/** Runs a definition in-process on a virtual clock and collects its history (the new events, after any prior ones). */
export async function runDefinition(
  definition: StateMachineDefinition,
  input: Json = {},
  options: {
    tasks?: TaskRunner;
    tokens?: TaskTokenBroker;
    clock?: VirtualClock;
    signal?: AbortSignal;
    random?: () => number;
    /** The input's text as given to StartExecution (default: `input` as compact JSON). */
    inputText?: string;
    pace?: () => Promise<void> | undefined;
    /** The ids the engine draws (task tokens, Map Run ids). @default random UUIDs */
    uuid?: () => string;
    /** The history so far, for a redrive (with `redriveCount`) or a resume after a crash (with `resume`). */
    prior?: HistoryEvent[];
    redriveCount?: number;
    resume?: boolean;
    /** @default the clock's time, or the first prior event's */
    startTime?: number;
  } = {},
): Promise<RunResult> {
  const clock = options.clock ?? new VirtualClock();
  const events: HistoryEvent[] = [];
  const outcome = await runExecution(
    {
      executionArn: 'arn:aws:states:us-east-1:000000000000:execution:test-machine:test-exec',
      stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:test-machine',
      stateMachineName: 'test-machine',
      name: 'test-exec',
      roleArn: 'arn:aws:iam::000000000000:role/test',
      definition,
      inputText: options.inputText ?? JSON.stringify(input),
      startTime: options.startTime ?? clock.now(),
      region: 'us-east-1',
      ...(options.prior === undefined ? {} : { priorEvents: options.prior }),
      ...(options.redriveCount === undefined ? {} : { redriveCount: options.redriveCount }),
      ...(options.resume === undefined ? {} : { resume: options.resume }),
    },
    {
      ports: {
        clock,
        ids: { uuid: options.uuid ?? randomUUID },
        tasks: options.tasks ?? noTasks,
        tokens: options.tokens ?? noTokens,
        random: options.random ?? (() => 0.5),
        ...(options.pace ? { pace: options.pace } : {}),
      },
      events: { append: (e) => events.push(e) },
      ...(options.signal ? { signal: options.signal } : {}),
    },
  );
  const output = outcome.status === 'SUCCEEDED' ? (JSON.parse(outcome.output) as Json) : undefined;
  return { outcome, events, clock, output };
}
