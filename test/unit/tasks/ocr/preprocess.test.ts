import { planScale } from '../../../../tasks/ocr/preprocess';

const all = { upscale: true, downscale: true };

describe('planScale', () => {
  it('leaves a 300 dpi scan alone', () => {
    expect(planScale({ width: 2481, height: 3507, density: 300 }, all)).toEqual({ dpi: 300, scale: 1 });
  });

  it('upscales a low-resolution scan towards 300 dpi, at most 2×', () => {
    expect(planScale({ width: 1240, height: 1754, density: 150 }, all)).toEqual({ dpi: 150, scale: 2 });
    expect(planScale({ width: 827, height: 1169, density: 100 }, all).scale).toBe(2);
    expect(planScale({ width: 1240, height: 1754, density: 150 }, { ...all, upscale: false }).scale).toBe(1);
  });

  it('downscales an oversized scan to 300 dpi', () => {
    const plan = planScale({ width: 4962, height: 7014, density: 600 }, all);
    expect(plan.scale).toBeCloseTo(0.5);
    expect(planScale({ width: 4962, height: 7014, density: 600 }, { ...all, downscale: false }).scale).toBe(1);
  });

  it('estimates the resolution from the page size when the metadata is missing or says 72', () => {
    expect(planScale({ width: 1240, height: 1754 }, all).dpi).toBeCloseTo(1240 / 8.4);
    expect(planScale({ width: 2481, height: 3507, density: 72 }, all)).toEqual({ dpi: 2481 / 8.4, scale: 1 });
  });
});
