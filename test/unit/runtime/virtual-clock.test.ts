import { StatesError } from '../../../src/engine/errors';
import type { Json } from '../../../src/engine/json';
import { defaultEngine } from '../../../src/runtime/engine';
import { LocalStepFunctions } from '../../../src/runtime/service';
import { VirtualClock } from '../../../src/runtime/virtual-clock';
import { Store } from '../../../src/store/store';

const DAY_MS = 24 * 3600 * 1000;

describe('VirtualClock', () => {
  it('runs a 24-hour Wait and three retries with back-off on virtual time, with virtual timestamps', async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 1));
    let attempts = 0;
    const service = new LocalStepFunctions({
      store: Store.inMemory(),
      engine: defaultEngine,
      clock,
      tasks: {
        run: () => {
          attempts++;
          return attempts <= 3
            ? Promise.reject(new StatesError('Flaky', 'try again'))
            : Promise.resolve({ ok: 1 } as Json);
        },
      },
    });
    const definition = {
      StartAt: 'Sleep',
      States: {
        Sleep: { Type: 'Wait', Seconds: 86400, Next: 'Call' },
        Call: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sqs:sendMessage',
          Retry: [{ ErrorEquals: ['Flaky'], IntervalSeconds: 60, BackoffRate: 2, MaxAttempts: 3 }],
          End: true,
        },
      },
    };
    const { stateMachineArn } = service.createStateMachine({
      name: 'slow',
      definition: JSON.stringify(definition),
      roleArn: 'arn:aws:iam::000000000000:role/r',
    });
    const { executionArn } = service.startExecution({ stateMachineArn: stateMachineArn! });
    const done = await service.waitForExecution(executionArn!);
    expect(done.status).toBe('SUCCEEDED');
    expect(attempts).toBe(4);
    // 24 h, then back-offs of 60, 120 and 240 s: virtual time moved by exactly that much.
    const events = service.getExecutionHistory({ executionArn: executionArn! }).events ?? [];
    const first = events[0]!.timestamp!.getTime();
    const last = events.at(-1)!.timestamp!.getTime();
    expect(last - first).toBe(DAY_MS + (60 + 120 + 240) * 1000);
    expect(clock.now()).toBe(Date.UTC(2026, 0, 1) + DAY_MS + 420_000);
    service.close();
  });

  it('stands still while work it is told about runs, and jumps once it ends', async () => {
    const clock = new VirtualClock(0);
    let release: () => void = () => undefined;
    const work = clock.during(new Promise<void>((resolve) => (release = resolve)));
    let woke = false;
    const sleeping = clock.sleep(5000).then(() => (woke = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(woke).toBe(false);
    expect(clock.now()).toBe(0);
    release();
    await work;
    await sleeping;
    expect(clock.now()).toBe(5000);
  });

  it('fires timers in deadline order and drops aborted ones', async () => {
    const clock = new VirtualClock(0);
    const order: number[] = [];
    const controller = new AbortController();
    const aborted = clock.sleep(10, controller.signal).catch(() => order.push(-1));
    controller.abort(new Error('stop'));
    await Promise.all([
      clock.sleep(300).then(() => order.push(300)),
      clock.sleep(100).then(() => order.push(100)),
      aborted,
    ]);
    expect(order).toEqual([-1, 100, 300]);
    expect(clock.pendingTimers).toBe(0);
  });
});
