import type { EnginePorts, ExecutionOutcome, ExecutionParams, RunExecutionOptions } from '../../../src/engine';
import { ExecutionHost } from '../../../src/runtime/execution-host';
import type { ExecutionLaunch } from '../../../src/runtime/execution-launch';
import { Store } from '../../../src/store/store';
import { VirtualClock } from '../../support/virtual-clock';

type Engine = (params: ExecutionParams, options: RunExecutionOptions) => Promise<ExecutionOutcome>;

/** An engine that emits ExecutionStarted and one more event, then does what `then` says. */
function engine(then: (params: ExecutionParams) => ExecutionOutcome): Engine & { seen: ExecutionParams[] } {
  const seen: ExecutionParams[] = [];
  const run = (params: ExecutionParams, options: RunExecutionOptions): Promise<ExecutionOutcome> => {
    seen.push(params);
    const first = (params.priorEvents?.at(-1)?.id ?? 0) + 1;
    options.events.append({ id: first, previousEventId: first - 1, timestamp: 1000 + first, type: 'ExecutionStarted' });
    options.events.append({
      id: first + 1,
      previousEventId: first,
      timestamp: 1000 + first + 1,
      type: 'PassStateEntered',
    });
    return Promise.resolve(then(params));
  };
  return Object.assign(run, { seen });
}

describe('ExecutionHost', () => {
  let store: Store;
  let executionId: number;
  let stateMachineId: number;
  const clock = new VirtualClock(5000);

  beforeEach(() => {
    store = Store.inMemory();
    const machine = store.stateMachines.create({ name: 'm', type: 'STANDARD', definition: '{}', roleArn: 'r', now: 1 });
    stateMachineId = machine.id;
    executionId = store.executions.insert({
      stateMachineId,
      versionId: machine.versionId,
      name: 'e',
      input: '{"a":1}',
      startDate: 1000,
    });
  });
  afterEach(() => store.close());

  function host(run: Engine): ExecutionHost {
    return new ExecutionHost({
      store,
      runExecution: run,
      clock,
      region: 'eu-west-1',
      portsFor: () => ({}) as EnginePorts,
      onEnded: () => undefined,
      log: () => undefined,
    });
  }

  function launch(overrides: Partial<ExecutionLaunch> = {}): ExecutionLaunch {
    return {
      executionId,
      executionArn: 'arn:aws:states:eu-west-1:000000000000:execution:m:e',
      name: 'e',
      inputText: '{"a":1}',
      startDate: 1000,
      redriveCount: 0,
      machine: {
        arn: 'arn:aws:states:eu-west-1:000000000000:stateMachine:m',
        name: 'm',
        roleArn: 'r',
        definition: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
      },
      mode: 'start',
      ...overrides,
    };
  }

  it('builds the engine parameters of a start, a redrive (with the earlier history) and a resume', () => {
    const subject = host(engine(() => ({ status: 'SUCCEEDED', output: '{}' })));
    expect(subject.paramsFor(launch())).toEqual({
      executionArn: 'arn:aws:states:eu-west-1:000000000000:execution:m:e',
      stateMachineArn: 'arn:aws:states:eu-west-1:000000000000:stateMachine:m',
      stateMachineName: 'm',
      name: 'e',
      roleArn: 'r',
      definition: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
      inputText: '{"a":1}',
      startTime: 1000,
      region: 'eu-west-1',
      redriveCount: 0,
    });
    store.history.append(executionId, { id: 1, previousEventId: 0, timestamp: 1001, type: 'ExecutionStarted' });
    store.history.flush();
    expect(subject.paramsFor(launch({ mode: 'redrive', redriveCount: 1 })).priorEvents?.map((e) => e.id)).toEqual([1]);
    const resumed = subject.paramsFor(launch({ mode: 'resume' }));
    expect(resumed.resume).toBe(true);
    expect(resumed.priorEvents).toHaveLength(1);
    // A Map Run's EXPRESS child keeps no history: redriven, it starts over.
    expect(subject.paramsFor(launch({ mode: 'redrive', history: 'none' })).priorEvents).toBeUndefined();
  });

  it('runs a STANDARD child to its end, saving its history and its row', async () => {
    const end = await host(engine(() => ({ status: 'SUCCEEDED', output: '{"b":2}' }))).runChild(
      launch(),
      new AbortController().signal,
    );
    expect(end).toEqual({ status: 'SUCCEEDED', output: '{"b":2}', stopDate: 1002 });
    expect(store.history.all(executionId).map((e) => e.type)).toEqual(['ExecutionStarted', 'PassStateEntered']);
    expect(store.executions.getById(executionId)).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"b":2}',
      stopDate: 1002,
    });
  });

  it('keeps only the row of an EXPRESS child', async () => {
    await host(engine(() => ({ status: 'FAILED', error: 'E', cause: 'c' }))).runChild(
      launch({ history: 'none' }),
      new AbortController().signal,
    );
    expect(store.history.all(executionId)).toEqual([]);
    expect(store.executions.getById(executionId)).toMatchObject({ status: 'FAILED', error: 'E', cause: 'c' });
  });

  it('records an engine crash as FAILED with States.Runtime, ending the history with ExecutionFailed', async () => {
    const end = await host(
      engine(() => {
        throw new Error('boom');
      }),
    ).runChild(launch(), new AbortController().signal);
    expect(end).toMatchObject({
      status: 'FAILED',
      error: 'States.Runtime',
      cause: 'Internal error in the local engine: boom',
    });
    const history = store.history.all(executionId);
    expect(history.at(-1)).toMatchObject({
      id: 3,
      type: 'ExecutionFailed',
      executionFailedEventDetails: { error: 'States.Runtime', cause: 'Internal error in the local engine: boom' },
    });
  });

  it('runs a top-level execution in the background until whenEnded resolves', async () => {
    const subject = host(engine(() => ({ status: 'SUCCEEDED', output: '{}' })));
    subject.start(stateMachineId, launch());
    expect(subject.isRunning(executionId)).toBe(true);
    await subject.whenEnded(executionId);
    expect(subject.runningCount).toBe(0);
    expect(store.executions.getById(executionId)?.status).toBe('SUCCEEDED');
  });

  it('records nothing once closed: the execution stays RUNNING for a later server to resume', async () => {
    const subject = host(engine(() => ({ status: 'SUCCEEDED', output: '{}' })));
    subject.close();
    await subject.runChild(launch(), new AbortController().signal);
    expect(store.executions.getById(executionId)?.status).toBe('RUNNING');
    expect(store.history.all(executionId)).toEqual([]);
  });
});
