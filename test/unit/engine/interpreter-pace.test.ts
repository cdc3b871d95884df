import type { StateMachineDefinition } from '../../../src/engine';
import { runDefinition } from '../../support/run-definition';

const mapOf = (items: number): StateMachineDefinition => ({
  StartAt: 'Items',
  States: {
    Items: { Type: 'Pass', Result: Array.from({ length: items }, (_, i) => i), Next: 'Each' },
    Each: {
      Type: 'Map',
      ItemProcessor: {
        StartAt: 'Branches',
        States: {
          Branches: {
            Type: 'Parallel',
            Branches: [1, 2].map(() => ({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } })),
            Next: 'B',
          },
          B: { Type: 'Pass', End: true },
        },
      },
      End: true,
    },
  },
});

/** A pace port that always pauses for a turn, counting how often it is asked. */
function alwaysPause(): { pace: () => Promise<void>; asked: number } {
  const counter = {
    asked: 0,
    pace: () => {
      counter.asked += 1;
      return new Promise<void>((resolve) => setImmediate(resolve));
    },
  };
  return counter;
}

describe('the engine paces itself through the ports', () => {
  it('asks before each top-level state, and leaves the threads of a narrow Map and of a Parallel in AWS order', async () => {
    const port = alwaysPause();
    const paused = await runDefinition(mapOf(3), {}, { pace: port.pace });
    expect(port.asked).toBe(2);
    const plain = await runDefinition(mapOf(3));
    const shape = (events: typeof plain.events) => events.map((e) => [e.id, e.previousEventId, e.type]);
    expect(shape(paused.events)).toEqual(shape(plain.events));
  });

  it('asks before every state of every iteration of a wide Map, and waits when told to', async () => {
    const port = alwaysPause();
    const { output } = await runDefinition(mapOf(40), {}, { pace: port.pace });
    // Items and Each, then Branches and B in each of the 40 iterations; the Parallel's branches are never paused.
    expect(port.asked).toBe(2 + 40 * 2);
    expect(output).toHaveLength(40);
  });
});
