import { EventLog, EventThread } from '../../../src/engine/history';
import type { HistoryEvent } from '../../../src/engine';

describe('EventLog', () => {
  it('numbers events from 1 and links each to the previous event of its thread', () => {
    const events: HistoryEvent[] = [];
    const log = new EventLog({ append: (e) => events.push(e) }, { now: () => 42, sleep: () => Promise.resolve() });
    const top = new EventThread(0);
    log.append(top, { type: 'ExecutionStarted' });
    log.append(top, { type: 'ParallelStateEntered' });
    const a = top.fork();
    const b = top.fork();
    log.append(a, { type: 'PassStateEntered' });
    log.append(b, { type: 'PassStateEntered' });
    log.append(a, { type: 'PassStateExited' });
    top.join([a, b]);
    log.append(top, { type: 'ParallelStateSucceeded' });
    expect(events.map((e) => [e.id, e.previousEventId])).toEqual([
      [1, 0],
      [2, 1],
      [3, 2],
      [4, 2],
      [5, 3],
      [6, 5],
    ]);
    expect(events.every((e) => e.timestamp === 42)).toBe(true);
  });

  it('continues the numbering of an earlier history', () => {
    const events: HistoryEvent[] = [];
    const log = new EventLog({ append: (e) => events.push(e) }, { now: () => 0, sleep: () => Promise.resolve() }, 7);
    log.append(new EventThread(7), { type: 'ExecutionRedriven' });
    expect(events[0]).toMatchObject({ id: 8, previousEventId: 7 });
  });
});
