import { runDefinition } from '../../../support/run-definition';
import { VirtualClock } from '../../../support/virtual-clock';

describe('Wait', () => {
  it('waits Seconds on the clock without sleeping the test', async () => {
    const clock = new VirtualClock();
    const start = clock.now();
    const r = await runDefinition(
      { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 3600, End: true } } },
      {},
      { clock },
    );
    expect(r.outcome.status).toBe('SUCCEEDED');
    expect(clock.now() - start).toBe(3600_000);
  });

  it('waits until a TimestampPath and does not wait for a past timestamp', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 1));
    await runDefinition(
      { StartAt: 'W', States: { W: { Type: 'Wait', TimestampPath: '$.at', End: true } } },
      { at: '2026-01-01T00:10:00Z' },
      { clock },
    );
    expect(clock.now()).toBe(Date.UTC(2026, 0, 1, 0, 10));
    const r = await runDefinition(
      { StartAt: 'W', States: { W: { Type: 'Wait', Timestamp: '2000-01-01T00:00:00Z', End: true } } },
      {},
      { clock },
    );
    expect(r.outcome.status).toBe('SUCCEEDED');
  });

  it('rejects negative and fractional SecondsPath values with AWS’s messages', async () => {
    const def = { StartAt: 'W', States: { W: { Type: 'Wait' as const, SecondsPath: '$.s', End: true } } };
    const negative = await runDefinition(def, { s: -1 });
    expect(negative.outcome).toMatchObject({
      error: 'States.Runtime',
      cause: expect.stringContaining('The SecondsPath parameter references a negative value: $.s == -1'),
    });
    const fractional = await runDefinition(def, { s: 1.5 });
    expect(fractional.outcome).toMatchObject({
      cause: expect.stringContaining('The SecondsPath parameter cannot be parsed as a long value: $.s == 1.5'),
    });
  });

  it('rejects a JSONata Timestamp that is not ISO-8601 with States.QueryEvaluationError', async () => {
    const r = await runDefinition({
      QueryLanguage: 'JSONata',
      StartAt: 'W',
      States: { W: { Type: 'Wait', Timestamp: '2016-12-05 21:29:29Z', End: true } },
    });
    expect(r.outcome).toMatchObject({ error: 'States.QueryEvaluationError' });
  });

  it('is stopped by StopExecution mid-wait', async () => {
    const clock = new VirtualClock(undefined, false);
    const controller = new AbortController();
    const { Halt } = await import('../../../../src/engine');
    const pending = runDefinition(
      { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 60, End: true } } },
      {},
      { clock, signal: controller.signal },
    );
    await new Promise((r) => setImmediate(r));
    controller.abort(new Halt('stop', 'Stopped.Err', 'by test'));
    const r = await pending;
    expect(r.outcome).toEqual({ status: 'ABORTED', error: 'Stopped.Err', cause: 'by test' });
    expect(r.events.at(-1)?.type).toBe('ExecutionAborted');
  });

  it('times the execution out after its TimeoutSeconds', async () => {
    const r = await runDefinition({
      TimeoutSeconds: 5,
      StartAt: 'W',
      States: { W: { Type: 'Wait', Seconds: 60, End: true } },
    });
    // As on AWS, neither the outcome nor the event names an error or a cause.
    expect(r.outcome).toEqual({ status: 'TIMED_OUT' });
    expect(r.events.at(-1)).toMatchObject({ type: 'ExecutionTimedOut' });
    expect(r.events.at(-1)?.executionTimedOutEventDetails).toBeUndefined();
  });
});

describe('StopExecution reasons', () => {
  it('accepts a plain StopReason {error, cause} as the abort reason', async () => {
    const clock = new VirtualClock(undefined, false);
    const controller = new AbortController();
    const pending = runDefinition(
      { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 60, End: true } } },
      {},
      { clock, signal: controller.signal },
    );
    await new Promise((r) => setImmediate(r));
    controller.abort({ error: 'Operator', cause: 'stopped from the console' });
    expect((await pending).outcome).toEqual({
      status: 'ABORTED',
      error: 'Operator',
      cause: 'stopped from the console',
    });
  });
});
