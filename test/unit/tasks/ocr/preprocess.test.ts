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

  it('downscales a scan over 400 dpi to 250 dpi, and leaves one at 400 alone', () => {
    const plan = planScale({ width: 4962, height: 7014, density: 600 }, all);
    expect(plan.scale).toBeCloseTo(250 / 600);
    expect(planScale({ width: 3307, height: 4677, density: 400 }, all).scale).toBe(1);
    expect(planScale({ width: 4962, height: 7014, density: 600 }, { ...all, downscale: false }).scale).toBe(1);
  });

  it('estimates the resolution from the page size when the metadata is missing or says 72', () => {
    expect(planScale({ width: 1240, height: 1754 }, all).dpi).toBeCloseTo(1240 / 8.4);
    expect(planScale({ width: 2481, height: 3507, density: 72 }, all)).toEqual({ dpi: 2481 / 8.4, scale: 1 });
  });

  it('does not believe a stated resolution that would make the page wider than a sheet of paper', () => {
    // A 4961 × 7016 receipt stored at 96 dpi would be 52 inches across.
    const plan = planScale({ width: 4961, height: 7016, density: 96 }, all);
    expect(plan.dpi).toBeCloseTo(4961 / 8.4);
    expect(plan.scale).toBeCloseTo(250 / (4961 / 8.4));
    expect(planScale({ width: 807, height: 2033, density: 96 }, all).dpi).toBe(96);
  });

  it('takes a JPEG shrink-on-load factor when the scale is within 5 % of one', () => {
    expect(planScale({ width: 4200, height: 6000, density: 490 }, all).scale).toBe(0.5);
    expect(planScale({ width: 9600, height: 12000, density: 1000 }, all).scale).toBe(0.25);
    expect(planScale({ width: 4200, height: 6000, density: 600 }, all).scale).toBeCloseTo(250 / 600);
  });
});
