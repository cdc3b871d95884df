import { EventLog, EventThread } from '../../../src/engine/history';
import type { HistoryEvent } from '../../../src/engine';

function recorder(startAfter = 0): { events: HistoryEvent[]; log: EventLog } {
  const events: HistoryEvent[] = [];
  const log = new EventLog(
    { append: (e) => events.push(e) },
    { now: () => 42, sleep: () => Promise.resolve() },
    startAfter,
  );
  return { events, log };
}

const links = (events: HistoryEvent[]): number[][] => events.map((e) => [e.id, e.previousEventId]);

describe('EventLog', () => {
  it('numbers events from 1; the first state follows no event, as ExecutionStarted is followed by none', () => {
    const { events, log } = recorder();
    const top = new EventThread(0);
    log.append(top, { type: 'ExecutionStarted' });
    log.append(top, { type: 'PassStateEntered' });
    log.append(top, { type: 'PassStateExited' });
    expect(links(events)).toEqual([
      [1, 0],
      [2, 0],
      [3, 2],
    ]);
    expect(events.every((e) => e.timestamp === 42)).toBe(true);
  });

  it('starts an iteration after the last state of the one before and exits a Map after its last iteration end', () => {
    const { events, log } = recorder();
    const top = new EventThread(0);
    log.append(top, { type: 'MapStateEntered' }); // 1
    log.append(top, { type: 'MapStateStarted' }); // 2
    for (let i = 0; i < 2; i++) {
      const it = top.fork();
      log.append(it, { type: 'MapIterationStarted' }); // 3, 6
      log.append(it, { type: 'PassStateEntered' }); // 4, 7
      log.append(it, { type: 'MapIterationSucceeded' }); // 5, 8
      top.absorb(it);
    }
    top.settle();
    log.append(top, { type: 'MapStateSucceeded' }); // 9
    log.append(top, { type: 'MapStateExited' }); // 10
    expect(links(events).slice(2)).toEqual([
      [3, 2],
      [4, 3],
      [5, 4],
      [6, 4],
      [7, 6],
      [8, 7],
      [9, 8],
      [10, 8],
    ]);
  });

  it('points an event elsewhere when asked; the next event follows it', () => {
    const { events, log } = recorder();
    const top = new EventThread(0);
    log.append(top, { type: 'PassStateEntered' });
    log.append(top, { type: 'EvaluationFailed' }, 0);
    log.append(top, { type: 'ExecutionFailed' });
    expect(links(events)).toEqual([
      [1, 0],
      [2, 0],
      [3, 2],
    ]);
  });

  it('continues the numbering of an earlier history', () => {
    const { events, log } = recorder(7);
    log.append(new EventThread(7), { type: 'ExecutionRedriven' });
    expect(events[0]).toMatchObject({ id: 8, previousEventId: 7 });
  });
});
