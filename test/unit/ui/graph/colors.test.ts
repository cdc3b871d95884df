import { PAGE_BACKGROUND, STATUS_COLORS, contrastRatio, relativeLuminance } from '../../../../src/ui/graph/colors';
import { STATE_STATUSES } from '../../../../src/ui/graph/status';

describe('status colours', () => {
  test('the WCAG formula', () => {
    expect(relativeLuminance('#ffffff')).toBeCloseTo(1);
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  test.each(STATE_STATUSES)('%s: text on its fill meets WCAG AA (4.5:1), its border 3:1 on the page', (status) => {
    const c = STATUS_COLORS[status];
    expect(contrastRatio(c.text, c.fill)).toBeGreaterThanOrEqual(4.5);
    // The same text on the page itself (badges' borders, a container's lightened tint).
    expect(contrastRatio(c.text, PAGE_BACKGROUND)).toBeGreaterThanOrEqual(4.5);
    expect(contrastRatio(c.stroke, PAGE_BACKGROUND)).toBeGreaterThanOrEqual(3);
  });

  test('every status has its own fill', () => {
    expect(new Set(STATE_STATUSES.map((s) => STATUS_COLORS[s].fill)).size).toBe(STATE_STATUSES.length);
  });
});
