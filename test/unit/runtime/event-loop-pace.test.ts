import { eventLoopPacer } from '../../../src/runtime/event-loop-pace';

/** Counts turns of the event loop: one `setImmediate` chain, stopped by the returned function. */
function turnCounter(): { readonly turn: number; stop(): void } {
  const counter = { turn: 0, stopped: false };
  const tick = (): void => {
    if (counter.stopped) return;
    counter.turn += 1;
    setImmediate(tick);
  };
  setImmediate(tick);
  return {
    get turn() {
      return counter.turn;
    },
    stop: () => (counter.stopped = true),
  };
}

/** A line of states that settle in microtasks only; each costs 1 ms on the fake clock. */
async function runStates(
  count: number,
  pace: () => Promise<void> | undefined,
  clock: { ms: number },
  onState: () => void,
) {
  for (let i = 0; i < count; i++) {
    const pause = pace();
    if (pause !== undefined) await pause;
    clock.ms += 1;
    onState();
  }
}

describe('eventLoopPacer', () => {
  it('lets the event loop turn once a slice of engine work is spent', async () => {
    const clock = { ms: 0 };
    const pace = eventLoopPacer(() => clock.ms);
    const turns = turnCounter();
    const turnOfState: number[] = [];
    await runStates(100, pace, clock, () => turnOfState.push(turns.turn));
    turns.stop();
    // Without pacing, all 100 states would run in the turn they started in.
    expect(turnOfState.at(-1)).toBeGreaterThan(15);
    const perTurn = new Map<number, number>();
    for (const turn of turnOfState) perTurn.set(turn, (perTurn.get(turn) ?? 0) + 1);
    expect(Math.max(...perTurn.values())).toBeLessThanOrEqual(5);
  });

  it('lets waiting executions go a few at a time, not all in the next turn', async () => {
    const clock = { ms: 0 };
    const pace = eventLoopPacer(() => clock.ms);
    const turns = turnCounter();
    const perTurn = new Map<number, number>();
    const count = () => perTurn.set(turns.turn, (perTurn.get(turns.turn) ?? 0) + 1);
    await Promise.all(Array.from({ length: 50 }, () => runStates(10, pace, clock, count)));
    turns.stop();
    expect([...perTurn.values()].reduce((a, b) => a + b, 0)).toBe(500);
    // 50 executions each waiting for their next state: letting them all go at once would run 50 states in a turn.
    expect(Math.max(...perTurn.values())).toBeLessThanOrEqual(10);
  });

  it('does not pause work that stays inside its slice', () => {
    const clock = { ms: 0 };
    const pace = eventLoopPacer(() => clock.ms);
    for (let i = 0; i < 3; i++) {
      expect(pace()).toBeUndefined();
      clock.ms += 1;
    }
    clock.ms += 10;
    expect(pace()).toBeInstanceOf(Promise);
  });
});
