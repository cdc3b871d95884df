import { StatesError } from '../../../src/engine/errors';
import { HEARTBEAT, RetryTracker, errorMatches, findCatcher } from '../../../src/engine/retry';

const err = (name: string | null): StatesError => new StatesError(name, 'cause');

describe('errorMatches', () => {
  it('matches names exactly and case-sensitively', () => {
    expect(errorMatches(['MyError'], err('MyError'))).toBe(true);
    expect(errorMatches(['myerror'], err('MyError'))).toBe(false);
  });

  it('lets States.ALL match anything but States.Runtime and States.DataLimitExceeded', () => {
    expect(errorMatches(['States.ALL'], err('Whatever'))).toBe(true);
    expect(errorMatches(['States.ALL'], err('States.Timeout'))).toBe(true);
    expect(errorMatches(['States.ALL'], err(null))).toBe(true);
    expect(errorMatches(['States.ALL'], err('States.Runtime'))).toBe(false);
    expect(errorMatches(['States.ALL'], err('States.DataLimitExceeded'))).toBe(false);
  });

  it('never matches States.Runtime, even by name', () => {
    expect(errorMatches(['States.Runtime'], err('States.Runtime'))).toBe(false);
  });

  it('matches States.DataLimitExceeded only by name', () => {
    expect(errorMatches(['States.DataLimitExceeded'], err('States.DataLimitExceeded'))).toBe(true);
    expect(errorMatches(['States.TaskFailed'], err('States.DataLimitExceeded'))).toBe(false);
  });

  it('treats States.TaskFailed as a wildcard for everything except States.Timeout', () => {
    expect(errorMatches(['States.TaskFailed'], err('Custom.Error'))).toBe(true);
    expect(errorMatches(['States.TaskFailed'], err('States.Timeout'))).toBe(false);
  });

  it('lets States.HeartbeatTimeout match a States.Timeout raised by a missed heartbeat', () => {
    const heartbeat = err('States.Timeout');
    (heartbeat as unknown as Record<symbol, boolean>)[HEARTBEAT] = true;
    expect(errorMatches(['States.HeartbeatTimeout'], heartbeat)).toBe(true);
    expect(errorMatches(['States.HeartbeatTimeout'], err('States.Timeout'))).toBe(false);
  });
});

describe('RetryTracker', () => {
  it('backs off by IntervalSeconds × BackoffRate^n and stops after MaxAttempts', () => {
    const t = new RetryTracker([{ ErrorEquals: ['E'], IntervalSeconds: 3, BackoffRate: 2, MaxAttempts: 3 }]);
    const delays = [1, 2, 3, 4].map(() => t.nextDelay(err('E'), () => 0.5));
    expect(delays).toEqual([3000, 6000, 12000, undefined]);
    expect(t.retryCount).toBe(3);
  });

  it('uses the defaults 1 s, rate 2.0, 3 attempts', () => {
    const t = new RetryTracker([{ ErrorEquals: ['E'] }]);
    expect([1, 2, 3, 4].map(() => t.nextDelay(err('E'), () => 0))).toEqual([1000, 2000, 4000, undefined]);
  });

  it('caps delays at MaxDelaySeconds', () => {
    const t = new RetryTracker([
      { ErrorEquals: ['E'], IntervalSeconds: 10, BackoffRate: 10, MaxAttempts: 4, MaxDelaySeconds: 60 },
    ]);
    expect([1, 2, 3].map(() => t.nextDelay(err('E'), () => 0))).toEqual([10000, 60000, 60000]);
  });

  it('randomises each delay between 0 and the computed value with JitterStrategy FULL', () => {
    const t = new RetryTracker([{ ErrorEquals: ['E'], IntervalSeconds: 10, JitterStrategy: 'FULL' }]);
    expect(t.nextDelay(err('E'), () => 0.25)).toBe(2500);
    expect(t.nextDelay(err('E'), () => 0.5)).toBe(10000);
  });

  it('never retries with MaxAttempts 0', () => {
    const t = new RetryTracker([{ ErrorEquals: ['E'], MaxAttempts: 0 }]);
    expect(t.nextDelay(err('E'), () => 0)).toBeUndefined();
  });

  it('sends an error matching an exhausted retrier to the catchers, not to a later retrier', () => {
    const t = new RetryTracker([
      { ErrorEquals: ['E'], MaxAttempts: 1 },
      { ErrorEquals: ['States.ALL'], MaxAttempts: 5 },
    ]);
    expect(t.nextDelay(err('E'), () => 0)).toBe(1000);
    expect(t.nextDelay(err('E'), () => 0)).toBeUndefined();
    expect(t.nextDelay(err('Other'), () => 0)).toBe(1000);
  });

  it('counts attempts per retrier', () => {
    const t = new RetryTracker([
      { ErrorEquals: ['A'], MaxAttempts: 1 },
      { ErrorEquals: ['B'], MaxAttempts: 1 },
    ]);
    expect(t.nextDelay(err('A'), () => 0)).toBe(1000);
    expect(t.nextDelay(err('B'), () => 0)).toBe(1000);
    expect(t.nextDelay(err('A'), () => 0)).toBeUndefined();
  });
});

describe('findCatcher', () => {
  it('takes the first catcher that matches, in order', () => {
    const catchers = [
      { ErrorEquals: ['A'], Next: 'first' },
      { ErrorEquals: ['States.ALL'], Next: 'second' },
    ];
    expect(findCatcher(catchers, err('A'))?.Next).toBe('first');
    expect(findCatcher(catchers, err('B'))?.Next).toBe('second');
    expect(findCatcher(catchers, err('States.Runtime'))).toBeUndefined();
  });
});
