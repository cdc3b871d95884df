import { parseChaos, SpotChaos } from '../../../src/integrations/chaos';

describe('Spot chaos', () => {
  it('parses --chaos', () => {
    expect(parseChaos('spot-interruption=0.1')).toEqual({ spotInterruption: 0.1 });
    expect(parseChaos('spot-interruption=0.1, event-target-throttling=1')).toEqual({
      spotInterruption: 0.1,
      eventTargetThrottling: 1,
    });
    expect(() => parseChaos('event-target-throttling=x')).toThrow(/event-target-throttling must be a probability/);
    expect(() => parseChaos('spot-interruption=2')).toThrow(/probability from 0 to 1, got '2'/);
    expect(() => parseChaos('disk-full=1')).toThrow(/unknown fault 'disk-full'/);
  });

  it('interrupts the drawn share of tasks, within the typical run time of their family', () => {
    const draws = [0.05, 0.5, 0.2, 0.1];
    const chaos = new SpotChaos({ spotInterruption: 0.1, random: () => draws.shift() ?? 0.99 });
    expect(chaos.interruptionDelay('ocr')).toBe(500); // 0.05 < 0.1, then 0.5 × 1000 ms
    expect(chaos.interruptionDelay('ocr')).toBeUndefined(); // 0.2 ≥ 0.1
    chaos.observe('ocr', 10_000);
    draws.push(0.01, 0.25);
    expect(chaos.interruptionDelay('ocr')).toBeUndefined(); // 0.1 is not < 0.1
    expect(chaos.interruptionDelay('ocr')).toBe(2500);
  });

  it('never interrupts without chaos', () => {
    expect(new SpotChaos().interruptionDelay('ocr')).toBeUndefined();
  });
});
